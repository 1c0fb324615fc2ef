package dev.labelsmooth.experiment.report;

import static dev.labelsmooth.experiment.report.MarkdownText.meanStd;

import dev.labelsmooth.experiment.store.ResultRow.HeldOut;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Test calibration of every configuration before and after temperature scaling fitted on its cells'
 * holdouts (Guo et al. 2017): the baseline a calibration method has to beat is cross-entropy
 * followed by one scalar.
 */
final class CalibrationTable {

    private CalibrationTable() {}

    /** The section, or nothing when the configurations have no holdout. */
    static String markdown(List<ConfigStats> stats, Function<ConfigStats, String> label) {
        if (stats.isEmpty() || !stats.stream().allMatch(ConfigStats::hasHoldout)) {
            return "";
        }
        StringBuilder md =
                new StringBuilder("### Test calibration before and after temperature scaling\n\n")
                        .append(
                                "| configuration | T | ECE | ECE after scaling | NLL | NLL after"
                                        + " scaling | Brier | Brier after scaling | confidence −"
                                        + " accuracy (pp) | after scaling (pp) | AURC |\n")
                        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ConfigStats s : stats) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                            label.apply(s),
                            meanStd(
                                    s.heldOutMean(HeldOut::temperature),
                                    s.heldOutStd(HeldOut::temperature),
                                    s.seeds(),
                                    2),
                            meanStd(s.meanEce(), s.eceStd(), s.seeds(), 4),
                            meanStd(
                                    s.heldOutMean(HeldOut::testEceTs),
                                    s.heldOutStd(HeldOut::testEceTs),
                                    s.seeds(),
                                    4),
                            meanStd(s.meanNll(), s.nllStd(), s.seeds(), 4),
                            meanStd(
                                    s.heldOutMean(HeldOut::testNllTs),
                                    s.heldOutStd(HeldOut::testNllTs),
                                    s.seeds(),
                                    4),
                            meanStd(
                                    s.heldOutMean(HeldOut::testBrier),
                                    s.heldOutStd(HeldOut::testBrier),
                                    s.seeds(),
                                    4),
                            meanStd(
                                    s.heldOutMean(HeldOut::testBrierTs),
                                    s.heldOutStd(HeldOut::testBrierTs),
                                    s.seeds(),
                                    4),
                            meanStd(
                                    100 * s.heldOutMean(HeldOut::confidenceGap),
                                    100 * s.heldOutStd(HeldOut::confidenceGap),
                                    s.seeds(),
                                    1),
                            meanStd(
                                    100 * s.heldOutMean(HeldOut::confidenceGapTs),
                                    100 * s.heldOutStd(HeldOut::confidenceGapTs),
                                    s.seeds(),
                                    1),
                            meanStd(
                                    s.heldOutMean(HeldOut::aurc),
                                    s.heldOutStd(HeldOut::aurc),
                                    s.seeds(),
                                    4)));
        }
        return md.append(
                        "\nT is the temperature each cell's logits are divided by, fitted on its"
                                + " holdout at its selected epoch (T > 1 softens an over-confident"
                                + " model, T < 1 sharpens an under-confident one); the test"
                                + " figures are at that epoch, mean ± std over seeds. Scaling keeps"
                                + " every prediction, so accuracy and AURC's ranking are those"
                                + " of the unscaled model.\n\n")
                .toString();
    }
}
