package dev.labelsmooth.experiment.report;

import dev.labelsmooth.core.Checks;
import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.io.AtomicFiles;
import dev.labelsmooth.experiment.search.SearchReport;
import dev.labelsmooth.experiment.store.CalibrationRow;
import dev.labelsmooth.experiment.store.CellKey;
import dev.labelsmooth.experiment.store.CellStatus;
import dev.labelsmooth.experiment.store.EpochRow;
import dev.labelsmooth.experiment.store.MergedRun;
import dev.labelsmooth.experiment.store.ResultRow;
import dev.labelsmooth.experiment.store.RunDirectory;
import dev.labelsmooth.experiment.store.RunProvenance;
import dev.labelsmooth.experiment.store.SummaryRow;
import dev.labelsmooth.experiment.sweep.Cell;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Renders a sweep's report from files alone: {@code results.csv} (required), and when present
 * {@code calibration.csv} and {@code provenance.json} beside it. Writes {@code report.md}
 * (atomically), {@code summary.csv} and the plots into the output directory.
 */
public final class ReportWriter {

    private ReportWriter() {}

    /** Statistics of one (data set, model, gamma) over its finished seeds. */
    record GammaStats(double gamma, double[] accuracies, double meanEce, double meanNll) {
        double mean() {
            return StatUtils.mean(accuracies);
        }

        /** Sample standard deviation; 0 for a single seed. */
        double std() {
            return accuracies.length < 2 ? 0 : Math.sqrt(StatUtils.variance(accuracies));
        }
    }

    /** The paper's Table 3 for one (data set, model), plus Welch's test. */
    record Comparison(
            double bestGamma,
            double best,
            double atGammaOne,
            double diffPct,
            int seeds,
            double welchP) {}

    /**
     * Renders the report.
     *
     * @param results a run directory or a results.csv file
     * @param out where to write; created if needed
     * @return the report's tables
     */
    public static Report write(Path results, Path out) throws IOException {
        return write(List.of(results), out);
    }

    /**
     * Renders the report of one sweep gathered from several places: run directories (with their
     * {@code shards/}) and results files. When more than one results file was read, or the report
     * goes elsewhere, the merged {@code results.csv} and {@code calibration.csv} are written beside
     * it.
     *
     * @param sources run directories or results.csv files
     * @param out where to write; created if needed
     * @return the report's tables, the merged rows in grid order where the provenance gives the
     *     grid
     */
    public static Report write(List<Path> sources, Path out) throws IOException {
        MergedRun run = MergedRun.read(sources);
        RunProvenance provenance = run.provenance();
        List<Cell> grid = provenance == null ? null : grid(provenance.config());
        if (grid != null) {
            run = run.withResults(inGridOrder(run.files(), run.results(), grid));
        }
        List<ResultRow> rows = run.results();
        Files.createDirectories(out);
        Path written = out.toAbsolutePath().normalize().resolve(RunDirectory.RESULTS);
        if (run.files().size() > 1 || !run.files().get(0).equals(written)) {
            run.writeTo(out);
        }

        boolean families =
                FamilyReport.applies(rows)
                        || (grid != null
                                && grid.stream()
                                        .anyMatch(
                                                c ->
                                                        c.loss().beta().signum() > 0
                                                                || c.loss().alpha().signum() > 0));
        // With the other regularizers, Table 3 over gamma uses the cells of smoothing alone.
        Map<String, Map<Double, GammaStats>> groups =
                group(
                        families
                                ? rows.stream()
                                        .filter(
                                                r ->
                                                        r.beta().signum() == 0
                                                                && r.alpha().signum() == 0)
                                        .toList()
                                : rows);
        Map<String, Comparison> comparisons = new LinkedHashMap<>();
        groups.forEach((key, stats) -> comparisons.put(key, compare(stats)));
        Path file = run.files().size() == 1 ? run.files().get(0) : written;
        String searchSection = "";
        if (provenance != null && provenance.config().search() != null && grid != null) {
            // A sharded search's epochs lie beside each shard's results.
            List<EpochRow.Validation> epochs = new java.util.ArrayList<>();
            for (Path results : run.files()) {
                Path beside = results.resolveSibling(RunDirectory.EPOCHS);
                if (Files.exists(beside)) {
                    epochs.addAll(EpochRow.readValidation(beside));
                }
            }
            searchSection = SearchReport.markdown(provenance.config(), grid, rows, epochs);
        }
        if (families) {
            SummaryRow.write(out.resolve("summary.csv"), summary(comparisons));
            Map<String, List<ConfigStats>> byConfig = FamilyReport.group(rows);
            FamilyReport.writeCsv(out.resolve("families.csv"), byConfig);
            AtomicFiles.write(
                    out.resolve("report.md"),
                    familiesMarkdown(
                            file,
                            rows,
                            byConfig,
                            run.calibration(),
                            provenance,
                            grid,
                            searchSection,
                            out));
            return new Report(out, rows, summary(comparisons), byConfig);
        }
        Map<String, Map<Double, List<double[]>>> calibration = calibration(run.calibration());

        Plots.accuracyVsGamma(groups, out);
        List<String> reliabilityPlots = new ArrayList<>();
        for (var entry : comparisons.entrySet()) {
            Map<Double, List<double[]>> bins = calibration.get(entry.getKey());
            if (bins != null
                    && bins.containsKey(1.0)
                    && bins.containsKey(entry.getValue().bestGamma())) {
                double bestGamma = entry.getValue().bestGamma();
                reliabilityPlots.add(
                        Plots.reliability(
                                entry.getKey(),
                                "gamma=1",
                                bins.get(1.0),
                                bestGamma == 1.0
                                        ? null
                                        : "gamma=" + Checks.format(bestGamma) + " (best)",
                                bins.get(bestGamma),
                                out));
            } else {
                reliabilityPlots.add(null);
            }
        }
        SummaryRow.write(out.resolve("summary.csv"), summary(comparisons));
        AtomicFiles.write(
                out.resolve("report.md"),
                markdown(
                        file,
                        rows,
                        groups,
                        comparisons,
                        reliabilityPlots,
                        provenance,
                        grid,
                        searchSection));
        return new Report(out, rows, summary(comparisons), FamilyReport.group(rows));
    }

