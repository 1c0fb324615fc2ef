package dev.labelsmooth.experiment.store;

import dev.labelsmooth.experiment.sweep.Cell;
import java.util.List;

/**
 * One row of {@code epochs.csv}: one epoch of one cell. Losses are the smoothed training objective
 * (without the L2 term); accuracies are percentages; ECE uses 15 bins.
 *
 * @param cell the cell
 * @param epoch 1-based
 * @param learningRate the rate used in this epoch
 * @param trainLoss mean training loss
 * @param trainAcc training accuracy on the augmented batches
 * @param valLoss mean smoothed loss on the validation set
 * @param valAcc validation accuracy
 * @param valNll validation negative log-likelihood
 * @param valEce validation expected calibration error
 * @param seconds wall time of the epoch, validation included
 * @param holdoutLoss mean smoothed loss on the holdout, NaN without one
 * @param holdoutAcc holdout accuracy, NaN without one
 */
public record EpochRow(
        Cell cell,
        int epoch,
        double learningRate,
        double trainLoss,
        double trainAcc,
        double valLoss,
        double valAcc,
        double valNll,
        double valEce,
        double seconds,
        double holdoutLoss,
        double holdoutAcc) {

    /** A row of a run without a holdout. */
    public EpochRow(
            Cell cell,
            int epoch,
            double learningRate,
            double trainLoss,
            double trainAcc,
            double valLoss,
            double valAcc,
            double valNll,
            double valEce,
            double seconds) {
        this(
                cell,
                epoch,
                learningRate,
                trainLoss,
                trainAcc,
                valLoss,
                valAcc,
                valNll,
                valEce,
                seconds,
                Double.NaN,
                Double.NaN);
    }

    /** Every column, in file order. */
    public static final List<String> COLUMNS =
            CellKey.columns(
                    "epoch",
                    "lr",
                    "train_loss",
                    "train_acc",
                    "val_loss",
                    "val_acc",
                    "val_nll",
                    "val_ece",
                    "seconds",
                    "holdout_loss",
                    "holdout_acc");

    /** The columns naming the cell and the epoch. */
    static final List<String> KEY_COLUMNS = CellKey.required("epoch");

    List<String> fields() {
        return List.of(
                cell.dataset(),
                cell.model(),
                cell.smoothing().gammaText(),
                cell.loss().beta().toPlainString(),
                cell.loss().alpha().toPlainString(),
                Integer.toString(cell.seed()),
                Integer.toString(epoch),
                Numbers.csv(learningRate),
                Numbers.csv(trainLoss),
                Numbers.csv(trainAcc),
                Numbers.csv(valLoss),
                Numbers.csv(valAcc),
                Numbers.csv(valNll),
                Numbers.csv(valEce),
                Numbers.csv(seconds),
                Numbers.csv(holdoutLoss),
                Numbers.csv(holdoutAcc));
    }

    /**
     * What a search needs of one read row: the validation metrics of one epoch of a cell.
     *
     * @param key the cell
     * @param epoch 1-based
     * @param valAcc validation accuracy, percent
     * @param valNll validation NLL
     * @param valEce validation ECE
     * @param seconds wall time of the epoch
     * @param holdoutAcc holdout accuracy, percent, NaN without a holdout
     */
    public record Validation(
            CellKey key,
            int epoch,
            double valAcc,
            double valNll,
            double valEce,
            double seconds,
            double holdoutAcc) {

        /** What a search ranks by: the holdout accuracy where there is one, else validation's. */
        public double score() {
            return Double.isNaN(holdoutAcc) ? valAcc : holdoutAcc;
        }
    }

    /**
     * Reads the validation metrics of every epoch in an {@code epochs.csv}.
     *
     * @throws dev.labelsmooth.core.UsageException naming the file and line of a bad value
     */
    public static List<Validation> readValidation(java.nio.file.Path file)
            throws java.io.IOException {
        List<Validation> rows = new java.util.ArrayList<>();
        for (CsvFile.Row r :
                new CsvFile(file, COLUMNS).read(CellKey.required("epoch", "val_acc"))) {
            rows.add(
                    new Validation(
                            keyOf(r),
                            r.integer("epoch"),
                            r.number("val_acc"),
                            r.optionalNumber("val_nll"),
                            r.optionalNumber("val_ece"),
                            r.optionalNumber("seconds"),
                            r.optionalNumber("holdout_acc")));
        }
        return rows;
    }

    /** The cell a read row belongs to. */
    static CellKey keyOf(CsvFile.Row row) {
        return CellKey.read(row);
    }
}
