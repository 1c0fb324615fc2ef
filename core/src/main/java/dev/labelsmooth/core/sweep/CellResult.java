package dev.labelsmooth.core.sweep;

/**
 * The outcome of a finished cell: one row of {@code results.csv}. Accuracies are percentages.
 *
 * @param cell the cell
 * @param status {@code done}, {@code diverged} (the loss became NaN or infinite) or {@code failed}
 * @param bestValAcc best validation accuracy over the epochs
 * @param bestEpoch its 1-based epoch (0 if none finished)
 * @param finalValAcc validation accuracy after the last epoch
 * @param valNll validation negative log-likelihood at the best epoch
 * @param valEce validation expected calibration error (15 bins) at the best epoch
 * @param epochs epochs completed
 * @param trainSeconds wall time spent training and validating, over all sessions
 */
public record CellResult(
        Cell cell,
        Status status,
        double bestValAcc,
        int bestEpoch,
        double finalValAcc,
        double valNll,
        double valEce,
        int epochs,
        double trainSeconds) {

    /** How a cell ended. */
    public enum Status {
        DONE("done"),
        DIVERGED("diverged"),
        FAILED("failed");

        private final String id;

        Status(String id) {
            this.id = id;
        }

        /** The value in {@code results.csv}. */
        public String id() {
            return id;
        }

        public static Status of(String id) {
            for (Status s : values()) {
                if (s.id.equals(id)) {
                    return s;
                }
            }
            throw new IllegalArgumentException(
                    "status must be done, diverged or failed, got '" + id + "'");
        }
    }
}
