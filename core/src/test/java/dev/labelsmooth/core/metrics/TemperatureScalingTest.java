package dev.labelsmooth.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TemperatureScalingTest {

    /**
     * Two classes, every example with logits (4, 0), three in four of class 0: the NLL is least
     * where sigmoid(4 / T) = 0.75, i.e. T = 4 / ln 3.
     */
    @Test
    void fitFindsTheClosedFormTemperature() {
        int n = 400;
        float[] logits = new float[2 * n];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            logits[2 * i] = 4;
            labels[i] = i % 4 == 3 ? 1 : 0;
        }
        TemperatureScaling t = TemperatureScaling.fit(logits, labels, 2);
        assertThat(t.temperature()).isCloseTo(4 / Math.log(3), within(1e-6));
        float[] p = t.probabilities(logits, 2);
        assertThat((double) p[0]).isCloseTo(0.75, within(1e-6));
        // Scaling lowers the NLL from the unscaled logits and keeps the predictions.
        double before = TemperatureScaling.nll(logits, labels, 2, 1);
        double after = TemperatureScaling.nll(logits, labels, 2, t.temperature());
        assertThat(after).isLessThan(before);
        ClassificationMetrics scaled = t.metrics(logits, labels, 2);
        assertThat(scaled.accuracyPercent()).isEqualTo(75.0);
        assertThat(scaled.confidenceGap()).isCloseTo(0.0, within(1e-6));
        assertThat(scaled.nll()).isCloseTo(after, within(1e-6));
    }

    @Test
    void nonPositiveTemperatureIsRefusedNamingIt() {
        assertThatThrownBy(() -> new TemperatureScaling(0))
                .hasMessage("temperature must be finite and > 0, got 0");
    }

    @Test
    void brierAndConfidenceGapMatchHandWorkedValues() {
        ClassificationMetrics m = new ClassificationMetrics();
        // (0.8, 0.2) label 0: Brier 0.04 + 0.04; (0.6, 0.4) label 1: 0.36 + 0.36.
        m.add(new float[] {0.8f, 0.2f, 0.6f, 0.4f}, new long[] {0, 1}, 2);
        assertThat(m.brier()).isCloseTo((0.08 + 0.72) / 2, within(1e-6));
        // Mean confidence 0.7, accuracy 0.5.
        assertThat(m.confidenceGap()).isCloseTo(0.2, within(1e-6));
    }

    @Test
    void aurcAveragesTheRiskOverCoverage() {
        // Confidences 0.9 (right), 0.8 (wrong), 0.7 (right): risks 0, 1/2, 1/3.
        float[] p = {0.9f, 0.1f, 0.2f, 0.8f, 0.7f, 0.3f};
        long[] labels = {0, 0, 0};
        assertThat(SelectiveRisk.aurc(p, labels, 2))
                .isCloseTo((0 + 0.5 + 1.0 / 3) / 3, within(1e-12));
    }
}
