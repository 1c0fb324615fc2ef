package dev.labelsmooth.experiment.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@code epochs.csv} as read back: the cell's key and every metric of the epoch
 * (percentages for accuracies; NaN where the file has no value, e.g. no holdout).
 *
 * @param key the cell
 * @param epoch 1-based
 * @param learningRate the rate of the epoch
 * @param trainLoss training loss
 * @param trainAcc training accuracy
 * @param valLoss validation loss
 * @param valAcc validation accuracy
 * @param valNll validation NLL
 * @param valEce validation ECE
 * @param seconds wall time of the epoch
 * @param holdoutLoss holdout loss
 * @param holdoutAcc holdout accuracy
 */
public record EpochPoint(
        CellKey key,
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

    /** The point of a row just trained. */
    public static EpochPoint of(EpochRow row) {
        return new EpochPoint(
                CellKey.of(row.cell()),
                row.epoch(),
                row.learningRate(),
                row.trainLoss(),
                row.trainAcc(),
                row.valLoss(),
                row.valAcc(),
                row.valNll(),
                row.valEce(),
                row.seconds(),
                row.holdoutLoss(),
                row.holdoutAcc());
    }

    /**
     * Every row of an {@code epochs.csv}.
     *
     * @throws dev.labelsmooth.core.UsageException naming the file and line of a bad value
     */
    public static List<EpochPoint> read(Path file) throws IOException {
        List<EpochPoint> rows = new ArrayList<>();
        for (CsvFile.Row r :
                new CsvFile(file, EpochRow.COLUMNS)
                        .read(CellKey.required("epoch", "train_loss", "val_acc"))) {
            rows.add(
                    new EpochPoint(
                            CellKey.read(r),
                            r.integer("epoch"),
                            r.optionalNumber("lr"),
                            r.optionalNumber("train_loss"),
                            r.optionalNumber("train_acc"),
                            r.optionalNumber("val_loss"),
                            r.number("val_acc"),
                            r.optionalNumber("val_nll"),
                            r.optionalNumber("val_ece"),
                            r.optionalNumber("seconds"),
                            r.optionalNumber("holdout_loss"),
                            r.optionalNumber("holdout_acc")));
        }
        return rows;
    }
}
