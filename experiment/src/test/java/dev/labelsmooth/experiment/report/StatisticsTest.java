package dev.labelsmooth.experiment.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.labelsmooth.core.loss.LossConfig.Family;
import dev.labelsmooth.experiment.store.CellKey;
import java.math.BigDecimal;
import java.util.List;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

/** The report's statistics against values worked out by hand or by an independent routine. */
class StatisticsTest {

    private static ConfigStats config(double gamma, int[] seeds, double... accuracies) {
        CellKey key = new CellKey("mnist", "resnet20-v1", BigDecimal.valueOf(gamma), 0);
        double[] nan = new double[accuracies.length];
        java.util.Arrays.fill(nan, Double.NaN);
        return new ConfigStats(
                key,
                gamma == 1 ? Family.CROSS_ENTROPY : Family.SMOOTHING,
                seeds,
                accuracies,
                nan,
                nan);
    }

    private static final int[] SEEDS_123 = {1, 2, 3};

    @Test
    void pairedComparisonMatchesTheClosedForms() {
        ConfigStats ce = config(1, SEEDS_123, 80, 82, 84);
        ConfigStats g = config(0.9, SEEDS_123, 81, 85, 86);
        Comparison c = Statistics.compare(g, ce);
        // d = (1, 3, 2): mean 2, sd 1, SE 1/sqrt(3); t(0.975, 2) = 4.302653.
        assertThat(c.paired()).isTrue();
        assertThat(c.differences()).containsExactly(1, 3, 2);
        assertThat(c.meanDifference()).isEqualTo(2.0);
        double se = 1 / Math.sqrt(3);
        assertThat(c.ciLow()).isCloseTo(2 - 4.302653 * se, within(1e-5));
        assertThat(c.ciHigh()).isCloseTo(2 + 4.302653 * se, within(1e-5));
        // t = 2 sqrt(3); with 2 degrees of freedom p = 1 - t / sqrt(t^2 + 2) = 1 - sqrt(12/14).
        assertThat(c.p()).isCloseTo(1 - Math.sqrt(12.0 / 14), within(1e-10));
        assertThat(c.p())
                .isCloseTo(new TTest().pairedTTest(g.accuracies(), ce.accuracies()), within(1e-12));
        // Only the all-plus and all-minus sign assignments reach |sum| = 6: 2 of 8.
        assertThat(c.signFlipP()).isEqualTo(0.25);
        assertThat(c.smallestSignFlipP()).isEqualTo(0.25);
        // (t(0.975, 2) + t(0.8, 2)) * SE, t(0.8, 2) = 1.060660.
        assertThat(c.minimumDetectable()).isCloseTo((4.302653 + 1.060660) * se, within(1e-5));
        assertThat(c.bootstrapLow()).isBetween(1.0, 2.0);
        assertThat(c.bootstrapHigh()).isBetween(2.0, 3.0);
    }

    @Test
    void seedsThatDoNotPairFallBackToWelch() {
        ConfigStats ce = config(1, SEEDS_123, 80, 82, 84);
        ConfigStats g = config(0.9, new int[] {4, 5, 6}, 83, 85, 87);
        Comparison c = Statistics.compare(g, ce);
        assertThat(c.paired()).isFalse();
        assertThat(c.pairs()).isZero();
        assertThat(c.meanDifference()).isEqualTo(3.0);
        assertThat(c.p())
                .isCloseTo(new TTest().tTest(g.accuracies(), ce.accuracies()), within(1e-12));
        // Equal variances (4) and sizes: SE = sqrt(4/3 + 4/3), 4 degrees of freedom.
        double se = Math.sqrt(8.0 / 3);
        assertThat(c.ciHigh() - c.meanDifference()).isCloseTo(2.776445 * se, within(1e-5));
        assertThat(c.signFlipP()).isNaN();
    }

    @Test
    void signFlipCountsEveryAssignmentAtLeastAsExtreme() {
        assertThat(Statistics.signFlipP(new double[] {1, 2, 3})).isEqualTo(0.25);
        // The observed sum is 0: every assignment is as extreme.
        assertThat(Statistics.signFlipP(new double[] {1, -1})).isEqualTo(1.0);
        // Six pairs of one sign: 2 / 64.
        assertThat(Statistics.signFlipP(new double[] {1, 1, 1, 1, 1, 1})).isEqualTo(2.0 / 64);
    }

    @Test
    void holmAdjustsStepDownAndKeepsTheOrder() {
        // Sorted 0.01, 0.03, 0.04: 3 x 0.01 = 0.03, 2 x 0.03 = 0.06, max(0.06, 1 x 0.04) = 0.06.
        assertThat(Statistics.holm(new double[] {0.01, 0.04, 0.03}))
                .containsExactly(0.03, 0.06, 0.06);
        // NaN stays out of the family: m = 2, 2 x 0.5 = 1, max(1, 0.9) = 1.
        assertThat(Statistics.holm(new double[] {0.5, Double.NaN, 0.9}))
                .containsExactly(1.0, Double.NaN, 1.0);
    }

    @Test
    void everyConfigurationIsComparedWithCrossEntropyWithHolmOverTheGroup() {
        ConfigStats ce = config(1, SEEDS_123, 80, 82, 84);
        ConfigStats a = config(0.9, SEEDS_123, 81, 85, 86);
        ConfigStats b = config(0.8, SEEDS_123, 79, 83, 84);
        List<Comparison> all = Statistics.compareWithCrossEntropy(List.of(ce, a, b));
        assertThat(all).extracting(c -> c.config().gamma().doubleValue()).containsExactly(0.9, 0.8);
        double[] raw = {all.get(0).p(), all.get(1).p()};
        double[] holm = Statistics.holm(raw);
        assertThat(all.get(0).holmP()).isEqualTo(holm[0]);
        assertThat(all.get(1).holmP()).isEqualTo(holm[1]);
        assertThat(Statistics.compareWithCrossEntropy(List.of(a, b))).isEmpty();
    }
}
