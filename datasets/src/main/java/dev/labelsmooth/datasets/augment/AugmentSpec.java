package dev.labelsmooth.datasets.augment;

import static dev.labelsmooth.core.Checks.require;

/**
 * How training batches are augmented: a random shift of up to {@code maxShift} of the width and
 * height, and a horizontal flip with probability {@code flipProbability}.
 *
 * @param maxShift fraction of width/height, in [0, 0.5)
 * @param flipProbability in [0, 1]
 */
public record AugmentSpec(double maxShift, double flipProbability) {

    /** The paper's (and the Keras example's) setting: 10% shifts, flips half the time. */
    public static final AugmentSpec PAPER = new AugmentSpec(0.1, 0.5);

    /** Checks that both values are fractions in [0, 1]. */
    public AugmentSpec {
        require(
                maxShift >= 0 && maxShift < 0.5,
                "maximum shift",
                "a fraction in [0, 0.5)",
                maxShift);
        require(
                flipProbability >= 0 && flipProbability <= 1,
                "flip probability",
                "in [0, 1]",
                flipProbability);
    }

    /** The largest shift in whole pixels along an axis of {@code size} pixels. */
    public int maxPixels(long size) {
        return (int) Math.floor(maxShift * size + 1e-9);
    }
}
