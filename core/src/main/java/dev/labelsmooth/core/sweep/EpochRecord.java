package dev.labelsmooth.core.sweep;

/**
 * One epoch of one cell: a row of {@code epochs.csv}. Losses are the smoothed training objective
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
 */
public record EpochRecord(
        Cell cell,
        int epoch,
        double learningRate,
        double trainLoss,
        double trainAcc,
        double valLoss,
        double valAcc,
        double valNll,
        double valEce,
        double seconds) {}
