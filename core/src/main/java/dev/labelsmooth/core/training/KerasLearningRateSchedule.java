package dev.labelsmooth.core.training;

import static dev.labelsmooth.core.Checks.require;

import ai.djl.training.tracker.Tracker;

/**
 * The step schedule of the Keras example {@code cifar10_resnet.py}, scaled from its 200 epochs to
 * any number E: for the 0-based epoch e the base rate is multiplied by 0.1 when e > 0.4E, 0.01 when
 * e > 0.6E, 1e-3 when e > 0.8E and 0.5e-3 when e > 0.9E (strict, so at E = 200 the drops happen
 * after epochs 80, 120, 160 and 180).
 *
 * <p>DJL's optimizers ask a tracker with their update count, 1 for the first update (plus any
 * {@code optBeginNumUpdate}), so used directly the epoch is {@code (numUpdate - 1) /
 * batchesPerEpoch}. That count is only right for one device and a run that never resumes; {@link
 * #drivenBy} gives the tracker the training loop uses, which reads the loop's own {@link
 * StepCounter} instead.
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

    /**
     * This schedule read from {@code counter}: the rate of the epoch the next step falls in,
     * however often and with whatever update count DJL asks.
     *
     * @param counter steps taken before the update being made
     * @return the tracker to give the optimizer
     */
    public Driven drivenBy(StepCounter counter) {
        return new Driven(counter);
    }

    /** The schedule on a {@link StepCounter}; remembers the last rate it gave. */
    public final class Driven implements Tracker {
        private final StepCounter counter;
        private double lastRate = Double.NaN;

        private Driven(StepCounter counter) {
            this.counter = java.util.Objects.requireNonNull(counter, "counter");
        }

        @Override
        public float getNewValue(int ignoredNumUpdate) {
            int epoch = Math.toIntExact(counter.steps() / batchesPerEpoch);
            lastRate = rateAtEpoch(epoch);
            return (float) lastRate;
        }

        /** The rate given to the optimizer at its last update (NaN before the first). */
        public double lastRate() {
            return lastRate;
        }
    }

    @Override
    public float getNewValue(int numUpdate) {
        int epoch = Math.max(0, numUpdate - 1) / batchesPerEpoch;
        return (float) rateAtEpoch(epoch);
    }
}
