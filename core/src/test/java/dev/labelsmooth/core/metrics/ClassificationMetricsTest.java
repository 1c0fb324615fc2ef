package dev.labelsmooth.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    @Test
    void eceMatchesHandComputationOverBins() {
        // Four predictions, K=2, 2 bins: (0, 0.5] and (0.5, 1].
        // p = (0.9, 0.1) label 0: conf 0.9, right.  p = (0.8, 0.2) label 1: conf 0.8, wrong.
        // p = (0.3, 0.7) label 1: conf 0.7, right.  p = (0.5, 0.5) label 1: conf 0.5 (class 0),
        // wrong.
        float[] p = {0.9f, 0.1f, 0.8f, 0.2f, 0.3f, 0.7f, 0.5f, 0.5f};
        long[] y = {0, 1, 1, 1};
        ClassificationMetrics m = new ClassificationMetrics(2);
        m.add(p, y, 2);
        // Bin 2: three predictions, conf mean 0.8, accuracy 2/3. Bin 1: one, conf 0.5, accuracy 0.
        double expected = 3.0 / 4 * Math.abs(2.0 / 3 - 0.8) + 1.0 / 4 * Math.abs(0 - 0.5);
        assertThat(m.ece()).isCloseTo(expected, within(1e-6));
        assertThat(m.accuracyPercent()).isEqualTo(50.0);
        double nll = -(Math.log(0.9) + Math.log(0.2) + Math.log(0.7) + Math.log(0.5)) / 4;
        assertThat(m.nll()).isCloseTo(nll, within(1e-6));
        assertThat(m.reliability()).hasSize(2);
        assertThat(m.reliability().get(1).count()).isEqualTo(3);
        assertThat(m.reliability().get(1).accuracy()).isCloseTo(2.0 / 3, within(1e-9));
    }

    @Test
    void perfectlyCalibratedPredictionsHaveZeroEceAcrossBatches() {
        ClassificationMetrics m = new ClassificationMetrics();
        // Confidence 1 and always right, added in two batches.
        m.add(new float[] {1, 0, 0, 1}, new long[] {0, 1}, 2);
        m.add(new float[] {0, 1}, new long[] {1}, 2);
        assertThat(m.ece()).isZero();
        assertThat(m.count()).isEqualTo(3);
        assertThat(m.nll()).isZero();
    }
}
