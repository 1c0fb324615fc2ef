package dev.labelsmooth.experiment.search;

/**
 * A shard of a search cannot decide its next rung: cells of other shards failed, or they did not
 * get through the rung within the wait limit. Nothing is lost; the message says what to start or
 * rerun.
 */
public final class SearchStalledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A stall described by {@code message}. */
    public SearchStalledException(String message) {
        super(message);
    }
}
