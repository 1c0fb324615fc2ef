package dev.labelsmooth.core.training;

import static dev.labelsmooth.core.Checks.require;

import ai.djl.training.tracker.Tracker;

/**
 * The step schedule of the Keras example {@code cifar10_resnet.py}, scaled from its 200 epochs to
 * any number E: for the 0-based epoch e the base rate is multiplied by 0.1 when e > 0.4E, 0.01 when
 * e > 0.6E, 1e-3 when e > 0.8E and 0.5e-3 when e > 0.9E (strict, so at E = 200 the drops happen
 * after epochs 80, 120, 160 and 180).
 *
 * <p>DJL's optimizers ask a tracker with the update count, 1 for the first update (plus any {@code
 * optBeginNumUpdate}), so the epoch is {@code (numUpdate - 1) / batchesPerEpoch}.
 */
public final class KerasLearningRateSchedule implements Tracker {

    private final double baseRate;
    private final int epochs;
    private final int batchesPerEpoch;

    /**
     * @param baseRate the rate before the first drop (the example's 1e-3)
     * @param epochs E
     * @param batchesPerEpoch optimizer updates per epoch
     */
    public KerasLearningRateSchedule(double baseRate, int epochs, int batchesPerEpoch) {
        require(
                baseRate > 0 && Double.isFinite(baseRate),
                "learning rate",
                "finite and > 0",
                baseRate);
        require(epochs >= 1, "epochs", ">= 1", epochs);
        require(batchesPerEpoch >= 1, "batches per epoch", ">= 1", batchesPerEpoch);
        this.baseRate = baseRate;
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
    }

    /** The rate of 0-based epoch {@code epoch} out of {@code epochs}. */
    public static double rate(double baseRate, int epoch, int epochs) {
        double e = epoch;
        double multiplier = 1;
        if (e > 0.9 * epochs) {
            multiplier = 0.5e-3;
        } else if (e > 0.8 * epochs) {
            multiplier = 1e-3;
        } else if (e > 0.6 * epochs) {
            multiplier = 1e-2;
        } else if (e > 0.4 * epochs) {
            multiplier = 1e-1;
        }
        return baseRate * multiplier;
    }

    /** The rate of 0-based epoch {@code epoch}. */
    public double rateAtEpoch(int epoch) {
        return rate(baseRate, epoch, epochs);
    }

    @Override
    public float getNewValue(int numUpdate) {
        int epoch = Math.max(0, numUpdate - 1) / batchesPerEpoch;
        return (float) rateAtEpoch(epoch);
    }
}
