package dev.labelsmooth.experiment.report;

import static dev.labelsmooth.experiment.report.MarkdownText.fixed;
import static dev.labelsmooth.experiment.report.MarkdownText.meanStd;
import static dev.labelsmooth.experiment.report.MarkdownText.p;

import dev.labelsmooth.core.Checks;
import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.io.AtomicFiles;
import dev.labelsmooth.experiment.search.SearchReport;
import dev.labelsmooth.experiment.store.CalibrationRow;
import dev.labelsmooth.experiment.store.CellKey;
import dev.labelsmooth.experiment.store.EpochPoint;
import dev.labelsmooth.experiment.store.EpochRow;
import dev.labelsmooth.experiment.store.GroupKey;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders a sweep's report from files alone: {@code results.csv} (required), and when present
 * {@code calibration.csv} and {@code provenance.json} beside it. Writes {@code report.md}
 * (atomically), {@code summary.csv} and the plots into the output directory, and returns the tables
 * as a {@link Report}.
 */
public final class ReportWriter {

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(ReportWriter.class);

    private ReportWriter() {}

    /**
     * The paper's Table 3 for one data set and model: the best γ against γ = 1.
     *
     * @param best the best configuration by mean accuracy
     * @param gammaOne γ = 1, null when it was not run
     */
    private record Table3(ConfigStats best, ConfigStats gammaOne) {
        double diffPct() {
            return gammaOne == null ? Double.NaN : Statistics.diffPct(best, gammaOne);
        }

        boolean bestIsGammaOne() {
            return gammaOne != null && best.config().equals(gammaOne.config());
        }

        /** The best against γ = 1 on the paired design; null when either is missing or equal. */
        Comparison comparison() {
            return gammaOne == null || bestIsGammaOne() ? null : Statistics.compare(best, gammaOne);
        }
    }

