package dev.labelsmooth.experiment.store;

import dev.labelsmooth.experiment.sweep.Cell;
import java.math.BigDecimal;
import java.util.List;

/**
 * What makes a row of the run directory belong to a cell: data set, model, gamma, β and α compared
 * as numbers ({@code 1}, {@code 1.0} and epsilon 0 at any K are one gamma) and seed index.
 *
 * @param dataset data set name
 * @param model model name
 * @param gamma the probability on the true class, trailing zeros stripped
 * @param beta the confidence penalty's weight, trailing zeros stripped
 * @param alpha DisturbLabel's probability, trailing zeros stripped
 * @param seed seed index
 */
public record CellKey(
        String dataset,
        String model,
        BigDecimal gamma,
        BigDecimal beta,
        BigDecimal alpha,
        int seed) {

    /** The columns that name a cell, first in every file of the run directory. */
    public static final List<String> COLUMNS =
            List.of("dataset", "model", "gamma", "beta", "alpha", "seed");

    /**
     * The key columns every file must have. {@code beta} and {@code alpha} came later: a file
     * without them holds cells of label smoothing alone, and reads them as 0.
     */
    public static final List<String> REQUIRED = List.of("dataset", "model", "gamma", "seed");

    /** The value of a key column a file of an earlier version lacks. */
    static final java.util.Map<String, String> ABSENT = java.util.Map.of("beta", "0", "alpha", "0");

    /** A key of label smoothing alone (β = 0, α = 0). */
    public CellKey(String dataset, String model, BigDecimal gamma, int seed) {
        this(dataset, model, gamma, BigDecimal.ZERO, BigDecimal.ZERO, seed);
    }

    /** The key of a read row; β and α read as 0 where the file lacks them. */
    static CellKey read(CsvFile.Row row) {
        return new CellKey(
                row.text("dataset"),
                row.text("model"),
                row.decimal("gamma"),
                row.optionalDecimal("beta", BigDecimal.ZERO),
                row.optionalDecimal("alpha", BigDecimal.ZERO),
                row.integer("seed"));
    }

    /** {@link #REQUIRED} followed by a file's own required columns. */
    static List<String> required(String... more) {
        List<String> all = new java.util.ArrayList<>(REQUIRED);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }

    /** {@link #COLUMNS} followed by a file's own columns. */
    static List<String> columns(String... more) {
        List<String> all = new java.util.ArrayList<>(COLUMNS);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }

    /** Normalises the numbers so that equal numbers give equal keys. */
    public CellKey {
        gamma = gamma.stripTrailingZeros();
        beta = beta.stripTrailingZeros();
        alpha = alpha.stripTrailingZeros();
    }

    /** The key of a cell of the grid. */
    public static CellKey of(Cell cell) {
        return new CellKey(
                cell.dataset(),
                cell.model(),
                new BigDecimal(cell.smoothing().gammaText()),
                cell.loss().beta(),
                cell.loss().alpha(),
                cell.seed());
    }

    /**
     * Among configurations of equal accuracy, the one preferred: the larger γ, then the smaller β,
     * then the smaller α (the least regularization). The reports and {@code search} break every tie
     * by it; data set, model and seed do not take part.
     */
    public static final java.util.Comparator<CellKey> PREFERRED_ON_TIE =
            java.util.Comparator.comparing(CellKey::gamma, java.util.Comparator.reverseOrder())
                    .thenComparing(CellKey::beta)
                    .thenComparing(CellKey::alpha);

    /** The key of a loss configuration alone (no data set, model or seed). */
    public static CellKey of(dev.labelsmooth.core.loss.LossConfig loss) {
        return new CellKey(
                "", "", new BigDecimal(loss.smoothing().gammaText()), loss.beta(), loss.alpha(), 0);
    }

    /** The key of the same configuration with another seed index. */
    public CellKey withSeed(int other) {
        return new CellKey(dataset, model, gamma, beta, alpha, other);
    }

    /** For example {@code gamma=0.9}, {@code gamma=1 beta=0.5}: β and α when not 0. */
    public String configLabel() {
        return "gamma="
                + gamma.toPlainString()
                + (beta.signum() > 0 ? " beta=" + beta.toPlainString() : "")
                + (alpha.signum() > 0 ? " alpha=" + alpha.toPlainString() : "");
    }

    @Override
    public String toString() {
        return dataset + " " + model + " " + configLabel() + " seed=" + seed;
    }
}
