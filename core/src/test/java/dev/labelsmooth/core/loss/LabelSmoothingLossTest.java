package dev.labelsmooth.core.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelSmoothingLossTest {

    /** 1e-5 relative, as the foundation issue asks; expressed in percent for AssertJ. */
    private static final double REL = 1e-3;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void paperValueForTrueProbability019IsMinusLog019() {
        assertThat(lossForTrueProbability(0.19)).isCloseTo(1.6607, within(5e-5));
    }

    @Test
    void paperValueForTrueProbability091IsMinusLog091() {
        assertThat(lossForTrueProbability(0.91)).isCloseTo(0.0943, within(5e-5));
    }

    @Test
    void smoothedValueMatchesHandComputation() {
        // K=3, gamma=0.8: q = (0.8, 0.1, 0.1); logits (0, 0, 0) give log p = -ln 3 everywhere.
        NDArray logits = manager.zeros(new Shape(1, 3));
        NDArray label = manager.create(new float[] {0f});
        double loss =
                LabelSmoothingLoss.ofGamma(0.8)
                        .evaluate(new NDList(label), new NDList(logits))
                        .getFloat();
        assertThat(loss).isCloseTo(Math.log(3), withinPercentage(REL));

        // logits (2, 0) for K=2, gamma=0.75: log p = (2 - lse, -lse), lse = ln(e^2 + 1).
        NDArray two = manager.create(new float[] {2f, 0f}, new Shape(1, 2));
        double lse = Math.log(Math.exp(2) + 1);
        double expected = -(0.75 * (2 - lse) + 0.25 * (-lse));
        double got =
                LabelSmoothingLoss.ofGamma(0.75)
                        .evaluate(new NDList(manager.create(new int[] {0})), new NDList(two))
                        .getFloat();
        assertThat(got).isCloseTo(expected, withinPercentage(REL));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 10, 100, 1000})
    void sparseLossMatchesDoublePrecisionReference(int k) {
        Batch b = randomBatch(64, k, 7L + k);
        double gamma = 1.0 / k + (1 - 1.0 / k) * 0.6;
        double expected = reference(b, gamma);
        double got =
                LabelSmoothingLoss.ofGamma(gamma)
                        .evaluate(new NDList(b.labels), new NDList(b.logits))
                        .getFloat();
        assertThat(got).isCloseTo(expected, withinPercentage(REL));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 10, 1000})
    void denseLossMatchesDoublePrecisionReference(int k) {
        Batch b = randomBatch(32, k, 11L + k);
        double gamma = 1.0 / k + (1 - 1.0 / k) * 0.7;
        NDArray oneHot = b.labels.oneHot(k);
        double got =
                LabelSmoothingLoss.ofGamma(gamma)
                        .evaluate(new NDList(oneHot), new NDList(b.logits))
                        .getFloat();
        assertThat(got).isCloseTo(reference(b, gamma), withinPercentage(REL));
    }

    @Test
    void denseSoftLabelsAreMixedWithUniform() {
        NDArray logits = manager.create(new float[] {1f, -1f, 0.5f, 0f, 2f, -3f}, new Shape(2, 3));
        float[] soft = {0.5f, 0.5f, 0f, 0.2f, 0.3f, 0.5f};
        NDArray labels = manager.create(soft, new Shape(2, 3));
        double eps = 0.3;
        double[] lp = logSoftmax(logits.toFloatArray(), 3);
        double expected = 0;
        for (int i = 0; i < 6; i++) {
            expected -= ((1 - eps) * soft[i] + eps / 3) * lp[i];
        }
        expected /= 2;
        double got =
                LabelSmoothingLoss.ofEpsilon(eps)
                        .evaluate(new NDList(labels), new NDList(logits))
                        .getFloat();
        assertThat(got).isCloseTo(expected, withinPercentage(REL));
    }

    @Test
    void gammaOneEqualsSoftmaxCrossEntropy() {
        Batch b = randomBatch(128, 10, 3L);
        float ours =
                LabelSmoothingLoss.ofGamma(1.0)
                        .evaluate(new NDList(b.labels), new NDList(b.logits))
                        .getFloat();
        float djl =
                Loss.softmaxCrossEntropyLoss()
                        .evaluate(new NDList(b.labels), new NDList(b.logits))
                        .getFloat();
        assertThat(ours).isCloseTo(djl, within(1e-6f * Math.max(1f, Math.abs(djl))));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 10, 100})
    void epsilonFormEqualsGammaFormUnderMapping(int k) {
        Batch b = randomBatch(32, k, 5L);
        double gamma = 1.0 / k + (1 - 1.0 / k) * 0.5;
        double eps = (1 - gamma) * k / (k - 1);
        float byGamma =
                LabelSmoothingLoss.ofGamma(gamma)
                        .evaluate(new NDList(b.labels), new NDList(b.logits))
                        .getFloat();
        float byEps =
                LabelSmoothingLoss.ofEpsilon(eps)
                        .evaluate(new NDList(b.labels), new NDList(b.logits))
                        .getFloat();
        assertThat(byEps).isCloseTo(byGamma, withinPercentage(REL));
        assertThat(LabelSmoothingLoss.ofEpsilon(eps).gamma(k)).isCloseTo(gamma, within(1e-12));
        assertThat(LabelSmoothingLoss.ofGamma(gamma).epsilon(k)).isCloseTo(eps, within(1e-12));
    }

    @Test
    void denseOneHotEqualsSparse() {
        Batch b = randomBatch(50, 10, 9L);
        LabelSmoothingLoss loss = LabelSmoothingLoss.ofGamma(0.7);
        float sparse = loss.evaluate(new NDList(b.labels), new NDList(b.logits)).getFloat();
        float dense =
                loss.evaluate(new NDList(b.labels.oneHot(10)), new NDList(b.logits)).getFloat();
        assertThat(dense).isCloseTo(sparse, withinPercentage(REL));
    }

    @Test
    void acceptsColumnLabelsAndAnyNumericType() {
        Batch b = randomBatch(16, 10, 13L);
        LabelSmoothingLoss loss = LabelSmoothingLoss.ofGamma(0.9);
        float base = loss.evaluate(new NDList(b.labels), new NDList(b.logits)).getFloat();
        for (DataType type :
                new DataType[] {
                    DataType.INT32,
                    DataType.INT64,
                    DataType.FLOAT32,
                    DataType.FLOAT64,
                    DataType.UINT8
                }) {
            NDArray typed = b.labels.toType(type, true);
            assertThat(loss.evaluate(new NDList(typed), new NDList(b.logits)).getFloat())
                    .as("%s", type)
                    .isEqualTo(base);
            assertThat(
                            loss.evaluate(new NDList(typed.reshape(16, 1)), new NDList(b.logits))
                                    .getFloat())
                    .as("%s column", type)
                    .isEqualTo(base);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 5, 300})
    void gradientWithRespectToLogitsIsSoftmaxMinusTargetOverBatch(int k) {
        int batch = 8;
        double gamma = 1.0 / k + (1 - 1.0 / k) * 0.55;
        Batch b = randomBatch(batch, k, 21L);
        NDArray logits = b.logits;
        logits.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss =
                    LabelSmoothingLoss.ofGamma(gamma)
                            .evaluate(new NDList(b.labels), new NDList(logits));
            collector.backward(loss);
        }
        float[] grad = logits.getGradient().toFloatArray();
        double[] lp = logSoftmax(logits.toFloatArray(), k);
        int[] y = b.labels.toType(DataType.INT32, false).toIntArray();
        double off = (1 - gamma) / (k - 1);
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < k; j++) {
                double q = j == y[i] ? gamma : off;
                double expected = (Math.exp(lp[i * k + j]) - q) / batch;
                assertThat((double) grad[i * k + j])
                        .as("d/dz[%d,%d]", i, j)
                        .isCloseTo(expected, within(1e-6));
            }
        }
    }

    @Test
    void extremeLogitsStayFinite() {
        NDArray logits =
                manager.create(new float[] {1000f, -1000f, 0f, 80f, 90f, -80f}, new Shape(2, 3));
        NDArray labels = manager.create(new int[] {1, 2});
        float loss =
                LabelSmoothingLoss.ofGamma(0.9)
                        .evaluate(new NDList(labels), new NDList(logits))
                        .getFloat();
        assertThat(loss).isFinite().isPositive();
    }

    @Test
    void rejectsGammaAtOrBelowOneOverK() {
        assertThatThrownBy(
                        () -> LabelSmoothingLoss.builder().optGamma(0.05).optNumClasses(10).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gamma must be in (1/K, 1] = (0.1, 1] for K=10, got 0.05");
        assertThatThrownBy(
                        () -> LabelSmoothingLoss.builder().optGamma(0.1).optNumClasses(10).build())
                .hasMessageContaining("got 0.1")
                .hasMessageContaining("K=10");
    }

    @Test
    void rejectsGammaTooSmallForTheLogitsK() {
        Batch b = randomBatch(4, 2, 1L);
        LabelSmoothingLoss loss = LabelSmoothingLoss.ofGamma(0.4);
        assertThatThrownBy(() -> loss.evaluate(new NDList(b.labels), new NDList(b.logits)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gamma must be in (1/K, 1] = (0.5, 1] for K=2, got 0.4");
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0001, 2, 0, -0.5, Double.NaN})
    void rejectsGammaOutsideZeroOne(double gamma) {
        assertThatThrownBy(() -> LabelSmoothingLoss.ofGamma(gamma))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gamma must be in (1/K, 1]")
                .hasMessageEndingWith("got " + dev.labelsmooth.core.Checks.format(gamma));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1, -0.1, Double.NaN, 1.5})
    void rejectsEpsilonOutsideZeroOne(double eps) {
        assertThatThrownBy(() -> LabelSmoothingLoss.ofEpsilon(eps))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("epsilon must be in [0, 1)")
                .hasMessageContaining(dev.labelsmooth.core.Checks.format(eps));
    }

    @Test
    void rejectsBothGammaAndEpsilon() {
        assertThatThrownBy(() -> LabelSmoothingLoss.builder().optGamma(0.9).optEpsilon(0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gamma=0.9");
    }

    @Test
    void rejectsLabelOutsideClassRange() {
        Batch b = randomBatch(4, 10, 2L);
        NDArray labels = manager.create(new int[] {1, 10, 3, 4});
        assertThatThrownBy(
                        () ->
                                LabelSmoothingLoss.ofGamma(0.9)
                                        .evaluate(new NDList(labels), new NDList(b.logits)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label 1 must be a class index in [0, 10) for K=10, got 10");
        NDArray negative = manager.create(new float[] {0, 1, -1, 2});
        assertThatThrownBy(
                        () ->
                                LabelSmoothingLoss.ofGamma(0.9)
                                        .evaluate(new NDList(negative), new NDList(b.logits)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 2")
                .hasMessageContaining("got -1");
    }

    @Test
    void rejectsLabelShapeMismatch() {
        Batch b = randomBatch(4, 10, 2L);
        NDArray labels = manager.create(new int[] {1, 2, 3});
        assertThatThrownBy(
                        () ->
                                LabelSmoothingLoss.ofGamma(0.9)
                                        .evaluate(new NDList(labels), new NDList(b.logits)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels must be of shape (B)=(4)")
                .hasMessageContaining("got (3)");
    }

    @Test
    void rejectsSingleClassAndNonMatrixLogits() {
        NDArray one = manager.zeros(new Shape(4, 1));
        assertThatThrownBy(
                        () ->
                                LabelSmoothingLoss.ofGamma(1)
                                        .evaluate(
                                                new NDList(manager.zeros(new Shape(4))),
                                                new NDList(one)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("number of classes K must be >= 2, got 1");
        NDArray cube = manager.zeros(new Shape(2, 3, 4));
        assertThatThrownBy(
                        () ->
                                LabelSmoothingLoss.ofGamma(1)
                                        .evaluate(
                                                new NDList(manager.zeros(new Shape(2))),
                                                new NDList(cube)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(2, 3, 4)");
    }

    @Test
    void rejectsLogitsWithOtherKThanBuiltFor() {
        Batch b = randomBatch(4, 5, 2L);
        LabelSmoothingLoss loss =
                LabelSmoothingLoss.builder().optGamma(0.9).optNumClasses(10).build();
        assertThatThrownBy(() -> loss.evaluate(new NDList(b.labels), new NDList(b.logits)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("number of classes K must be 10 as built with optNumClasses, got 5");
    }

    @Test
    void readsBackGammaAndEpsilon() {
        assertThat(LabelSmoothingLoss.ofGamma(0.9).gamma()).isEqualTo(0.9);
        assertThat(LabelSmoothingLoss.ofGamma(0.9).epsilon(10)).isCloseTo(1.0 / 9, within(1e-12));
        assertThat(LabelSmoothingLoss.builder().optEpsilon(0.1).optNumClasses(10).build().gamma())
                .isCloseTo(0.91, within(1e-12));
        assertThat(LabelSmoothingLoss.builder().build().gamma()).isEqualTo(1.0);
        assertThatThrownBy(() -> LabelSmoothingLoss.ofEpsilon(0.1).gamma())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("epsilon=0.1");
        LabelSmoothingLoss renamed =
                LabelSmoothingLoss.ofGamma(0.8).toBuilder().optName("smoothed").build();
        assertThat(renamed.getName()).isEqualTo("smoothed");
        assertThat(renamed.gamma()).isEqualTo(0.8);
    }

    // ---------------------------------------------------------------- helpers

    private double lossForTrueProbability(double p) {
        int k = 10;
        float[] logits = new float[k];
        Arrays.fill(logits, (float) Math.log((1 - p) / (k - 1)));
        logits[3] = (float) Math.log(p);
        NDArray z = manager.create(logits, new Shape(1, k));
        return LabelSmoothingLoss.ofGamma(1)
                .evaluate(new NDList(manager.create(new long[] {3})), new NDList(z))
                .getFloat();
    }

    private record Batch(NDArray logits, NDArray labels, float[] z, int[] y, int k) {}

    private Batch randomBatch(int batch, int k, long seed) {
        Random random = new Random(seed);
        float[] z = new float[batch * k];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (3 * random.nextGaussian());
        }
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = random.nextInt(k);
        }
        return new Batch(manager.create(z, new Shape(batch, k)), manager.create(y), z, y, k);
    }

    /** Independent double-precision reference: builds the full target q and sums -q log p. */
    private static double reference(Batch b, double gamma) {
        int k = b.k;
        int batch = b.y.length;
        double[] lp = logSoftmax(b.z, k);
        double total = 0;
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < k; j++) {
                double q = j == b.y[i] ? gamma : (1 - gamma) / (k - 1);
                total -= q * lp[i * k + j];
            }
        }
        return total / batch;
    }

    private static double[] logSoftmax(float[] z, int k) {
        double[] out = new double[z.length];
        for (int row = 0; row < z.length / k; row++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, z[row * k + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(z[row * k + j] - max);
            }
            double lse = max + Math.log(sum);
            for (int j = 0; j < k; j++) {
                out[row * k + j] = z[row * k + j] - lse;
            }
        }
        return out;
    }
}
