package dev.labelsmooth.experiment.search;

import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.loss.LossConfig;
import dev.labelsmooth.experiment.store.CellKey;
import dev.labelsmooth.experiment.store.CellStatus;
import dev.labelsmooth.experiment.store.EpochRow;
import dev.labelsmooth.experiment.store.GroupKey;
import dev.labelsmooth.experiment.store.ResultRow;
import dev.labelsmooth.experiment.store.RunDirectory;
import dev.labelsmooth.experiment.store.RunProvenance;
import dev.labelsmooth.experiment.sweep.Cell;
import dev.labelsmooth.experiment.sweep.SearchSettings;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Replays a search on a finished full sweep: the decisions a live search takes (the same {@link
 * SearchScores}), read from the sweep's own {@code epochs.csv}, then the choice's full-grid
 * accuracy against the grid's best and the epochs the search would have trained. Nothing is
 * trained.
 *
 * @param dataset data set name
 * @param model model name
 * @param progress the replayed search
 * @param fullMean every configuration's full-run mean best accuracy, in grid order
 * @param fullStd its sample standard deviation over seeds
 * @param gridBest the configuration with the best full-run mean (ties to the preferred one)
 * @param searchEpochs epochs the search trains, all seeds (with the baseline when it is kept)
 * @param gridEpochs epochs the full grid trains, all seeds
 */
