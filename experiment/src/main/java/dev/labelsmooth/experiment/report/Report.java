package dev.labelsmooth.experiment.report;

import dev.labelsmooth.experiment.store.GroupKey;
import dev.labelsmooth.experiment.store.ResultRow;
import dev.labelsmooth.experiment.store.SummaryRow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A rendered report's tables as values, for programs that want the numbers rather than the
 * Markdown: what {@code report.md}, {@code summary.csv} and {@code families.csv} show.
 *
 * @param directory where {@code report.md} and its files were written
 * @param results every cell's result row, in grid order where the provenance gives the grid
 * @param table3 per data set and model, the best γ against γ = 1 (the paper's Table 3, as in {@code
 *     summary.csv})
 * @param configurations per data set and model, every loss configuration's statistics over its
 *     finished seeds: plain cross-entropy first, then each family by strength, then the mixes
 * @param againstCrossEntropy per data set and model, every configuration against plain
 *     cross-entropy, paired by seed, with Holm's adjustment (as in {@code comparisons.csv})
 */
public record Report(
        Path directory,
        List<ResultRow> results,
        List<SummaryRow> table3,
        Map<GroupKey, List<ConfigStats>> configurations,
        Map<GroupKey, List<Comparison>> againstCrossEntropy) {

    /** Copies the collections. */
    public Report {
        results = List.copyOf(results);
        table3 = List.copyOf(table3);
        configurations =
                java.util.Collections.unmodifiableMap(
                        new java.util.LinkedHashMap<>(configurations));
        againstCrossEntropy =
                java.util.Collections.unmodifiableMap(
                        new java.util.LinkedHashMap<>(againstCrossEntropy));
    }

    /** The path of {@code report.md}. */
    public Path markdown() {
        return directory.resolve("report.md");
    }
}
