package dev.labelsmooth.experiment.report;

import dev.labelsmooth.core.io.AtomicFiles;
import dev.labelsmooth.core.loss.LossConfig.Family;
import dev.labelsmooth.experiment.store.CalibrationRow;
import dev.labelsmooth.experiment.store.CellKey;
import dev.labelsmooth.experiment.store.ResultRow;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.math3.stat.inference.TTest;

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
                    "n_seeds");

    /** Whether any row uses the confidence penalty or DisturbLabel. */
    static boolean applies(List<ResultRow> rows) {
        return rows.stream().anyMatch(r -> r.beta().signum() > 0 || r.alpha().signum() > 0);
    }

    /**
     * Done rows grouped by "dataset / model", then by configuration: plain cross-entropy first,
     * then smoothing, penalty and DisturbLabel by strength, then the mixes in the order first seen.
     */
    static Map<String, List<ConfigStats>> group(List<ResultRow> rows) {
        Map<String, Map<CellKey, List<ResultRow>>> byGroup = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            if (r.done()) {
                byGroup.computeIfAbsent(r.dataset() + " / " + r.model(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(r.key().withSeed(0), k -> new ArrayList<>())
                        .add(r);
            }
        }
        Map<String, List<ConfigStats>> out = new LinkedHashMap<>();
        byGroup.forEach(
                (group, configs) -> {
                    List<ConfigStats> stats = new ArrayList<>();
                    configs.forEach((config, list) -> stats.add(stats(config, list)));
                    List<ConfigStats> sorted = new ArrayList<>(stats);
                    sorted.sort(
                            Comparator.comparing(ConfigStats::family)
                                    .thenComparing(
                                            s ->
                                                    s.family() == Family.MIX
                                                            ? stats.indexOf(s)
                                                            : s.strength()));
                    out.put(group, sorted);
                });
        return out;
    }

    private static ConfigStats stats(CellKey config, List<ResultRow> rows) {
        return new ConfigStats(
                config,
                Family.of(
                        config.gamma().compareTo(BigDecimal.ONE) < 0,
                        config.beta().signum() > 0,
                        config.alpha().signum() > 0),
                rows.stream().mapToDouble(ResultRow::bestValAcc).toArray(),
                rows.stream().mapToDouble(ResultRow::valEce).average().orElse(Double.NaN),
                rows.stream().mapToDouble(ResultRow::valNll).average().orElse(Double.NaN));
    }

    /** Welch's two-sided p of {@code s} against plain cross-entropy; NaN where it cannot apply. */
    static double welchP(ConfigStats s, ConfigStats ce) {
        if (ce == null
                || s == ce
                || s.accuracies().length < 2
                || ce.accuracies().length < 2
                || (s.std() == 0 && ce.std() == 0)) {
            return Double.NaN;
        }
        return new TTest().tTest(s.accuracies(), ce.accuracies());
    }

    /**
     * Among configurations of equal accuracy, the one preferred: the larger γ, then the smaller β,
     * then the smaller α (the least regularization), as {@code search} and the γ report break ties.
     */
    static final Comparator<CellKey> PREFERRED_ON_TIE =
            Comparator.comparing(CellKey::gamma, Comparator.reverseOrder())
                    .thenComparing(CellKey::beta)
                    .thenComparing(CellKey::alpha);

    private static boolean better(ConfigStats s, ConfigStats than) {
        return than == null
                || s.mean() > than.mean()
                || (s.mean() == than.mean()
                        && PREFERRED_ON_TIE.compare(s.config(), than.config()) < 0);
    }

    /**
     * The best configuration of each family but plain cross-entropy, by mean accuracy; a tie goes
     * to the weaker one ({@link #PREFERRED_ON_TIE}).
     */
    static Map<Family, ConfigStats> bestPerFamily(List<ConfigStats> stats) {
        Map<Family, ConfigStats> best = new LinkedHashMap<>();
        for (ConfigStats s : stats) {
            if (!s.isCrossEntropy() && better(s, best.get(s.family()))) {
                best.put(s.family(), s);
            }
        }
        return best;
    }

    static ConfigStats crossEntropy(List<ConfigStats> stats) {
        return stats.stream().filter(ConfigStats::isCrossEntropy).findFirst().orElse(null);
    }

    /**
     * The Markdown sections of one data set and model.
     *
     * @param stats its configurations, as {@link #group} orders them
     * @param plot the strength plot's file name without extension
     * @param reliability the reliability plot's file name without extension, or null
     * @param best the best configuration overall, which the reliability plot shows
     */
    static String markdown(
            List<ConfigStats> stats, String plot, String reliability, ConfigStats best) {
        ConfigStats ce = crossEntropy(stats);
        StringBuilder md = new StringBuilder();
        md.append("### Every configuration\n\n")
                .append(
                        "| configuration | family | accuracy (%) | Welch's p vs cross-entropy |"
                                + " ECE (15 bins) | NLL | seeds |\n")
                .append("|---|---|---:|---:|---:|---:|---:|\n");
        for (ConfigStats s : stats) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %s | %d |%n",
                            s.config().configLabel(),
                            s.family().title(),
                            meanStd(s),
                            s.isCrossEntropy() ? "—" : p(welchP(s, ce)),
                            fixed(s.meanEce(), 4),
                            fixed(s.meanNll(), 4),
                            s.accuracies().length));
        }
        md.append(
                        "\n### Best of each family against plain cross-entropy (the paper's Table 3"
                                + " form)\n\n")
                .append(
                        "| family | best configuration | best accuracy (%) | accuracy of"
                                + " cross-entropy (%) | diff_pct | Welch's t-test p | ECE | ECE of"
                                + " cross-entropy | seeds |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var entry : bestPerFamily(stats).entrySet()) {
            ConfigStats s = entry.getValue();
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %.2f | %s | %s | %s | %s | %s | %d |%n",
                            entry.getKey().title(),
                            s.config().configLabel(),
                            s.mean(),
                            ce == null
                                    ? "n/a (not run)"
                                    : String.format(Locale.ROOT, "%.2f", ce.mean()),
                            ce == null ? "n/a" : String.format(Locale.ROOT, "%.3f", diffPct(s, ce)),
                            p(welchP(s, ce)),
                            fixed(s.meanEce(), 4),
                            ce == null ? "n/a" : fixed(ce.meanEce(), 4),
                            s.accuracies().length));
        }
        md.append(
                "\ndiff_pct = (best − cross-entropy) / best × 100; Welch's p is two-sided over"
                        + " the seeds. A best picked among several configurations is optimistic:"
                        + " the p-value does not correct for that choice.\n\n");
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

    static double diffPct(ConfigStats s, ConfigStats ce) {
        return (s.mean() - ce.mean()) / s.mean() * 100;
    }

    /** The best configuration overall by mean accuracy, ties by {@link #PREFERRED_ON_TIE}. */
    static ConfigStats bestOverall(List<ConfigStats> stats) {
        ConfigStats best = null;
        for (ConfigStats s : stats) {
            if (better(s, best)) {
                best = s;
            }
        }
        return best;
    }

    /** Bins of one configuration, seeds pooled, as {lower, upper, count, conf·count, acc·count}. */
    static List<double[]> bins(List<CalibrationRow> rows, String group, CellKey config) {
        List<double[]> out = new ArrayList<>();
        for (CalibrationRow row : rows) {
            if ((row.dataset() + " / " + row.model()).equals(group)
                    && row.key().withSeed(0).equals(config)) {
                var bin = row.bin();
                double count = bin.count();
                double conf = Double.isNaN(bin.confidence()) ? 0 : bin.confidence();
                double acc = Double.isNaN(bin.accuracy()) ? 0 : bin.accuracy();
                out.add(new double[] {bin.lower(), bin.upper(), count, conf * count, acc * count});
            }
        }
        return out;
    }

    /** Writes {@code families.csv}: the best of each family per data set and model. */
    static void writeCsv(Path file, Map<String, List<ConfigStats>> groups) throws IOException {
        StringWriter text = new StringWriter();
        try (CSVPrinter printer =
                new CSVPrinter(text, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
            printer.printRecord(COLUMNS);
            for (var entry : groups.entrySet()) {
                String[] parts = entry.getKey().split(" / ");
                ConfigStats ce = crossEntropy(entry.getValue());
                List<ConfigStats> rows = new ArrayList<>();
                if (ce != null) {
                    rows.add(ce);
                }
                rows.addAll(bestPerFamily(entry.getValue()).values());
                for (ConfigStats s : rows) {
                    printer.printRecord(
                            parts[0],
                            parts[1],
                            s.family().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                            s.config().gamma().toPlainString(),
                            s.config().beta().toPlainString(),
                            s.config().alpha().toPlainString(),
                            csv(s.mean()),
                            csv(s.std()),
                            ce == null ? "" : csv(ce.mean()),
                            ce == null ? "" : csv(diffPct(s, ce)),
                            csv(welchP(s, ce)),
                            csv(s.meanEce()),
                            csv(s.meanNll()),
                            s.accuracies().length);
                }
            }
        }
        AtomicFiles.write(file, text.toString());
    }

    private static String csv(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String meanStd(ConfigStats s) {
        return s.accuracies().length < 2
                ? String.format(Locale.ROOT, "%.2f", s.mean())
                : String.format(Locale.ROOT, "%.2f ± %.2f", s.mean(), s.std());
    }

    private static String p(double p) {
        return Double.isNaN(p) ? "n/a" : String.format(Locale.ROOT, "%.3g", p);
    }

    private static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
