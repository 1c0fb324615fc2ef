package dev.labelsmooth.experiment.search;

import dev.labelsmooth.core.loss.LossConfig;
import dev.labelsmooth.experiment.store.CellKey;
import dev.labelsmooth.experiment.store.EpochRow;
import dev.labelsmooth.experiment.store.GroupKey;
import dev.labelsmooth.experiment.store.ResultRow;
import dev.labelsmooth.experiment.sweep.Cell;
import dev.labelsmooth.experiment.sweep.SearchSettings;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The section a search adds to its report: per data set and model, the rungs (which configurations
 * were kept at which epoch, with their scores), the choice, and the cost in epochs against the full
 * grid's. The decisions are replayed from the run directory's rows with the search's own code.
 */
public final class SearchReport {

    private SearchReport() {}

    /**
     * The Markdown section.
     *
     * @param config the search's configuration (its {@code search} is set)
     * @param grid every cell of the grid
     * @param results the result rows
     * @param epochs the validation metrics of every epoch trained
     */
    public static String markdown(
            SweepConfig config,
            List<Cell> grid,
            List<ResultRow> results,
            List<EpochRow.Validation> epochs) {
        SearchSettings settings = config.search();
        SuccessiveHalving halving = SuccessiveHalving.of(settings, config.epochs());
        Map<CellKey, ResultRow> byKey = new HashMap<>();
        results.forEach(r -> byKey.put(r.key(), r));
        Map<CellKey, NavigableMap<Integer, EpochRow.Validation>> byCell =
                SearchScores.byCell(epochs);
        Map<GroupKey, List<LossConfig>> groups = new LinkedHashMap<>();
        for (Cell c : grid) {
            List<LossConfig> configs =
                    groups.computeIfAbsent(GroupKey.of(c), k -> new ArrayList<>());
            if (!configs.contains(c.loss())) {
                configs.add(c.loss());
            }
        }
        StringBuilder md =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "## Search: successive halving (eta %d, first rung %d epochs,"
                                        + " baseline %s)%n%n",
                                settings.eta(),
                                settings.minEpochs(),
                                settings.baseline()
                                        ? "trained to the end"
                                        : "stopped like the rest"));
        md.append(
                "Each rung ranks its configurations by the mean over seeds of the best validation"
                        + " accuracy up to the rung's epoch and keeps the best 1/eta (ties to the"
                        + " larger gamma, then the smaller beta and alpha); survivors continue on"
                        + " the learning-rate schedule of the full run. Configurations stopped"
                        + " early have status `stopped` in results.csv.\n\n");
        for (var entry : groups.entrySet()) {
            GroupKey dm = entry.getKey();
            var progress =
                    halving.run(
                            entry.getValue(),
                            SearchScores.PREFERRED,
                            SearchScores.scores(
                                    dm.dataset(), dm.model(), config.seeds(), byKey, byCell));
            long trained = 0;
            for (var e : byCell.entrySet()) {
                if (e.getKey().dataset().equals(dm.dataset())
                        && e.getKey().model().equals(dm.model())) {
                    trained += e.getValue().size();
                }
            }
            long full = (long) entry.getValue().size() * config.seeds() * config.epochs();
            md.append("### ").append(entry.getKey()).append("\n\n");
            md.append(SearchReplay.rungTable(progress)).append('\n');
            md.append(
                    progress.finished()
                            ? "Chosen: **" + progress.choice().label() + "**. "
                            : "Not finished: the next rung trains "
                                    + progress.toTrain().size()
                                    + " configurations to epoch "
                                    + progress.nextEpoch()
                                    + ". ");
            md.append(
                    String.format(
                            Locale.ROOT,
                            "Epochs trained: %d of the full grid's %d (%.1f%%).%n%n",
                            trained,
                            full,
                            100.0 * trained / full));
        }
        return md.toString();
    }
}
