package dev.labelsmooth.experiment.report;

import dev.labelsmooth.experiment.store.CalibrationRow;
import dev.labelsmooth.experiment.store.GroupKey;
import dev.labelsmooth.experiment.store.ResultRow;
import java.util.List;
import java.util.Locale;

/**
 * A few generated sentences per data set and model that say what the tables below do and do not
 * show: what differs from cross-entropy after correction, the best configuration's interval, how
 * small an effect the seeds could see, and the direction of miscalibration.
 */
final class Conclusion {

    private Conclusion() {}

    /**
     * The conclusion of one data set and model.
     *
     * @param label how a configuration is named in the text
     */
    static String markdown(
            GroupKey key,
            List<ConfigStats> stats,
            List<Comparison> comparisons,
            List<CalibrationRow> calibration,
            java.util.function.Function<ConfigStats, String> label) {
        ConfigStats ce = Statistics.crossEntropy(stats);
        ConfigStats best = Statistics.best(stats);
        if (ce == null || best == null) {
            return "";
        }
        StringBuilder md = new StringBuilder("### Conclusion\n\n");
        int n = ce.seeds();
        List<Comparison> significant =
                comparisons.stream().filter(Comparison::significant).toList();
        if (comparisons.isEmpty()) {
            md.append("Only cross-entropy finished; there is nothing to compare it with. ");
        } else if (significant.isEmpty()) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "With %d seed%s, no configuration differs from cross-entropy after"
                                    + " Holm's correction over %d comparisons. ",
                            n,
                            n == 1 ? "" : "s",
                            comparisons.size()));
        } else {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "With %d seeds, %d of %d configurations %s from cross-entropy"
                                    + " after Holm's correction: %s. ",
                            n,
                            significant.size(),
                            comparisons.size(),
                            significant.size() == 1 ? "differs" : "differ",
                            String.join(
                                    ", ",
                                    significant.stream()
                                            .map(
                                                    c ->
                                                            String.format(
                                                                    Locale.ROOT,
                                                                    "%s %+.2f pp",
                                                                    c.config().configLabel(),
                                                                    c.meanDifference()))
                                            .toList())));
        }
        double[] detectable =
                comparisons.stream()
                        .mapToDouble(Comparison::minimumDetectable)
                        .filter(v -> !Double.isNaN(v))
                        .sorted()
                        .toArray();
        if (detectable.length > 0) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "These seeds detect (80%% power, 5%% level) only differences of about"
                                    + " %.2f-%.2f pp, so a smaller effect can be neither shown nor"
                                    + " ruled out. ",
                            detectable[0],
                            detectable[detectable.length - 1]));
        }
        if (best.isCrossEntropy()) {
            md.append("Cross-entropy itself has the best mean accuracy. ");
        } else {
            Comparison c = Statistics.compare(best, ce);
            md.append(
                    String.format(
                            Locale.ROOT,
                            best.hasHoldout()
                                    ? "The configuration with the best mean holdout accuracy, %s,"
                                            + " is %+.2f pp from cross-entropy on the test split"
                                            + " (95%% CI %s); chosen on the holdout, that"
                                            + " difference carries no winner's curse. "
                                    : "The best mean accuracy, %s, is %+.2f pp from"
                                            + " cross-entropy (95%% CI %s); chosen on the same"
                                            + " accuracies, that difference is biased upward. ",
                            label.apply(best),
                            c.meanDifference(),
                            Double.isNaN(c.ciLow())
                                    ? "n/a"
                                    : String.format(
                                            Locale.ROOT, "%+.2f to %+.2f", c.ciLow(), c.ciHigh())));
        }
        double ceGap = gap(calibration, key, ce);
        if (!Double.isNaN(ceGap)) {
            md.append("Mean confidence minus accuracy is ")
                    .append(gapText(ceGap))
                    .append(" for cross-entropy");
            double bestGap = best.isCrossEntropy() ? Double.NaN : gap(calibration, key, best);
            if (!Double.isNaN(bestGap)) {
                md.append(" and ")
                        .append(gapText(bestGap))
                        .append(" for ")
                        .append(label.apply(best));
            }
            md.append(" (at each cell's selected epoch, seeds pooled).");
            if (ce.hasHoldout() && best.hasHoldout()) {
                md.append(
                        String.format(
                                Locale.ROOT,
                                " Temperature scaling fitted on the holdout takes cross-entropy's"
                                        + " test ECE from %.4f to %.4f (T = %.2f)",
                                ce.meanEce(),
                                ce.heldOutMean(ResultRow.HeldOut::testEceTs),
                                ce.heldOutMean(ResultRow.HeldOut::temperature)));
                if (!best.isCrossEntropy()) {
                    md.append(
                            String.format(
                                    Locale.ROOT,
                                    "; %s has %.4f unscaled and %.4f scaled, so %s",
                                    label.apply(best),
                                    best.meanEce(),
                                    best.heldOutMean(ResultRow.HeldOut::testEceTs),
                                    best.meanEce() < ce.heldOutMean(ResultRow.HeldOut::testEceTs)
                                            ? "it is better calibrated than cross-entropy"
                                                    + " followed by one scalar"
                                            : "cross-entropy followed by one scalar is at"
                                                    + " least as well calibrated"));
                }
                md.append('.');
            } else {
                md.append(
                        " Whether a configuration beats cross-entropy followed by temperature"
                                + " scaling needs a held-out split to fit the temperature on,"
                                + " which this run does not have.");
            }
        }
        return md.append("\n\n").toString();
    }

    private static double gap(List<CalibrationRow> calibration, GroupKey key, ConfigStats s) {
        return Statistics.confidenceGap(Statistics.pooledBins(calibration, key, s.config()));
    }

    private static String gapText(double gap) {
        return String.format(
                Locale.ROOT,
                "%+.1f pp (%s)",
                100 * gap,
                Math.abs(gap) < 0.01
                        ? "calibrated within a point"
                        : gap > 0 ? "over-confident" : "under-confident");
    }
}
