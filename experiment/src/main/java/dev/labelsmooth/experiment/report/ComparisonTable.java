package dev.labelsmooth.experiment.report;

import static dev.labelsmooth.experiment.report.MarkdownText.fixed;
import static dev.labelsmooth.experiment.report.MarkdownText.p;

import dev.labelsmooth.core.io.AtomicFiles;
import dev.labelsmooth.experiment.store.GroupKey;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Every configuration against plain cross-entropy on the paired design, as a Markdown section and
 * as {@code comparisons.csv}.
 */
final class ComparisonTable {

    private ComparisonTable() {}

    /** The columns of {@code comparisons.csv}. */
    static final List<String> COLUMNS =
            List.of(
                    "dataset",
                    "model",
                    "gamma",
                    "beta",
                    "alpha",
                    "test",
                    "pairs",
                    "mean_diff",
                    "ci_low",
                    "ci_high",
                    "bootstrap_low",
                    "bootstrap_high",
                    "p",
                    "sign_flip_p",
                    "holm_p",
                    "min_detectable");

    /**
     * The section of one data set and model.
     *
     * @param label how the configuration column names a configuration
     */
    static String markdown(
            List<Comparison> comparisons, java.util.function.Function<Comparison, String> label) {
        if (comparisons.isEmpty()) {
            return "";
        }
        StringBuilder md =
                new StringBuilder("### Against plain cross-entropy, paired by seed\n\n")
                        .append(
                                "| configuration | Δ accuracy (pp) | 95% CI (t) | 95% CI"
                                        + " (bootstrap) | p | Holm p | sign-flip p | detectable"
                                        + " at 80% power (pp) | pairs |\n")
                        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Comparison c : comparisons) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %+.2f | %s | %s | %s%s | %s | %s | %s | %s |%n",
                            label.apply(c),
                            c.meanDifference(),
                            interval(c.ciLow(), c.ciHigh()),
                            interval(c.bootstrapLow(), c.bootstrapHigh()),
                            p(c.p()),
                            c.paired() ? "" : " (Welch)",
                            p(c.holmP()) + (c.significant() ? " **" : ""),
                            c.paired() ? p(c.signFlipP()) : "n/a (unpaired)",
                            fixed(c.minimumDetectable(), 2),
                            c.paired() ? Integer.toString(c.pairs()) : "unpaired"));
        }
        Comparison first = comparisons.get(0);
        md.append(
                "\nΔ is the configuration's best validation accuracy minus plain cross-entropy's,"
                        + " seed index by seed index (a seed index starts both from the same"
                        + " weights and batch order), averaged; the intervals are 95% for that"
                        + " mean. p is the paired t-test's (Welch's where seeds do not pair),"
                        + " Holm p adjusts it over the "
                        + comparisons.size()
                        + " configurations compared here (** below 0.05).");
        if (first.paired() && first.smallestSignFlipP() >= 0.05) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            " With %d pairs the exact sign-flip test cannot go below %.3g, so it"
                                    + " cannot reach 0.05 however large the effect (that needs 6"
                                    + " or more seeds).",
                            first.pairs(),
                            first.smallestSignFlipP()));
        }
        md.append(
                " The last column is the smallest true difference these seeds would detect"
                        + " four times in five at the 5% level, given the spread seen.\n\n");
        List<Comparison> significant =
                comparisons.stream().filter(Comparison::significant).toList();
        md.append(
                significant.isEmpty()
                        ? "No configuration differs from cross-entropy after Holm's correction.\n\n"
                        : "Different from cross-entropy after Holm's correction: "
                                + String.join(
                                        ", ",
                                        significant.stream()
                                                .map(
                                                        c ->
                                                                String.format(
                                                                        Locale.ROOT,
                                                                        "%s (%+.2f pp)",
                                                                        label.apply(c),
                                                                        c.meanDifference()))
                                                .toList())
                                + ".\n\n");
        return md.toString();
    }

    private static String interval(double low, double high) {
        return Double.isNaN(low) || Double.isNaN(high)
                ? "n/a"
                : String.format(Locale.ROOT, "[%+.2f, %+.2f]", low, high);
    }

    /** Writes {@code comparisons.csv}: every comparison of every data set and model. */
    static void writeCsv(Path file, Map<GroupKey, List<Comparison>> groups) throws IOException {
        StringWriter text = new StringWriter();
        try (CSVPrinter printer =
                new CSVPrinter(text, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
            printer.printRecord(COLUMNS);
            for (var entry : groups.entrySet()) {
                for (Comparison c : entry.getValue()) {
                    printer.printRecord(
                            entry.getKey().dataset(),
                            entry.getKey().model(),
                            c.config().gamma().toPlainString(),
                            c.config().beta().toPlainString(),
                            c.config().alpha().toPlainString(),
                            c.paired() ? "paired-t" : "welch",
                            c.pairs(),
                            csv(c.meanDifference()),
                            csv(c.ciLow()),
                            csv(c.ciHigh()),
                            csv(c.bootstrapLow()),
                            csv(c.bootstrapHigh()),
                            csv(c.p()),
                            csv(c.signFlipP()),
                            csv(c.holmP()),
                            csv(c.minimumDetectable()));
                }
            }
        }
        AtomicFiles.write(file, text.toString());
    }

    private static String csv(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
