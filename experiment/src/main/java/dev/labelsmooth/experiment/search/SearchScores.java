package dev.labelsmooth.experiment.search;

import dev.labelsmooth.core.loss.LossConfig;
import dev.labelsmooth.experiment.store.CellKey;
import dev.labelsmooth.experiment.store.CellStatus;
import dev.labelsmooth.experiment.store.EpochRow;
import dev.labelsmooth.experiment.store.ResultRow;
import dev.labelsmooth.experiment.sweep.Cell;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What a search ranks by, read from a run directory: the mean over seeds of each cell's best
 * validation accuracy up to a rung's epoch. The live search, its report and the replay on a full
 * sweep all score through here, so they take the same decisions.
 */
public final class SearchScores {

    private SearchScores() {}

    /**
     * The order among configurations of equal score, preferred first: the reports' rule ({@link
     * CellKey#PREFERRED_ON_TIE}: the larger γ, then the smaller β, then the smaller α).
     */
    public static final Comparator<LossConfig> PREFERRED =
            Comparator.comparing(CellKey::of, CellKey.PREFERRED_ON_TIE);

    /** Whether {@code c} is plain cross-entropy. */
    public static boolean isBaseline(LossConfig c) {
        return c.family() == LossConfig.Family.CROSS_ENTROPY;
    }

    /** Epoch rows by cell and epoch; a repeated epoch keeps its last row. */
    public static Map<CellKey, NavigableMap<Integer, EpochRow.Validation>> byCell(
            List<EpochRow.Validation> rows) {
        Map<CellKey, NavigableMap<Integer, EpochRow.Validation>> out = new HashMap<>();
        for (EpochRow.Validation r : rows) {
            out.computeIfAbsent(r.key(), k -> new TreeMap<>()).put(r.epoch(), r);
        }
        return out;
    }

    /**
     * The search's scores from a run directory's rows: the mean over {@code seeds} seeds of each
     * cell's best validation accuracy up to the epoch, known once every seed has reached it (or
     * diverged).
     */
    public static SuccessiveHalving.Scores<LossConfig> scores(
            String dataset,
            String model,
            int seeds,
            Map<CellKey, ResultRow> results,
            Map<CellKey, NavigableMap<Integer, EpochRow.Validation>> epochs) {
        return (loss, epoch) -> {
            double sum = 0;
            for (int seed = 1; seed <= seeds; seed++) {
                CellKey key = CellKey.of(new Cell(dataset, model, loss, seed));
                NavigableMap<Integer, EpochRow.Validation> cell = epochs.get(key);
                ResultRow row = results.get(key);
                boolean diverged = row != null && row.status() == CellStatus.DIVERGED;
                if ((cell == null || !cell.containsKey(epoch)) && !diverged) {
                    return OptionalDouble.empty();
                }
                sum +=
                        cell == null
                                ? 0
                                : cell.headMap(epoch, true).values().stream()
                                        .mapToDouble(EpochRow.Validation::score)
                                        .max()
                                        .orElse(0);
            }
            return OptionalDouble.of(sum / seeds);
        };
    }
}
