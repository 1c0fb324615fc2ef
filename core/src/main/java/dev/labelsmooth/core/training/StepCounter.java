package dev.labelsmooth.core.training;

import static dev.labelsmooth.core.Checks.require;

/**
 * The optimizer steps a training loop has taken. The loop owns it (it counts one per batch it
 * trains and sets it on resume), and the learning-rate schedule reads it: DJL's own update count
 * advances once per parameter copy and device, and restarts from a guess when a run resumes.
 */
public final class StepCounter {

    private long steps;

    /**
     * @param steps steps already taken (0 for a fresh run)
     */
    public StepCounter(long steps) {
        set(steps);
    }

    /** Steps taken so far. */
    public long steps() {
        return steps;
    }

    /** Sets the steps taken, e.g. to those of the checkpoint a run resumes from. */
    public void set(long steps) {
        require(steps >= 0, "steps", ">= 0", steps);
        this.steps = steps;
    }

    /** Counts one more step. */
    public void increment() {
        steps++;
    }
}