    /** The sweep's every cell, K taken from the data set catalog. */
    private static List<Cell> grid(SweepConfig config) {
        try {
            return config.cells();
        } catch (IllegalArgumentException e) {
            throw new UsageException(
                    "provenance.json records a grid that does not fit: " + e.getMessage(), e);
        }
    }

    /** The rows in the grid's order, refusing rows that are not cells of the grid. */
    private static List<ResultRow> inGridOrder(
            List<Path> files, List<ResultRow> rows, List<Cell> grid) {
        Map<CellKey, ResultRow> byKey = new LinkedHashMap<>();
        rows.forEach(r -> byKey.put(r.key(), r));
        Set<CellKey> keys = grid.stream().map(CellKey::of).collect(Collectors.toSet());
        for (ResultRow row : rows) {
            if (!keys.contains(row.key())) {
                throw new UsageException(
                        (files.size() == 1 ? files.get(0).toString() : "the results " + files)
                                + " must hold only cells of the grid in provenance.json, got "
                                + row.key()
                                + "; delete that row or render the file without its"
                                + " provenance.json");
            }
        }
        List<ResultRow> ordered = new ArrayList<>();
        for (Cell cell : grid) {
            ResultRow row = byKey.get(CellKey.of(cell));
            if (row != null) {
                ordered.add(row);
            }
        }
        return ordered;
    }

