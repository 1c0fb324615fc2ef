package dev.labelsmooth.experiment.report;

import static dev.labelsmooth.experiment.report.MarkdownText.fixed;
import static dev.labelsmooth.experiment.report.MarkdownText.meanStd;
import static dev.labelsmooth.experiment.report.MarkdownText.p;

import dev.labelsmooth.core.io.AtomicFiles;
import dev.labelsmooth.core.loss.LossConfig.Family;
import dev.labelsmooth.experiment.store.GroupKey;
import dev.labelsmooth.experiment.store.ResultRow;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The report of a sweep that also uses the confidence penalty or DisturbLabel: per data set and
 * model, every configuration against plain cross-entropy (γ = 1, β = 0, α = 0), the best of each
 * family in the paper's Table 3 form, and accuracy against each family's strength.
 */
final class FamilyReport {

    private FamilyReport() {}

    /** The columns of {@code families.csv}. */
    static final List<String> COLUMNS =
            List.of(
                    "dataset",
                    "model",
                    "family",
                    "gamma",
                    "beta",
                    "alpha",
                    "best_val_acc",
                    "std",
                    "val_acc_ce",
                    "diff_pct",
                    "welch_p",
                    "val_ece",
                    "val_nll",
                    "n_seeds",
                    "mean_diff",
                    "ci_low",
                    "ci_high",
                    "p",
                    "holm_p");

    /** Whether any row uses the confidence penalty or DisturbLabel. */
    static boolean applies(List<ResultRow> rows) {
        return rows.stream().anyMatch(r -> r.beta().signum() > 0 || r.alpha().signum() > 0);
    }

