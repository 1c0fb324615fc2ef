package dev.labelsmooth.core.training;

/**
 * Training stopped because a {@link StopRequest} was made; the checkpoint holds the step it reached
 * (when the loop has a checkpoint directory), and the same loop run again resumes there.
 */
public final class TrainingStoppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final int epoch;
    private final int step;

    /**
     * @param reason what asked for the stop, e.g. {@code SIGTERM}
     * @param epoch the 1-based epoch in progress
     * @param step the optimizer steps done in it
     */
    public TrainingStoppedException(String reason, int epoch, int step) {
        this("stopped by " + reason + " at epoch " + epoch + " step " + step, reason, epoch, step);
    }

    private TrainingStoppedException(String message, String reason, int epoch, int step) {
        super(message);
        this.reason = reason;
        this.epoch = epoch;
        this.step = step;
    }

    /**
     * A stop while no cell was training, e.g. while a search waited for other shards ({@link
     * #epoch} and {@link #step} are 0).
     *
     * @param reason what asked for the stop
     * @param doing what the process was doing, e.g. {@code while waiting for other shards}
     */
    public static TrainingStoppedException between(String reason, String doing) {
        return new TrainingStoppedException("stopped by " + reason + " " + doing, reason, 0, 0);
    }

    /** What asked for the stop. */
    public String reason() {
        return reason;
    }

    /** The 1-based epoch in progress when training stopped. */
    public int epoch() {
        return epoch;
    }

    /** The optimizer steps done in that epoch. */
    public int step() {
        return step;
    }
}