    /** Finished (done) rows grouped by "dataset / model", then gamma ascending. */
    static Map<String, Map<Double, GammaStats>> group(List<ResultRow> rows) {
        Map<String, Map<Double, List<ResultRow>>> byKey = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            if (r.done()) {
                byKey.computeIfAbsent(r.dataset() + " / " + r.model(), k -> new TreeMap<>())
                        .computeIfAbsent(r.gamma().doubleValue(), g -> new ArrayList<>())
                        .add(r);
            }
        }
        Map<String, Map<Double, GammaStats>> out = new LinkedHashMap<>();
        byKey.forEach(
                (key, byGamma) -> {
                    Map<Double, GammaStats> stats = new TreeMap<>();
                    byGamma.forEach(
                            (gamma, list) ->
                                    stats.put(
                                            gamma,
                                            new GammaStats(
                                                    gamma,
                                                    list.stream()
                                                            .mapToDouble(ResultRow::bestValAcc)
                                                            .toArray(),
                                                    list.stream()
                                                            .mapToDouble(ResultRow::valEce)
                                                            .average()
                                                            .orElse(Double.NaN),
                                                    list.stream()
                                                            .mapToDouble(ResultRow::valNll)
                                                            .average()
                                                            .orElse(Double.NaN))));
                    out.put(key, stats);
                });
        return out;
    }

    /** The best gamma by mean accuracy; on a tie the larger gamma (less smoothing) wins. */
    static Comparison compare(Map<Double, GammaStats> stats) {
        GammaStats best = null;
        for (GammaStats s : stats.values()) { // ascending gamma
            if (best == null || s.mean() >= best.mean()) {
                best = s;
            }
        }
        GammaStats one = stats.get(1.0);
        double atOne = one == null ? Double.NaN : one.mean();
        double diff = one == null ? Double.NaN : (best.mean() - atOne) / best.mean() * 100;
        double p = Double.NaN;
        if (one != null
                && best != one
                && best.accuracies().length >= 2
                && one.accuracies().length >= 2
                && (best.std() > 0 || one.std() > 0)) {
            p = new TTest().tTest(best.accuracies(), one.accuracies());
        }
        return new Comparison(best.gamma(), best.mean(), atOne, diff, best.accuracies().length, p);
    }

    private static List<SummaryRow> summary(Map<String, Comparison> comparisons) {
        List<SummaryRow> rows = new ArrayList<>();
        comparisons.forEach(
                (key, c) -> {
                    String[] parts = key.split(" / ");
                    rows.add(
                            new SummaryRow(
                                    parts[0],
                                    parts[1],
                                    c.bestGamma(),
                                    c.best(),
                                    c.atGammaOne(),
                                    c.diffPct(),
                                    c.seeds()));
                });
        return rows;
    }

    private static String markdown(
            Path file,
            List<ResultRow> rows,
            Map<String, Map<Double, GammaStats>> groups,
            Map<String, Comparison> comparisons,
            List<String> reliabilityPlots,
            RunProvenance provenance,
            List<Cell> grid,
            String searchSection) {
        StringBuilder md = new StringBuilder("# Label smoothing sweep\n\n");
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
                .append(
                        ". Accuracies are the best validation accuracy over the epochs, in percent,"
                                + " ")
                .append(
                        "mean ± sample standard deviation over seeds; gamma is the probability on"
                                + " the true class.\n\n");
        if (groups.isEmpty()) {
            md.append("No cell has finished yet.\n\n");
        }
        int index = 0;
        for (var entry : groups.entrySet()) {
            String key = entry.getKey();
            Map<Double, GammaStats> stats = entry.getValue();
            Comparison c = comparisons.get(key);
            md.append("## ")
                    .append(key)
                    .append("\n\n### Best validation accuracy per gamma\n\n| |");
            stats.keySet().forEach(g -> md.append(" γ=").append(Checks.format(g)).append(" |"));
            md.append("\n|---|");
            stats.keySet().forEach(g -> md.append("---:|"));
            md.append("\n| accuracy (%) |");
            stats.values().forEach(s -> md.append(' ').append(meanStd(s)).append(" |"));
            md.append("\n| seeds |");
            stats.values().forEach(s -> md.append(' ').append(s.accuracies().length).append(" |"));
            md.append("\n\n### Best gamma against gamma = 1 (the paper's Table 3)\n\n")
                    .append(
                            "| best γ | best accuracy (%) | accuracy at γ=1 (%) | diff_pct |"
                                    + " Welch's t-test p | seeds |\n")
                    .append("|---:|---:|---:|---:|---:|---:|\n")
                    .append(
                            String.format(
                                    Locale.ROOT,
                                    "| %s | %.2f | %s | %s | %s | %d |%n%n",
                                    Checks.format(c.bestGamma()),
                                    c.best(),
                                    Double.isNaN(c.atGammaOne())
                                            ? "n/a (γ=1 not run)"
                                            : String.format(Locale.ROOT, "%.2f", c.atGammaOne()),
                                    Double.isNaN(c.diffPct())
                                            ? "n/a"
                                            : String.format(Locale.ROOT, "%.3f", c.diffPct()),
                                    Double.isNaN(c.welchP())
                                            ? "n/a (needs 2+ seeds)"
                                            : String.format(Locale.ROOT, "%.3g", c.welchP()),
                                    c.seeds()));
            md.append("diff_pct = (best − accuracy at γ=1) / best × 100.\n\n");
            md.append(
                    "### Calibration at the best epoch (means over seeds)\n\n"
                            + "| γ | ECE (15 bins) | NLL |\n"
                            + "|---:|---:|---:|\n");
            stats.values()
                    .forEach(
                            s ->
                                    md.append(
                                            String.format(
                                                    Locale.ROOT,
                                                    "| %s | %s | %s |%n",
                                                    Checks.format(s.gamma()),
                                                    fixed(s.meanEce(), 4),
                                                    fixed(s.meanNll(), 4))));
            md.append('\n');
            String plot = reliabilityPlots.get(index++);
            if (plot != null) {
                md.append("![reliability of γ=1 and γ=")
                        .append(Checks.format(c.bestGamma()))
                        .append("](")
                        .append(plot)
                        .append(".png)\n\n");
            }
        }
        if (!groups.isEmpty()) {
            md.append(
                    "## Accuracy against gamma\n\n"
                            + "![accuracy vs gamma](accuracy-vs-gamma.png)"
                            + " ([SVG](accuracy-vs-gamma.svg))\n\n");
        }
        md.append(unfinished(rows, "| γ ", "---:", r -> Checks.format(r.gamma().doubleValue())));
        md.append(searchSection);
        md.append(Provenance.markdown(provenance));
        return md.toString();
    }

    /** The report of a sweep that also uses the confidence penalty or DisturbLabel. */
    private static String familiesMarkdown(
            Path file,
            List<ResultRow> rows,
            Map<String, List<ConfigStats>> groups,
            List<CalibrationRow> calibration,
            RunProvenance provenance,
            List<Cell> grid,
            String searchSection,
            Path out)
            throws IOException {
        StringBuilder md =
                new StringBuilder(
                        "# Sweep of label smoothing, confidence penalty and DisturbLabel\n\n");
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
                .append(
                        ". Accuracies are the best validation accuracy over the epochs, in percent,"
                            + " mean ± sample standard deviation over seeds. A configuration is"
                            + " gamma (probability on the true class), beta (weight of the"
                            + " confidence penalty, the loss minus beta times the entropy of the"
                            + " prediction) and alpha (DisturbLabel: each label replaced with"
                            + " probability alpha by a class drawn uniformly from all K); plain"
                            + " cross-entropy is gamma=1, beta=0, alpha=0. ECE and NLL are at each"
                            + " cell's best epoch, means over seeds.\n\n");
        if (groups.isEmpty()) {
            md.append("No cell has finished yet.\n\n");
        }
        for (var entry : groups.entrySet()) {
            String key = entry.getKey();
            List<ConfigStats> stats = entry.getValue();
            String plot = Plots.accuracyVsStrength(key, stats, out);
            ConfigStats ce = FamilyReport.crossEntropy(stats);
            ConfigStats best = FamilyReport.bestOverall(stats);
            List<double[]> ceBins =
                    ce == null ? List.of() : FamilyReport.bins(calibration, key, ce.config());
            List<double[]> bestBins = FamilyReport.bins(calibration, key, best.config());
            String reliability = null;
            if (!ceBins.isEmpty() && !bestBins.isEmpty()) {
                reliability =
                        Plots.reliability(
                                key,
                                "cross-entropy",
                                ceBins,
                                best == ce ? null : best.config().configLabel() + " (best)",
                                bestBins,
                                out);
            }
            md.append("## ")
                    .append(key)
                    .append("\n\n")
                    .append(FamilyReport.markdown(stats, plot, reliability, best));
        }
        md.append(unfinished(rows, "| configuration ", "---", r -> r.key().configLabel()));
        md.append(searchSection);
        md.append(Provenance.markdown(provenance));
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
    private static String unfinished(
            List<ResultRow> rows,
            String header,
            String alignment,
            java.util.function.Function<ResultRow, String> config) {
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

    private static String meanStd(GammaStats s) {
        return s.accuracies().length < 2
                ? String.format(Locale.ROOT, "%.2f", s.mean())
                : String.format(Locale.ROOT, "%.2f ± %.2f", s.mean(), s.std());
    }

    private static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    /** key -> gamma -> list of {lower, upper, count, confidence, accuracy}, seeds pooled. */
    private static Map<String, Map<Double, List<double[]>>> calibration(List<CalibrationRow> rows) {
        Map<String, Map<Double, List<double[]>>> out = new LinkedHashMap<>();
        for (CalibrationRow row : rows) {
            var bin = row.bin();
            double count = bin.count();
            double conf = Double.isNaN(bin.confidence()) ? 0 : bin.confidence();
            double acc = Double.isNaN(bin.accuracy()) ? 0 : bin.accuracy();
            out.computeIfAbsent(row.dataset() + " / " + row.model(), k -> new TreeMap<>())
                    .computeIfAbsent(row.gammaValue(), g -> new ArrayList<>())
                    .add(new double[] {bin.lower(), bin.upper(), count, conf * count, acc * count});
        }
        return out;
    }
}
