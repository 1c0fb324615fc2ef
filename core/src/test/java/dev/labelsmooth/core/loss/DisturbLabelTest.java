package dev.labelsmooth.core.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** DisturbLabel (Xie et al., 2016), checked against its label distribution and expectation. */
class DisturbLabelTest {

    private static final float[] LOGITS = {2.0f, -1.0f, 0.5f, 0.0f, 1.5f, 1.5f, -0.5f, 3.0f, 0.2f};
    private static final Shape SHAPE = new Shape(3, 3);

    private static float evaluate(Loss loss, float[] labels) {
        try (NDManager m = NDManager.newBaseManager()) {
            return loss.evaluate(new NDList(m.create(labels)), new NDList(m.create(LOGITS, SHAPE)))
                    .getFloat();
        }
    }

    @Test
    void alphaZeroIsTheWrappedLossExactly() {
        Loss base = LabelSmoothingLoss.ofGamma(0.8);
        DisturbLabel disturb = DisturbLabel.builder().setLoss(base).optAlpha(0).optSeed(3).build();
        float[] labels = {0, 2, 1};
        assertThat(evaluate(disturb, labels)).isEqualTo(evaluate(base, labels));
    }

    @Test
    void labelsFollowTheDisturbedDistributionWithinFourStandardErrors() {
        int k = 10;
        double alpha = 0.2;
        int n = 100_000;
        int[] labels = new int[n]; // all class 3
        java.util.Arrays.fill(labels, 3);
        int[] drawn = DisturbLabel.disturb(labels, k, alpha, new SplittableRandom(11));
        int[] counts = new int[k];
        for (int c : drawn) {
            counts[c]++;
        }
        for (int c = 0; c < k; c++) {
            double p = c == 3 ? 1 - alpha * (k - 1) / k : alpha / k;
            double se = Math.sqrt(p * (1 - p) / n);
            assertThat((double) counts[c] / n).as("class %d", c).isCloseTo(p, within(4 * se));
        }
    }

    @Test
    void expectationOverTheDrawsIsLabelSmoothingWithTheMatchingGamma() {
        int k = 3;
        double alpha = 0.3;
        Loss ce = LabelSmoothingLoss.ofGamma(1);
        float[] labels = {0, 2, 1};
        // Exactly: each label stays with probability 1 - alpha, else any of the K classes with
        // alpha / K.
        double expected = (1 - alpha) * evaluate(ce, labels);
        for (int i = 0; i < labels.length; i++) {
            for (int c = 0; c < k; c++) {
                float[] changed = labels.clone();
                changed[i] = c;
                expected += alpha / k * (evaluate(ce, changed) - evaluate(ce, labels));
            }
        }
        expected += alpha * evaluate(ce, labels);
        double gamma = 1 - alpha * (k - 1) / k;
        assertThat(expected)
                .isCloseTo(evaluate(LabelSmoothingLoss.ofGamma(gamma), labels), within(1e-5));
    }

    @Test
    void drawsAreReproducibleAndResumable() {
        Loss base = LabelSmoothingLoss.ofGamma(1);
        float[] labels = {0, 2, 1};
        DisturbLabel a = DisturbLabel.builder().setLoss(base).optAlpha(0.9).optSeed(5).build();
        float first = evaluate(a, labels);
        float second = evaluate(a, labels);
        DisturbLabel b = DisturbLabel.builder().setLoss(base).optAlpha(0.9).optSeed(5).build();
        b.setCalls(1);
        assertThat(evaluate(b, labels)).isEqualTo(second);
        assertThat(a.calls()).isEqualTo(2);
        assertThat(first).isNotNaN();
    }

    @Test
    void denseLabelsAreReplacedByOneHotRows() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray dense =
                    m.create(
                            new float[] {0.5f, 0.5f, 0, 0, 0.5f, 0.5f, 1f / 3, 1f / 3, 1f / 3},
                            SHAPE);
            DisturbLabel always =
                    DisturbLabel.builder()
                            .setLoss(LabelSmoothingLoss.ofGamma(1))
                            .optAlpha(0.999999)
                            .optSeed(1)
                            .build();
            float value =
                    always.evaluate(new NDList(dense), new NDList(m.create(LOGITS, SHAPE)))
                            .getFloat();
            // Every row became a one-hot row: the loss is a mean of -log p of some class per row.
            assertThat(value).isPositive().isFinite();
        }
    }

    @Test
    void alphaOutsideItsRangeIsRefusedNamingIt() {
        assertThatThrownBy(() -> DisturbLabel.builder().optAlpha(1))
                .hasMessage("DisturbLabel alpha must be in [0, 1), got 1");
        assertThatThrownBy(() -> DisturbLabel.builder().optAlpha(-0.1))
                .hasMessageContaining("got -0.1");
        assertThatThrownBy(() -> DisturbLabel.builder().build())
                .isInstanceOf(IllegalStateException.class);
    }
}
