package dev.labelsmooth.core;

/**
 * Bad input from the person running a command: an option value, a grid that does not fit a data
 * set, or a file they handed in that cannot be used. Its message names the value or the file and
 * what was expected. The command line ends with exit code 2 on it; every other exception is a
 * failure of the tool or the machine (exit code 1), and inside a sweep only fails the cell it
 * happened in.
 */
public class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong and what was expected, in one line
     */
    public UsageException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong and what was expected, in one line
     * @param cause the lower-level error, kept for the debug log
     */
    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
