package dev.labelsmooth.experiment.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labelsmooth.core.loss.LossConfig.Family;
import dev.labelsmooth.experiment.store.CellKey;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class FamilyReportTest {

    private static ConfigStats stats(
            String gamma, String alpha, Family family, double ece, double... accuracies) {
        CellKey key =
                new CellKey(
                        "mnist",
                        "resnet20-v1",
                        new BigDecimal(gamma),
                        BigDecimal.ZERO,
                        new BigDecimal(alpha),
                        0);
        double[] eces = new double[accuracies.length];
        java.util.Arrays.fill(eces, ece);
        return new ConfigStats(key, family, new int[] {1, 2, 3}, accuracies, eces, eces);
    }

    @Test
    void disturbLabelIsComparedWithTheSmoothingOfTheSameExpectedTarget() {
        ConfigStats ce = stats("1", "0", Family.CROSS_ENTROPY, 0.01, 90, 91, 92);
        ConfigStats smoothing = stats("0.9", "0", Family.SMOOTHING, 0.09, 90, 91.5, 92);
        ConfigStats alpha01 = stats("1", "0.1", Family.DISTURB, 0.092, 89, 90.5, 91);
        ConfigStats alpha04 = stats("1", "0.4", Family.DISTURB, 0.3, 85, 86, 87);
        List<ConfigStats> all = List.of(ce, smoothing, alpha01, alpha04);

        // K = 10: alpha 0.1 matches gamma 1 - 0.1 * 9 / 10 = 0.91, within 0.05 of the run 0.9;
        // alpha 0.4 matches 0.64, which no run gamma is near.
        String md = FamilyReport.disturbLabelAgainstSmoothing(all, 10);
        assertThat(md)
                .contains(
                        "| 0.1 | 0.91 | γ=0.9 | 90.17 ± 1.04 | 91.17 ± 1.04 | 0.0920 | 0.0900 |"
                                + " -1.00 [-1.00, -1.00] |")
                .doesNotContain("| 0.4 |");
        // Without K (older files) there is no section.
        assertThat(FamilyReport.disturbLabelAgainstSmoothing(all, 0)).isEmpty();
    }
}
