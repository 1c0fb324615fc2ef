package dev.labelsmooth.core.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The confidence penalty -β H(p) of Pereyra et al., checked against closed forms. */
class ConfidencePenaltyTest {

    private static final float[] LOGITS = {2.0f, -1.0f, 0.5f, 0.0f, 1.5f, 1.5f, -0.5f, 3.0f, 0.2f};
    private static final float[] LABELS = {0, 2, 1};
    private static final int B = 3;
    private static final int K = 3;

    /** Softmax of row i in double precision. */
    private static double[] softmax(int i) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < K; j++) {
            max = Math.max(max, LOGITS[i * K + j]);
        }
        double sum = 0;
        double[] p = new double[K];
        for (int j = 0; j < K; j++) {
            p[j] = Math.exp(LOGITS[i * K + j] - max);
            sum += p[j];
        }
        for (int j = 0; j < K; j++) {
            p[j] /= sum;
        }
        return p;
    }

    private static double entropy(double[] p) {
        double h = 0;
        for (double v : p) {
            h -= v * Math.log(v);
        }
        return h;
    }

    private static float loss(LabelSmoothingLoss loss) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(LOGITS, new Shape(B, K));
            return loss.evaluate(new NDList(m.create(LABELS)), new NDList(logits)).getFloat();
        }
    }

    @Test
    void betaZeroIsTheSmoothedLossExactly() {
        LabelSmoothingLoss plain = LabelSmoothingLoss.ofGamma(0.9);
        LabelSmoothingLoss zero =
                LabelSmoothingLoss.builder().optGamma(0.9).optConfidencePenalty(0).build();
        assertThat(loss(zero)).isEqualTo(loss(plain));
    }

    @Test
    void penaltyIsMinusBetaTimesTheMeanEntropy() {
        double meanEntropy = 0;
        for (int i = 0; i < B; i++) {
            meanEntropy += entropy(softmax(i)) / B;
        }
        for (double beta : new double[] {0.1, 0.5, 2.0}) {
            LabelSmoothingLoss penalised =
                    LabelSmoothingLoss.builder().optGamma(0.9).optConfidencePenalty(beta).build();
            double difference = loss(penalised) - loss(LabelSmoothingLoss.ofGamma(0.9));
            assertThat(difference).as("beta %s", beta).isCloseTo(-beta * meanEntropy, within(1e-5));
        }
    }

    @Test
    void gradientOfThePenaltyIsBetaPTimesLogPPlusEntropyOverB() {
        double beta = 0.7;
        float[] withPenalty =
                gradient(LabelSmoothingLoss.builder().optConfidencePenalty(beta).build());
        float[] without = gradient(LabelSmoothingLoss.ofGamma(1));
        for (int i = 0; i < B; i++) {
            double[] p = softmax(i);
            double h = entropy(p);
            for (int j = 0; j < K; j++) {
                // d(-β H)/dz_j = β p_j (log p_j + H), averaged over the batch.
                double expected = beta * p[j] * (Math.log(p[j]) + h) / B;
                assertThat((double) withPenalty[i * K + j] - without[i * K + j])
                        .as("row %d class %d", i, j)
                        .isCloseTo(expected, within(1e-6));
            }
        }
    }

    private static float[] gradient(LabelSmoothingLoss loss) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(LOGITS, new Shape(B, K));
            logits.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(loss.evaluate(new NDList(m.create(LABELS)), new NDList(logits)));
            }
            return logits.getGradient().toFloatArray();
        }
    }

    @Test
    void negativeOrNonFiniteBetaIsRefusedNamingIt() {
        assertThatThrownBy(() -> LabelSmoothingLoss.builder().optConfidencePenalty(-0.1))
                .hasMessage("confidence penalty beta must be finite and >= 0, got -0.1");
        assertThatThrownBy(() -> LabelSmoothingLoss.builder().optConfidencePenalty(Double.NaN))
                .hasMessageContaining("got NaN");
    }
}
