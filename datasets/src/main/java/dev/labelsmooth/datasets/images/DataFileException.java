package dev.labelsmooth.datasets.images;

import java.io.IOException;

/**
 * A data file is missing or not what its format requires (bad magic, truncated, label out of range,
 * undecodable image, malformed JSON). The message names the file and the problem; the CLI reports
 * it as bad input.
 */
public class DataFileException extends IOException {

    private static final long serialVersionUID = 1L;

    public DataFileException(String message) {
        super(message);
    }

    public DataFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
