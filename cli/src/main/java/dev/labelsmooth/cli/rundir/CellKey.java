package dev.labelsmooth.cli.rundir;

import dev.labelsmooth.core.sweep.Cell;
import java.math.BigDecimal;
import java.util.List;

/**
 * What makes a row of the run directory belong to a cell: data set, model, gamma compared as a
 * number ({@code 1}, {@code 1.0} and epsilon 0 at any K are one gamma) and seed index.
 *
 * @param dataset data set name
 * @param model model name
 * @param gamma the probability on the true class, trailing zeros stripped
 * @param seed seed index
 */
public record CellKey(String dataset, String model, BigDecimal gamma, int seed) {

    /** The columns that name a cell, first in every file of the run directory. */
    public static final List<String> COLUMNS = List.of("dataset", "model", "gamma", "seed");

    /** {@link #COLUMNS} followed by a file's own columns. */
    static List<String> columns(String... more) {
        List<String> all = new java.util.ArrayList<>(COLUMNS);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }

    /** Normalises gamma so that equal numbers give equal keys. */
    public CellKey {
        gamma = gamma.stripTrailingZeros();
    }

    /** The key of a cell of the grid. */
    public static CellKey of(Cell cell) {
        return new CellKey(
                cell.dataset(),
                cell.model(),
                new BigDecimal(cell.smoothing().gammaText()),
                cell.seed());
    }

    @Override
    public String toString() {
        return dataset + " " + model + " gamma=" + gamma.toPlainString() + " seed=" + seed;
    }
}
