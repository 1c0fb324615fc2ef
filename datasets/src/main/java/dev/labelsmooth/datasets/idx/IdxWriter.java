package dev.labelsmooth.datasets.idx;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes IDX files, gzip-compressed when the name ends in {@code .gz}; for subsets and fixtures.
 */
public final class IdxWriter {

    private IdxWriter() {}

    /** Writes {@code count} images of {@code rows x cols} bytes. */
    public static void writeImages(Path file, int count, int rows, int cols, byte[] pixels)
            throws IOException {
        if (pixels.length != count * rows * cols) {
            throw new IllegalArgumentException(
                    "pixel count must be "
                            + count * rows * cols
                            + " for "
                            + count
                            + "x"
                            + rows
                            + "x"
                            + cols
                            + ", got "
                            + pixels.length);
        }
        try (DataOutputStream out = open(file)) {
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            out.write(pixels);
        }
    }

    /** Writes labels, each in [0, 255]. */
    public static void writeLabels(Path file, int[] labels) throws IOException {
        try (DataOutputStream out = open(file)) {
            out.writeInt(IdxReader.LABELS_MAGIC);
            out.writeInt(labels.length);
            for (int label : labels) {
                out.writeByte(label);
            }
        }
    }

    private static DataOutputStream open(Path file) throws IOException {
        OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            raw = new GZIPOutputStream(raw, 1 << 16);
        }
        return new DataOutputStream(raw);
    }
}