public record SearchReplay(
        String dataset,
        String model,
        SuccessiveHalving.Progress<LossConfig> progress,
        Map<LossConfig, Double> fullMean,
        Map<LossConfig, Double> fullStd,
        LossConfig gridBest,
        long searchEpochs,
        long gridEpochs) {

    /**
     * Replays {@code settings} on each data set and model of the sweep in {@code runDir}.
     *
     * @throws UsageException when the directory holds no finished full sweep
     */
    public static List<SearchReplay> of(Path runDir, SearchSettings settings) throws IOException {
        RunDirectory dir = new RunDirectory(runDir);
        if (!Files.isRegularFile(dir.provenance()) || !Files.isRegularFile(dir.epochs())) {
            throw new UsageException(
                    "'replay' must name the run directory of a finished sweep, with its"
                            + " provenance.json and epochs.csv, got "
                            + runDir);
        }
        RunProvenance provenance = dir.readProvenance();
        SweepConfig config = provenance.config();
        SuccessiveHalving halving = SuccessiveHalving.of(settings, config.epochs());
        List<Cell> cells = config.cells();
        Map<CellKey, ResultRow> results = new HashMap<>();
        dir.readResults().forEach(r -> results.put(r.key(), r));
        requireFullSweep(runDir, cells, results);
        Map<CellKey, NavigableMap<Integer, EpochRow.Validation>> epochs =
                SearchScores.byCell(dir.readEpochValidation());
        Map<GroupKey, List<LossConfig>> groups = new LinkedHashMap<>();
        for (Cell c : cells) {
            List<LossConfig> configs =
                    groups.computeIfAbsent(GroupKey.of(c), k -> new ArrayList<>());
            if (!configs.contains(c.loss())) {
                configs.add(c.loss());
            }
        }
        List<SearchReplay> out = new ArrayList<>();
        for (var entry : groups.entrySet()) {
            GroupKey dm = entry.getKey();
            List<LossConfig> configs = entry.getValue();
            var scores =
                    SearchScores.scores(dm.dataset(), dm.model(), config.seeds(), results, epochs);
            var progress = halving.run(configs, SearchScores.PREFERRED, scores);
            if (!progress.finished()) {
                throw new UsageException(
                        "'replay' must name a finished sweep, got "
                                + runDir
                                + " where "
                                + dm.dataset()
                                + " "
                                + dm.model()
                                + " lacks epoch "
                                + progress.nextEpoch()
                                + " of "
                                + progress.toTrain().get(0).label());
            }
            Map<LossConfig, Double> mean = new LinkedHashMap<>();
            Map<LossConfig, Double> std = new LinkedHashMap<>();
            LossConfig best = null;
            for (LossConfig c : configs) {
                // The full-run score, computed as the search computes its scores.
                double full = scores.at(c, config.epochs()).orElse(Double.NaN);
                double[] acc = new double[config.seeds()];
                for (int seed = 1; seed <= config.seeds(); seed++) {
                    acc[seed - 1] =
                            bestOf(
                                    epochs.get(
                                            CellKey.of(
                                                    new Cell(dm.dataset(), dm.model(), c, seed))));
                }
                mean.put(c, full);
                std.put(
                        c,
                        acc.length < 2
                                ? 0
                                : Math.sqrt(org.apache.commons.math3.stat.StatUtils.variance(acc)));
                if (best == null
                        || full > mean.get(best)
                        || (full == mean.get(best)
                                && SearchScores.PREFERRED.compare(c, best) < 0)) {
                    best = c;
                }
            }
            long searchEpochs = SuccessiveHalving.epochsTrained(progress);
            if (settings.baseline()) {
                searchEpochs += baselineExtra(progress, config.epochs());
            }
            out.add(
                    new SearchReplay(
                            dm.dataset(),
                            dm.model(),
                            progress,
                            mean,
                            std,
                            best,
                            searchEpochs * config.seeds(),
                            (long) configs.size() * config.epochs() * config.seeds()));
        }
        return out;
    }

    private static double bestOf(NavigableMap<Integer, EpochRow.Validation> rows) {
        // As the search scores a seed: 0 for one that diverged before any epoch.
        return rows == null
                ? 0
                : rows.values().stream().mapToDouble(EpochRow.Validation::valAcc).max().orElse(0);
    }

    /** Epochs the baseline trains beyond the rung that stopped it (0 when it is not stopped). */
    static long baselineExtra(SuccessiveHalving.Progress<LossConfig> progress, int epochs) {
        for (SuccessiveHalving.Rung<LossConfig> rung : progress.rungs()) {
            for (LossConfig c : rung.stopped()) {
                if (SearchScores.isBaseline(c)) {
                    return epochs - rung.epoch();
                }
            }
        }
        return 0;
    }

    /** The choice's full-grid mean minus the grid best's, in points (0 when it is the best). */
    public double gap() {
        return fullMean.get(gridBest) - fullMean.get(progress.choice());
    }

    /** Epochs trained by the search as a fraction of the full grid's. */
    public double costRatio() {
        return (double) searchEpochs / gridEpochs;
    }

    /**
     * A replay needs every cell trained to its last epoch: a search's own directory (cells it
     * stopped early) or an unfinished sweep would replay on epochs that were never trained.
     */
    private static void requireFullSweep(
            Path runDir, List<Cell> cells, Map<CellKey, ResultRow> results) {
        for (Cell c : cells) {
            ResultRow row = results.get(CellKey.of(c));
            String why =
                    row == null
                            ? "has no result"
                            : row.status() == CellStatus.STOPPED
                                    ? "was stopped at epoch "
                                            + row.epochs()
                                            + " by a search (this is a search's directory)"
                                    : row.status() == CellStatus.FAILED ? "failed" : null;
            if (why != null) {
                throw new UsageException(
                        "'replay' must name the run directory of a full sweep, every cell trained"
                                + " to its last epoch, got "
                                + runDir
                                + " where "
                                + c.id()
                                + " "
                                + why);
            }
        }
    }

    /**
     * The rungs as a Markdown table: each rung's epoch and its configurations with their scores,
     * best first, the kept ones in bold.
     */
    public static String rungTable(SuccessiveHalving.Progress<LossConfig> progress) {
        StringBuilder md = new StringBuilder();
        md.append(
                "| rung | epoch | configuration: score (mean over seeds of the best validation"
                        + " accuracy so far, %), kept in bold | kept |\n");
        md.append("|---:|---:|---|---:|\n");
        for (var rung : progress.rungs()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < rung.ranked().size(); i++) {
                var s = rung.ranked().get(i);
                String text =
                        String.format(Locale.ROOT, "%s: %.2f", s.candidate().label(), s.score());
                parts.add(i < rung.kept() ? "**" + text + "**" : text);
            }
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %d | %d | %s | %d of %d |%n",
                            rung.index(),
                            rung.epoch(),
                            String.join(", ", parts),
                            rung.kept(),
                            rung.ranked().size()));
        }
        return md.toString();
    }

    /** The replay as Markdown: rungs, choice against the grid's best, cost. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("### ").append(dataset).append(" / ").append(model).append("\n\n");
        md.append(rungTable(progress));
        LossConfig choice = progress.choice();
        md.append(
                String.format(
                        Locale.ROOT,
                        "%nChosen: %s, full-grid accuracy %.2f ± %.2f%%; the grid's best: %s, %.2f"
                            + " ± %.2f%%; gap %.2f points (%s one seed standard deviation of the"
                            + " best). Epochs trained: %d of the grid's %d (%.1f%%).%n",
                        choice.label(),
                        fullMean.get(choice),
                        fullStd.get(choice),
                        gridBest.label(),
                        fullMean.get(gridBest),
                        fullStd.get(gridBest),
                        gap(),
                        gap() <= fullStd.get(gridBest) ? "within" : "outside",
                        searchEpochs,
                        gridEpochs,
                        100 * costRatio()));
        return md.toString();
    }
}