    /**
     * The Markdown sections of one data set and model.
     *
     * @param stats its configurations, as {@link Statistics#group} orders them
     * @param plot the strength plot's file name without extension
     * @param reliability the reliability plot's file name without extension, or null
     * @param best the best configuration overall, which the reliability plot shows
     */
    static String markdown(
            List<ConfigStats> stats,
            List<Comparison> comparisons,
            int numClasses,
            String plot,
            String reliability,
            ConfigStats best) {
        ConfigStats ce = Statistics.crossEntropy(stats);
        java.util.Map<dev.labelsmooth.experiment.store.CellKey, Comparison> byConfig =
                new java.util.HashMap<>();
        comparisons.forEach(c -> byConfig.put(c.config(), c));
        StringBuilder md = new StringBuilder();
        md.append("### Every configuration\n\n")
                .append(
                        "| configuration | family | accuracy (%) | Δ vs cross-entropy (pp) | Holm p"
                                + " | ECE (15 bins) | NLL | seeds |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (ConfigStats s : stats) {
            Comparison c = byConfig.get(s.config());
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %s | %s | %d |%n",
                            s.config().configLabel(),
                            s.family().title(),
                            meanStd(s),
                            c == null
                                    ? "—"
                                    : String.format(Locale.ROOT, "%+.2f", c.meanDifference()),
                            c == null ? "—" : p(c.holmP()) + (c.significant() ? " **" : ""),
                            MarkdownText.meanStd(s.meanEce(), s.eceStd(), s.seeds(), 4),
                            MarkdownText.meanStd(s.meanNll(), s.nllStd(), s.seeds(), 4),
                            s.seeds()));
        }
        md.append('\n')
                .append(ComparisonTable.markdown(comparisons, c -> c.config().configLabel()))
                .append(CalibrationTable.markdown(stats, s -> s.config().configLabel()));
        md.append(
                        "### Best of each family against plain cross-entropy (the paper's Table 3"
                                + " form)\n\n")
                .append(
                        "| family | best configuration | best accuracy (%) | accuracy of"
                                + " cross-entropy (%) | diff_pct | Δ (pp) [95% CI] | p | ECE |"
                                + " ECE of cross-entropy | seeds |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var entry : Statistics.bestPerFamily(stats).entrySet()) {
            ConfigStats s = entry.getValue();
            Comparison c = byConfig.get(s.config());
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %.2f | %s | %s | %s | %s | %s | %s | %d |%n",
                            entry.getKey().title(),
                            s.config().configLabel(),
                            s.mean(),
                            ce == null
                                    ? "n/a (not run)"
                                    : String.format(Locale.ROOT, "%.2f", ce.mean()),
                            ce == null
                                    ? "n/a"
                                    : String.format(Locale.ROOT, "%.3f", Statistics.diffPct(s, ce)),
                            c == null || Double.isNaN(c.ciLow())
                                    ? "n/a"
                                    : String.format(
                                            Locale.ROOT,
                                            "%+.2f [%+.2f, %+.2f]",
                                            c.meanDifference(),
                                            c.ciLow(),
                                            c.ciHigh()),
                            c == null ? "n/a" : p(c.p()) + (c.paired() ? "" : " (Welch)"),
                            fixed(s.meanEce(), 4),
                            ce == null ? "n/a" : fixed(ce.meanEce(), 4),
                            s.seeds()));
        }
        md.append(
                "\ndiff_pct = (best − cross-entropy) / best × 100; p is the paired t-test's over"
                        + " the seeds (Welch's where they do not pair), not corrected. A best"
                        + " picked among several configurations on the same accuracies is biased"
                        + " upward (the winner's curse); the Holm-corrected table above is the one"
                        + " to read for significance.\n\n");
        md.append(disturbLabelAgainstSmoothing(stats, numClasses));
        md.append("![accuracy against strength](")
                .append(plot)
                .append(".png) ([SVG](")
                .append(plot)
                .append(".svg)): strength is 1 − γ for label smoothing, β for the confidence")
                .append(" penalty and α for DisturbLabel; each line starts at plain")
                .append(" cross-entropy (strength 0); error bars are one standard deviation")
                .append(" over seeds.\n\n");
        if (reliability != null) {
            md.append(
                            best.isCrossEntropy()
                                    ? "![reliability of cross-entropy, the best configuration"
                                    : "![reliability of cross-entropy and "
                                            + best.config().configLabel())
                    .append("](")
                    .append(reliability)
                    .append(".png)\n\n");
        }
        return md.toString();
    }

    /** How far a run γ may lie from DisturbLabel's matching γ to be compared with it. */
    static final double MATCH_TOLERANCE = 0.05;

    /**
     * DisturbLabel at α against label smoothing at the γ whose target has the same expected
     * probability on the true class, {@code 1 - α (K - 1) / K} (a label kept with probability 1 -
     * α, or redrawn uniformly from all K), where the grid has a γ within {@link #MATCH_TOLERANCE}
     * of it: do the two regularizers with the same expected target calibrate and cost alike?
     *
     * @param numClasses K, or 0 when the files do not say (then there is no section)
     */
    static String disturbLabelAgainstSmoothing(List<ConfigStats> stats, int numClasses) {
        if (numClasses < 2) {
            return "";
        }
        List<ConfigStats> smoothing =
                stats.stream().filter(s -> s.family() == Family.SMOOTHING).toList();
        StringBuilder rows = new StringBuilder();
        for (ConfigStats d : stats) {
            if (d.family() != Family.DISTURB) {
                continue;
            }
            double alpha = d.config().alpha().doubleValue();
            double matching = 1 - alpha * (numClasses - 1) / numClasses;
            ConfigStats nearest = null;
            for (ConfigStats s : smoothing) {
                double distance = Math.abs(s.config().gamma().doubleValue() - matching);
                if (distance <= MATCH_TOLERANCE + 1e-12
                        && (nearest == null
                                || distance
                                        < Math.abs(
                                                nearest.config().gamma().doubleValue()
                                                        - matching))) {
                    nearest = s;
                }
            }
            if (nearest == null) {
                continue;
            }
            Comparison c = Statistics.compare(d, nearest);
            rows.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | γ=%s | %s | %s | %s | %s | %s |%n",
                            dev.labelsmooth.core.Checks.format(alpha),
                            dev.labelsmooth.core.Checks.format(matching),
                            nearest.config().gamma().toPlainString(),
                            meanStd(d),
                            meanStd(nearest),
                            fixed(d.meanEce(), 4),
                            fixed(nearest.meanEce(), 4),
                            Double.isNaN(c.ciLow())
                                    ? String.format(Locale.ROOT, "%+.2f", c.meanDifference())
                                    : String.format(
                                            Locale.ROOT,
                                            "%+.2f [%+.2f, %+.2f]",
                                            c.meanDifference(),
                                            c.ciLow(),
                                            c.ciHigh())));
        }
        if (rows.length() == 0) {
            return "";
        }
        return "### DisturbLabel against label smoothing of the same expected target\n\n"
                + "| α | matching γ = 1 − α(K−1)/K | γ run | DisturbLabel accuracy (%) |"
                + " smoothing accuracy (%) | DisturbLabel ECE | smoothing ECE | Δ accuracy (pp)"
                + " [95% CI] |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|\n"
                + rows
                + String.format(
                        Locale.ROOT,
                        "%nA DisturbLabel label is kept with probability 1 − α and otherwise drawn"
                                + " uniformly from all K=%d classes, so its expected target puts"
                                + " 1 − α(K−1)/K on the true class, as label smoothing at that γ"
                                + " does in every example. Each α is compared with the run γ"
                                + " nearest to its match (within %s); Δ is DisturbLabel minus"
                                + " smoothing, paired by seed.%n%n",
                        numClasses,
                        dev.labelsmooth.core.Checks.format(MATCH_TOLERANCE));
    }

    /** Writes {@code families.csv}: the best of each family per data set and model. */
    static void writeCsv(
            Path file,
            Map<GroupKey, List<ConfigStats>> groups,
            Map<GroupKey, List<Comparison>> comparisons)
            throws IOException {
        StringWriter text = new StringWriter();
        try (CSVPrinter printer =
                new CSVPrinter(text, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
            printer.printRecord(COLUMNS);
            for (var entry : groups.entrySet()) {
                GroupKey group = entry.getKey();
                ConfigStats ce = Statistics.crossEntropy(entry.getValue());
                Map<dev.labelsmooth.experiment.store.CellKey, Comparison> byConfig =
                        new java.util.HashMap<>();
                comparisons
                        .getOrDefault(group, List.of())
                        .forEach(c -> byConfig.put(c.config(), c));
                List<ConfigStats> rows = new ArrayList<>();
                if (ce != null) {
                    rows.add(ce);
                }
                rows.addAll(Statistics.bestPerFamily(entry.getValue()).values());
                for (ConfigStats s : rows) {
                    printer.printRecord(
                            group.dataset(),
                            group.model(),
                            s.family().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                            s.config().gamma().toPlainString(),
                            s.config().beta().toPlainString(),
                            s.config().alpha().toPlainString(),
                            csv(s.mean()),
                            csv(s.std()),
                            ce == null ? "" : csv(ce.mean()),
                            ce == null ? "" : csv(Statistics.diffPct(s, ce)),
                            csv(Statistics.welchP(s, ce)),
                            csv(s.meanEce()),
                            csv(s.meanNll()),
                            s.accuracies().length,
                            byConfig.containsKey(s.config())
                                    ? csv(byConfig.get(s.config()).meanDifference())
                                    : "",
                            byConfig.containsKey(s.config())
                                    ? csv(byConfig.get(s.config()).ciLow())
                                    : "",
                            byConfig.containsKey(s.config())
                                    ? csv(byConfig.get(s.config()).ciHigh())
                                    : "",
                            byConfig.containsKey(s.config())
                                    ? csv(byConfig.get(s.config()).p())
                                    : "",
                            byConfig.containsKey(s.config())
                                    ? csv(byConfig.get(s.config()).holmP())
                                    : "");
                }
            }
        }
        AtomicFiles.write(file, text.toString());
    }

    private static String csv(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
