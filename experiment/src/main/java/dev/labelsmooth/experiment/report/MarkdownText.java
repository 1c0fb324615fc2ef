package dev.labelsmooth.experiment.report;

import dev.labelsmooth.experiment.store.CellKey;
import dev.labelsmooth.experiment.store.CellStatus;
import dev.labelsmooth.experiment.store.ResultRow;
import dev.labelsmooth.experiment.store.RunProvenance;
import dev.labelsmooth.experiment.sweep.Cell;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The pieces both report layouts write alike: the head of the page, numbers, unfinished cells. */
final class MarkdownText {

    private MarkdownText() {}

    /**
     * The title, the progress of a partial grid, where the page was rendered from and what its
     * numbers mean, and a note when nothing has finished.
     *
     * @param grid the sweep's cells, or null without provenance
     * @param searchSection the search's section (a search's progress is in its rung table)
     * @param meaning what the accuracies and configurations mean, one paragraph
     * @param anyFinished whether any cell has finished
     */
    static String head(
            String title,
            Path file,
            List<ResultRow> rows,
            RunProvenance provenance,
            List<Cell> grid,
            String searchSection,
            String meaning,
            boolean anyFinished) {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        if (provenance != null) {
            md.append(trained(provenance)).append("\n\n");
        }
        if (searchSection.isEmpty()
                && grid != null
                && rows.stream().filter(ResultRow::done).count() < grid.size()) {
            md.append(progress(rows, grid)).append("\n\n");
        }
        md.append("Rendered from `")
                .append(file.getFileName())
                .append("` (")
                .append(rows.size())
                .append(" cells) at ")
                .append(Instant.now())
                .append(". ")
                .append(meaning)
                .append("\n\n");
        if (!anyFinished) {
            md.append("No cell has finished yet.\n\n");
        }
        return md.toString();
    }

    /** For a partial grid: {@code 412 of 648 cells done, 3 failed}, and the cells still missing. */
    static String progress(List<ResultRow> rows, List<Cell> grid) {
        long done = rows.stream().filter(ResultRow::done).count();
        long failed = rows.stream().filter(r -> r.status() == CellStatus.FAILED).count();
        Set<CellKey> present =
                rows.stream()
                        .filter(r -> r.status().finished())
                        .map(ResultRow::key)
                        .collect(Collectors.toSet());
        List<String> missing =
                grid.stream()
                        .map(CellKey::of)
                        .filter(k -> !present.contains(k))
                        .map(CellKey::toString)
                        .toList();
        StringBuilder md =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "**%d of %d cells done, %d failed.**",
                                done,
                                grid.size(),
                                failed));
        if (!missing.isEmpty()) {
            md.append(" Not finished yet: ").append(String.join("; ", missing)).append('.');
        }
        return md.toString();
    }

    /**
     * The table of cells that ended without finishing (diverged, failed), or nothing; cells a
     * search stopped are in its rung table instead.
     *
     * @param header the configuration column's header cell, e.g. {@code "| γ "}
     * @param alignment its Markdown alignment, e.g. {@code "---:"}
     * @param config the configuration as the column shows it
     */
    static String unfinished(
            List<ResultRow> rows,
            String header,
            String alignment,
            Function<ResultRow, String> config) {
        List<ResultRow> unfinished =
                rows.stream().filter(r -> !r.done() && r.status() != CellStatus.STOPPED).toList();
        if (unfinished.isEmpty()) {
            return "";
        }
        StringBuilder md =
                new StringBuilder("## Cells that did not finish\n\n| data set | model ")
                        .append(header)
                        .append("| seed | status |\n|---|---|")
                        .append(alignment)
                        .append("|---:|---|\n");
        for (ResultRow r : unfinished) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %d | %s |%n",
                            r.dataset(),
                            r.model(),
                            config.apply(r),
                            r.seed(),
                            r.status().id()));
        }
        return md.append('\n').toString();
    }

    /**
     * What was trained, in a sentence: data and sizes, models, epochs, batch, recipe, seeds. For
     * example: {@code Trained: resnet20-v1 on fashion-mnist (10,000 training images, 10,000
     * validation images, K=10), 10 epochs at batch 128, Adam 1e-3 on the Keras step schedule, L2
     * 1e-4, BatchNorm momentum 0.99, augmentation on; 3 seeds per configuration.}
     */
    static String trained(RunProvenance provenance) {
        var config = provenance.config();
        var recipe = config.recipe();
        List<String> data = new java.util.ArrayList<>();
        for (var d : provenance.datasets()) {
            data.add(
                    String.format(
                            Locale.ROOT,
                            "%s (%,d training images, %,d validation images, K=%d)",
                            d.name(),
                            d.trainSize(),
                            d.validationSize(),
                            d.numClasses()));
        }
        if (data.isEmpty()) {
            data.addAll(config.datasets());
        }
        return String.format(
                Locale.ROOT,
                "Trained: %s on %s, %d epochs at batch %d, Adam %s on the Keras step schedule, L2"
                        + " %s, BatchNorm momentum %s, augmentation %s; %d seed%s per"
                        + " configuration.",
                String.join(", ", config.models()),
                String.join("; ", data),
                config.epochs(),
                config.batchSize(),
                dev.labelsmooth.core.Checks.format(recipe.learningRate()),
                dev.labelsmooth.core.Checks.format(recipe.l2()),
                dev.labelsmooth.core.Checks.format(recipe.bnMomentum()),
                recipe.augment() ? "on" : "off",
                config.seeds(),
                config.seeds() == 1 ? "" : "s");
    }

    /** {@code 0.0123 ± 0.0045} over two or more seeds, {@code 0.0123} for one. */
    static String meanStd(double mean, double std, int n, int digits) {
        if (Double.isNaN(mean)) {
            return "n/a";
        }
        return n < 2
                ? String.format(Locale.ROOT, "%." + digits + "f", mean)
                : String.format(Locale.ROOT, "%." + digits + "f ± %." + digits + "f", mean, std);
    }

    /** {@code 85.74 ± 0.56} over two or more seeds, {@code 85.74} for one. */
    static String meanStd(ConfigStats s) {
        return s.seeds() < 2
                ? String.format(Locale.ROOT, "%.2f", s.mean())
                : String.format(Locale.ROOT, "%.2f ± %.2f", s.mean(), s.std());
    }

    /** {@code v} with {@code digits} decimals, {@code n/a} for NaN. */
    static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    /** A p-value to three significant digits, {@code n/a} for NaN. */
    static String p(double p) {
        return Double.isNaN(p) ? "n/a" : String.format(Locale.ROOT, "%.3g", p);
    }
}
