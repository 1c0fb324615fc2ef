package dev.labelsmooth.experiment.store;

import dev.labelsmooth.core.UsageException;

/** How a cell ended: the {@code status} column of {@code results.csv}. */
public enum CellStatus {
    /** Trained all its epochs. */
    DONE("done"),
    /** Its loss became NaN or infinite; kept on resume, since a rerun would diverge again. */
    DIVERGED("diverged"),
    /** An error stopped it; tried again on resume. */
    FAILED("failed"),
    /** A search stopped it early (successive halving); {@code epochs} is the epoch it reached. */
    STOPPED("stopped");

    private final String id;

    CellStatus(String id) {
        this.id = id;
    }

    /** The value in {@code results.csv}. */
    public String id() {
        return id;
    }

    /** Whether a resume keeps the cell instead of training it again. */
    public boolean finished() {
        return this != FAILED;
    }

    /**
     * The status written as {@code id}.
     *
     * @param id the column's value
     * @param where the file and line, for the message
     * @return the status
     * @throws UsageException naming the value and the accepted ones
     */
    public static CellStatus of(String id, String where) {
        for (CellStatus s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new UsageException(
                "status must be done, diverged, failed or stopped, got '" + id + "' " + where);
    }
}
