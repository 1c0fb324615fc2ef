package dev.labelsmooth.cli.rundir;

import dev.labelsmooth.core.sweep.Cell;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@code results.csv}: a finished cell. Accuracies are percentages, unrounded; gamma and
 * epsilon are written as the user gave one of them (the other derived). A file needs only the
 * {@link #REQUIRED} columns to be read; the others read as NaN, 0 or null when absent.
 *
 * @param dataset data set name
 * @param model model name
 * @param gamma probability on the true class
 * @param seed seed index
 * @param bestValAcc best validation accuracy over the epochs
 * @param status how the cell ended
 * @param numClasses K (0 when absent)
 * @param epsilon Szegedy et al.'s epsilon (null when absent)
 * @param epochs epochs completed (0 when absent)
 * @param bestEpoch the 1-based epoch of the best accuracy (0 if none)
 * @param finalValAcc validation accuracy after the last epoch
 * @param valNll validation negative log-likelihood at the best epoch
 * @param valEce validation expected calibration error (15 bins) at the best epoch
 * @param trainSeconds wall time spent training and validating, over all sessions
 */
public record ResultRow(
        String dataset,
        String model,
        BigDecimal gamma,
        int seed,
        double bestValAcc,
        CellStatus status,
        int numClasses,
        BigDecimal epsilon,
        int epochs,
        int bestEpoch,
        double finalValAcc,
        double valNll,
        double valEce,
        double trainSeconds) {

    /** Every column, in file order. */
    public static final List<String> COLUMNS =
            List.of(
                    "dataset",
                    "model",
                    "gamma",
                    "seed",
                    "best_val_acc",
                    "status",
                    "num_classes",
                    "epsilon",
                    "epochs",
                    "best_epoch",
                    "final_val_acc",
                    "val_nll",
                    "val_ece",
                    "train_seconds");

    /** The columns a results file must have. */
    public static final List<String> REQUIRED = COLUMNS.subList(0, 6);

    /** The row of a cell that ran to its end (done) or diverged. */
    public static ResultRow of(
            Cell cell,
            CellStatus status,
            double bestValAcc,
            int bestEpoch,
            double finalValAcc,
            double valNll,
            double valEce,
            int epochs,
            double trainSeconds) {
        return new ResultRow(
                cell.dataset(),
                cell.model(),
                new BigDecimal(cell.smoothing().gammaText()),
                cell.seed(),
                bestValAcc,
                status,
                cell.numClasses(),
                new BigDecimal(cell.smoothing().epsilonText()),
                epochs,
                bestEpoch,
                finalValAcc,
                valNll,
                valEce,
                trainSeconds);
    }

    /** The row of a cell that an error stopped. */
    public static ResultRow failed(Cell cell) {
        return of(cell, CellStatus.FAILED, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, 0, 0);
    }

    /** The cell this row belongs to. */
    public CellKey key() {
        return new CellKey(dataset, model, gamma, seed);
    }

    /** Whether the cell trained all its epochs. */
    public boolean done() {
        return status == CellStatus.DONE;
    }

    /** The fields in {@link #COLUMNS} order, as written. */
    List<String> fields() {
        return List.of(
                dataset,
                model,
                Numbers.csv(gamma),
                Integer.toString(seed),
                Numbers.csv(bestValAcc),
                status.id(),
                numClasses == 0 ? "" : Integer.toString(numClasses),
                Numbers.csv(epsilon),
                Integer.toString(epochs),
                Integer.toString(bestEpoch),
                Numbers.csv(finalValAcc),
                Numbers.csv(valNll),
                Numbers.csv(valEce),
                Numbers.csv(trainSeconds));
    }

    /**
     * Reads a results file.
     *
     * @param file a results.csv
     * @return its rows in file order
     * @throws dev.labelsmooth.core.UsageException naming the file and line of a bad value
     */
    public static List<ResultRow> read(Path file) throws IOException {
        List<ResultRow> rows = new ArrayList<>();
        for (CsvFile.Row r : new CsvFile(file, COLUMNS).read(REQUIRED)) {
            rows.add(
                    new ResultRow(
                            r.text("dataset"),
                            r.text("model"),
                            r.decimal("gamma"),
                            r.integer("seed"),
                            r.number("best_val_acc"),
                            CellStatus.of(r.text("status"), r.where()),
                            r.optionalInteger("num_classes", 0),
                            r.has("epsilon") ? r.decimal("epsilon") : null,
                            r.optionalInteger("epochs", 0),
                            r.optionalInteger("best_epoch", 0),
                            r.optionalNumber("final_val_acc"),
                            r.optionalNumber("val_nll"),
                            r.optionalNumber("val_ece"),
                            r.optionalNumber("train_seconds")));
        }
        return rows;
    }
}