    /**
     * What both report layouts render from.
     *
     * @param file the results file named at the top
     * @param rows every result row
     * @param groups each data set and model's configurations
     * @param vsCrossEntropy each data set and model's comparisons with cross-entropy
     * @param calibration the reliability bins of every cell
     * @param provenance the run's provenance, or null
     * @param grid the run's cells, or null without provenance
     * @param searchSection the search's section, or empty
     * @param curves the training curves section, or empty
     * @param out where the plots go
     */
    private record Page(
            Path file,
            List<ResultRow> rows,
            Map<GroupKey, List<ConfigStats>> groups,
            Map<GroupKey, List<Comparison>> vsCrossEntropy,
            List<CalibrationRow> calibration,
            RunProvenance provenance,
            List<Cell> grid,
            String searchSection,
            String curves,
            Path out) {

        /** What the accuracies of the page are, in a sentence. */
        String accuracyMeaning() {
            boolean holdout =
                    groups.values().stream()
                            .flatMap(List::stream)
                            .anyMatch(ConfigStats::hasHoldout);
            return holdout
                    ? "Accuracies are the test accuracy at each cell's epoch chosen on its holdout"
                            + " (images held out of the training split), in percent, mean ± sample"
                            + " standard deviation over seeds; the best configuration is chosen by"
                            + " its mean holdout accuracy, so the test split chooses nothing."
                            + " The paper's figure, the best test accuracy over the epochs, is"
                            + " optimistic and shown beside it."
                    : "Accuracies are the best validation accuracy over the epochs, in percent,"
                            + " mean ± sample standard deviation over seeds (the paper's figure;"
                            + " without a holdout the validation split, which is the test split,"
                            + " also chooses the epoch and the best configuration).";
        }

        /** The page's head: title, what was trained, progress and what the numbers mean. */
        String head(String title, String meaning) {
            return MarkdownText.head(
                    title, file, rows, provenance, grid, searchSection, meaning, !groups.isEmpty());
        }
    }

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
        requireUsableOut(sources, out);
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
        Map<GroupKey, List<ConfigStats>> all = Statistics.group(rows);
        Map<GroupKey, List<Comparison>> vsCrossEntropy = new LinkedHashMap<>();
        all.forEach(
                (key, stats) -> vsCrossEntropy.put(key, Statistics.compareWithCrossEntropy(stats)));
        ComparisonTable.writeCsv(out.resolve("comparisons.csv"), vsCrossEntropy);
        // With the other regularizers, Table 3 over gamma uses the cells of smoothing alone.
        Map<GroupKey, List<ConfigStats>> byGamma =
                byGammaAscending(
                        families
                                ? Statistics.group(
                                        rows.stream()
                                                .filter(
                                                        r ->
                                                                r.beta().signum() == 0
                                                                        && r.alpha().signum() == 0)
                                                .toList())
                                : all);
        Map<GroupKey, Table3> tables = new LinkedHashMap<>();
        byGamma.forEach((key, stats) -> tables.put(key, table3(stats)));
        List<SummaryRow> summary = summary(tables);
        SummaryRow.write(out.resolve("summary.csv"), summary);
        Path file = run.files().size() == 1 ? run.files().get(0) : written;
        long curvesStarted = System.nanoTime();
        String curves = curvesSection(run, out);
        LOG.debug(
                "training curves drawn in {} ms", (System.nanoTime() - curvesStarted) / 1_000_000);
        String searchSection = searchSection(run, provenance, grid, rows);
        String md;
        if (families) {
            FamilyReport.writeCsv(out.resolve("families.csv"), all, vsCrossEntropy);
            md =
                    familiesMarkdown(
                            new Page(
                                    file,
                                    rows,
                                    all,
                                    vsCrossEntropy,
                                    run.calibration(),
                                    provenance,
                                    grid,
                                    searchSection,
                                    curves,
                                    out));
        } else {
            Plots.accuracyVsGamma(byGamma, out);
            md =
                    gammaMarkdown(
                            new Page(
                                    file,
                                    rows,
                                    byGamma,
                                    vsCrossEntropy,
                                    run.calibration(),
                                    provenance,
                                    grid,
                                    searchSection,
                                    curves,
                                    out),
                            tables);
        }
        AtomicFiles.write(out.resolve("report.md"), md);
        HtmlReport.write(md, out);
        return new Report(out, rows, summary, all, vsCrossEntropy);
    }

    /**
     * The training curves of every data set and model, from the epochs beside every results file
     * (the run's and its shards'); empty where no epochs.csv is there.
     */
    private static String curvesSection(MergedRun run, Path out) throws IOException {
        Map<GroupKey, Map<String, List<EpochPoint>>> groups = new LinkedHashMap<>();
        for (Path results : run.files()) {
            Path beside = results.resolveSibling(RunDirectory.EPOCHS);
            if (Files.exists(beside)) {
                for (EpochPoint p : EpochPoint.read(beside)) {
                    groups.computeIfAbsent(
                                    new GroupKey(p.key().dataset(), p.key().model()),
                                    k -> new LinkedHashMap<>())
                            .computeIfAbsent(p.key().configLabel(), k -> new ArrayList<>())
                            .add(p);
                }
            }
        }
        if (groups.isEmpty()) {
            return "";
        }
        StringBuilder md =
                new StringBuilder(
                        "## Training curves\n\n"
                                + "Per configuration, the mean over its seeds at each epoch"
                                + " (line with markers) and ± one standard deviation (thin lines"
                                + " of the same colour) of the training loss, of the accuracy the"
                                + " epoch is chosen on (holdout where the run has one, else the"
                                + " test split) and of the learning rate. Cells a search stopped"
                                + " end where they stopped.\n\n");
        for (var group : groups.entrySet()) {
            md.append("### ").append(group.getKey()).append("\n\n");
            for (String name : Plots.trainingCurves(group.getKey(), group.getValue(), out)) {
                String what =
                        name.startsWith("curves-loss")
                                ? "training loss per epoch"
                                : name.startsWith("curves-accuracy")
                                        ? "accuracy per epoch"
                                        : "learning rate per epoch";
                md.append("![")
                        .append(what)
                        .append("](")
                        .append(name)
                        .append(".png) ([SVG](")
                        .append(name)
                        .append(".svg))\n\n");
            }
        }
        return md.toString();
    }

    /** A search's rung section, from every shard's epochs; empty for a sweep. */
    private static String searchSection(
            MergedRun run, RunProvenance provenance, List<Cell> grid, List<ResultRow> rows)
            throws IOException {
        if (provenance == null || provenance.config().search() == null || grid == null) {
            return "";
        }
        // A sharded search's epochs lie beside each shard's results.
        List<EpochRow.Validation> epochs = new ArrayList<>();
        for (Path results : run.files()) {
            Path beside = results.resolveSibling(RunDirectory.EPOCHS);
            if (Files.exists(beside)) {
                epochs.addAll(EpochRow.readValidation(beside));
            }
        }
        return SearchReport.markdown(provenance.config(), grid, rows, epochs);
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

    /** Each group's configurations by γ ascending, as the γ tables and plot show them. */
    private static Map<GroupKey, List<ConfigStats>> byGammaAscending(
            Map<GroupKey, List<ConfigStats>> groups) {
        Map<GroupKey, List<ConfigStats>> out = new LinkedHashMap<>();
        groups.forEach(
                (key, stats) ->
                        out.put(
                                key,
                                stats.stream()
                                        .sorted(Comparator.comparing(s -> s.config().gamma()))
                                        .toList()));
        return out;
    }

    /** The best γ by mean accuracy (ties to the larger γ) against γ = 1. */
    private static Table3 table3(List<ConfigStats> stats) {
        return new Table3(Statistics.best(stats), Statistics.crossEntropy(stats));
    }

    private static List<SummaryRow> summary(Map<GroupKey, Table3> tables) {
        List<SummaryRow> rows = new ArrayList<>();
        tables.forEach(
                (key, t) ->
                        rows.add(
                                new SummaryRow(
                                        key.dataset(),
                                        key.model(),
                                        gamma(t.best()),
                                        t.best().mean(),
                                        t.gammaOne() == null ? Double.NaN : t.gammaOne().mean(),
                                        t.diffPct(),
                                        t.best().seeds())));
        return rows;
    }

    private static double gamma(ConfigStats s) {
        return s.config().gamma().doubleValue();
    }

    private static String gammaMarkdown(Page page, Map<GroupKey, Table3> tables)
            throws IOException {
        List<ResultRow> rows = page.rows();
        Map<GroupKey, List<ConfigStats>> groups = page.groups();
        Map<GroupKey, List<Comparison>> vsCrossEntropy = page.vsCrossEntropy();
        List<CalibrationRow> calibration = page.calibration();
        Path out = page.out();
        StringBuilder md =
                new StringBuilder(
                        page.head(
                                "Label smoothing sweep",
                                page.accuracyMeaning()
                                        + " Gamma is the probability on the true class."));
        for (var entry : groups.entrySet()) {
            GroupKey key = entry.getKey();
            List<ConfigStats> stats = entry.getValue();
            Table3 t = tables.get(key);
            md.append("## ")
                    .append(key)
                    .append("\n\n")
                    .append(
                            Conclusion.markdown(
                                    key,
                                    stats,
                                    vsCrossEntropy.getOrDefault(key, List.of()),
                                    calibration,
                                    s -> "γ=" + Checks.format(gamma(s))))
                    .append("### Best validation accuracy per gamma\n\n| |");
            stats.forEach(s -> md.append(" γ=").append(Checks.format(gamma(s))).append(" |"));
            md.append("\n|---|");
            stats.forEach(s -> md.append("---:|"));
            md.append("\n| accuracy (%) |");
            stats.forEach(s -> md.append(' ').append(meanStd(s)).append(" |"));
            if (stats.stream().allMatch(ConfigStats::hasHoldout)) {
                md.append("\n| holdout accuracy (%), which chooses |");
                stats.forEach(
                        s ->
                                md.append(' ')
                                        .append(
                                                MarkdownText.meanStd(
                                                        s.holdoutMean(),
                                                        sampleStd(s.holdoutAccuracies()),
                                                        s.seeds(),
                                                        2))
                                        .append(" |"));
                md.append("\n| best test accuracy over the epochs (%), the paper's figure |");
                stats.forEach(
                        s ->
                                md.append(' ')
                                        .append(
                                                MarkdownText.meanStd(
                                                        s.paperMean(),
                                                        sampleStd(s.paperAccuracies()),
                                                        s.seeds(),
                                                        2))
                                        .append(" |"));
            }
            md.append("\n| seeds |");
            stats.forEach(s -> md.append(' ').append(s.seeds()).append(" |"));
            md.append("\n\n")
                    .append(
                            ComparisonTable.markdown(
                                    vsCrossEntropy.getOrDefault(key, List.of()),
                                    c -> "γ=" + Checks.format(c.config().gamma().doubleValue())));
            Comparison best = t.comparison();
            md.append("### Best gamma against gamma = 1 (the paper's Table 3)\n\n")
                    .append(
                            "| best γ | best accuracy (%) | accuracy at γ=1 (%) | diff_pct |"
                                    + " Δ (pp) [95% CI] | p | seeds |\n")
                    .append("|---:|---:|---:|---:|---:|---:|---:|\n")
                    .append(
                            String.format(
                                    Locale.ROOT,
                                    "| %s | %.2f | %s | %s | %s | %s | %d |%n%n",
                                    Checks.format(gamma(t.best())),
                                    t.best().mean(),
                                    t.gammaOne() == null
                                            ? "n/a (γ=1 not run)"
                                            : String.format(
                                                    Locale.ROOT, "%.2f", t.gammaOne().mean()),
                                    fixed(t.diffPct(), 3),
                                    t.bestIsGammaOne()
                                            ? "— (γ=1 is the best)"
                                            : best == null
                                                    ? "n/a (γ=1 not run)"
                                                    : String.format(
                                                            Locale.ROOT,
                                                            "%+.2f [%+.2f, %+.2f]",
                                                            best.meanDifference(),
                                                            best.ciLow(),
                                                            best.ciHigh()),
                                    t.bestIsGammaOne()
                                            ? "—"
                                            : best == null
                                                    ? "n/a"
                                                    : Double.isNaN(best.p())
                                                            ? "n/a (needs 2+ seeds)"
                                                            : p(best.p())
                                                                    + (best.paired()
                                                                            ? ""
                                                                            : " (Welch)"),
                                    t.best().seeds()));
            md.append(
                    "diff_pct = (best − accuracy at γ=1) / best × 100. The best γ is chosen on the"
                        + " same accuracies it is compared on, so its difference is biased upward"
                        + " (the winner's curse): with no effect at all, the best of several γ"
                        + " still beats γ=1 on average. Read it with the paired table above, whose"
                        + " p-values are corrected for the number of γ.\n\n");
            md.append(
                    "### Calibration at the best epoch (mean ± std over seeds)\n\n"
                            + "| γ | ECE (15 bins) | NLL |\n"
                            + "|---:|---:|---:|\n");
            stats.forEach(
                    s ->
                            md.append(
                                    String.format(
                                            Locale.ROOT,
                                            "| %s | %s | %s |%n",
                                            Checks.format(gamma(s)),
                                            MarkdownText.meanStd(
                                                    s.meanEce(), s.eceStd(), s.seeds(), 4),
                                            MarkdownText.meanStd(
                                                    s.meanNll(), s.nllStd(), s.seeds(), 4))));
            md.append('\n')
                    .append(CalibrationTable.markdown(stats, s -> "γ=" + Checks.format(gamma(s))));
            String plot = reliabilityPlot(key, t, calibration, out);
            if (plot != null) {
                md.append(
                                t.bestIsGammaOne()
                                        ? "![reliability of γ=1, the best γ"
                                        : "![reliability of γ=1 and γ="
                                                + Checks.format(gamma(t.best())))
                        .append("](")
                        .append(plot)
                        .append(".png)\n\n");
            }
            md.append(
                    reliabilityGrid(
                            key, stats, calibration, s -> "γ=" + Checks.format(gamma(s)), out));
        }
        if (!groups.isEmpty()) {
            md.append(
                    "## Accuracy against gamma\n\n"
                            + "![accuracy vs gamma](accuracy-vs-gamma.png)"
                            + " ([SVG](accuracy-vs-gamma.svg))\n\n");
        }
        md.append(
                MarkdownText.unfinished(
                        rows, "| γ ", "---:", r -> Checks.format(r.gamma().doubleValue())));
        md.append(page.curves());
        md.append(page.searchSection());
        md.append(Provenance.markdown(page.provenance()));
        return md.toString();
    }

    /** γ = 1 against the best γ, when both have reliability bins; the file name, else null. */
    private static String reliabilityPlot(
            GroupKey key, Table3 t, List<CalibrationRow> calibration, Path out) throws IOException {
        if (t.gammaOne() == null) {
            return null;
        }
        List<double[]> one = Statistics.pooledBins(calibration, key, t.gammaOne().config());
        List<double[]> best = Statistics.pooledBins(calibration, key, t.best().config());
        if (one.isEmpty() || best.isEmpty()) {
            return null;
        }
        boolean oneIsBest = t.best().config().equals(t.gammaOne().config());
        return Plots.reliability(
                key,
                "gamma=1",
                one,
                oneIsBest ? null : "gamma=" + Checks.format(gamma(t.best())) + " (best)",
                best,
                out);
    }

    /**
     * The small multiples of every configuration's reliability with its Markdown, or nothing when
     * no configuration has bins.
     */
    private static String reliabilityGrid(
            GroupKey key,
            List<ConfigStats> stats,
            List<CalibrationRow> calibration,
            java.util.function.Function<ConfigStats, String> label,
            Path out)
            throws IOException {
        List<Plots.ReliabilityPanel> panels = new java.util.ArrayList<>();
        for (ConfigStats s : stats) {
            List<double[]> bins = Statistics.pooledBins(calibration, key, s.config());
            if (!bins.isEmpty()) {
                panels.add(
                        new Plots.ReliabilityPanel(
                                label.apply(s),
                                bins,
                                s.meanEce(),
                                s.heldOutMean(ResultRow.HeldOut::testEceTs)));
            }
        }
        if (panels.isEmpty()) {
            return "";
        }
        String name = Plots.reliabilityGrid(key, panels, out);
        return "### Reliability of every configuration\n\n"
                + "One panel per configuration: accuracy against mean confidence in each of the 15"
                + " confidence bins (points; the diagonal is perfect calibration) and the share of"
                + " the examples in each bin (steps), bins pooled over the seeds at each cell's"
                + " selected epoch, before temperature scaling; the title gives the mean ECE over"
                + " the seeds, and after temperature scaling when the run has a holdout.\n\n"
                + "!["
                + "reliability of every configuration"
                + "]("
                + name
                + ".png) ([SVG]("
                + name
                + ".svg))\n\n";
    }

    /**
     * Refuses an output that is a file, or a directory holding another run (its results would be
     * overwritten by the merged ones).
     */
    private static void requireUsableOut(List<Path> sources, Path out) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException(
                    "'out' must be a directory for the report, got the file " + out);
        }
        Path target = out.toAbsolutePath().normalize();
        boolean isSource =
                sources.stream()
                        .map(s -> Files.isRegularFile(s) ? s.toAbsolutePath().getParent() : s)
                        .anyMatch(s -> s.toAbsolutePath().normalize().equals(target));
        if (!isSource && Files.exists(out.resolve(RunDirectory.PROVENANCE))) {
            throw new UsageException(
                    "'out' must not hold another run, got "
                            + out
                            + " with its own "
                            + RunDirectory.PROVENANCE
                            + " (its results.csv would be overwritten); choose a new directory");
        }
    }

    /** The report of a sweep that also uses the confidence penalty or DisturbLabel. */
    private static String familiesMarkdown(Page page) throws IOException {
        List<ResultRow> rows = page.rows();
        Map<GroupKey, List<ConfigStats>> groups = page.groups();
        Map<GroupKey, List<Comparison>> vsCrossEntropy = page.vsCrossEntropy();
        List<CalibrationRow> calibration = page.calibration();
        Path out = page.out();
        StringBuilder md =
                new StringBuilder(
                        page.head(
                                "Sweep of label smoothing, confidence penalty and DisturbLabel",
                                page.accuracyMeaning()
                                        + " A configuration is gamma (probability on the true"
                                        + " class), beta (weight of the confidence penalty, the"
                                        + " loss minus beta times the entropy of the prediction)"
                                        + " and alpha (DisturbLabel: each label replaced with"
                                        + " probability alpha by a class drawn uniformly from all"
                                        + " K); plain cross-entropy is gamma=1, beta=0, alpha=0."
                                        + " ECE and NLL are at each cell's best epoch, means over"
                                        + " seeds."));
        for (var entry : groups.entrySet()) {
            GroupKey key = entry.getKey();
            List<ConfigStats> stats = entry.getValue();
            String plot = Plots.accuracyVsStrength(key, stats, out);
            ConfigStats ce = Statistics.crossEntropy(stats);
            ConfigStats best = Statistics.best(stats);
            List<double[]> ceBins =
                    ce == null ? List.of() : Statistics.pooledBins(calibration, key, ce.config());
            List<double[]> bestBins = Statistics.pooledBins(calibration, key, best.config());
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
                    .append(
                            Conclusion.markdown(
                                    key,
                                    stats,
                                    vsCrossEntropy.getOrDefault(key, List.of()),
                                    calibration,
                                    s -> s.config().configLabel()))
                    .append(
                            FamilyReport.markdown(
                                    stats,
                                    vsCrossEntropy.getOrDefault(key, List.of()),
                                    rows.stream()
                                            .filter(r -> GroupKey.of(r).equals(key))
                                            .mapToInt(ResultRow::numClasses)
                                            .max()
                                            .orElse(0),
                                    plot,
                                    reliability,
                                    best))
                    .append(
                            reliabilityGrid(
                                    key, stats, calibration, s -> s.config().configLabel(), out));
        }
        md.append(
                MarkdownText.unfinished(
                        rows, "| configuration ", "---", r -> r.key().configLabel()));
        md.append(page.curves());
        md.append(page.searchSection());
        md.append(Provenance.markdown(page.provenance()));
        return md.toString();
    }

    private static double sampleStd(double[] values) {
        return values.length < 2
                ? 0
                : Math.sqrt(org.apache.commons.math3.stat.StatUtils.variance(values));
    }
}
