package dev.labelsmooth.core.training;

import java.io.IOException;

/**
 * A checkpoint that cannot be resumed from: a truncated or empty file, state outside the run, or
 * parameters that do not fit the model. The training loop moves it aside and starts the run over.
 */
public class DamagedCheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message the file and what is wrong with it
     * @param cause the lower-level error, if any
     */
    public DamagedCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
