package dev.labelsmooth.datasets.idx;

import dev.labelsmooth.datasets.images.DataFileException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (LeCun et al.'s MNIST format), plain or gzip-compressed (by a {@code .gz}
 * suffix), checking magic numbers and that the data length matches the header exactly.
 */
public final class IdxReader {

    /** Magic of an unsigned-byte 3-d array (images). */
    public static final int IMAGES_MAGIC = 0x00000803;

    /** Magic of an unsigned-byte 1-d array (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {}

    /**
     * Images of an IDX3 file.
     *
     * @param count N
     * @param rows H
     * @param cols W
     * @param pixels N * H * W bytes
     */
    public record Images(int count, int rows, int cols, byte[] pixels) {}

    /** Reads an images file (magic 0x00000803). */
    public static Images readImages(Path file) throws IOException {
        return readImages(Files.newInputStream(file), file.toString());
    }

    /**
     * Reads images from a stream, gzip-compressed when {@code file} ends in {@code .gz}; {@code
     * file} names it in errors. Closes the stream.
     */
    public static Images readImages(InputStream stream, String file) throws IOException {
        try (DataInputStream in = open(stream, file)) {
            checkMagic(in.readInt(), IMAGES_MAGIC, "images", file);
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count == 0) {
                throw new DataFileException(
                        "IDX images file must hold at least one image, got 0 in " + file);
            }
            if (count < 0
                    || rows <= 0
                    || cols <= 0
                    || (long) count * rows * cols > Integer.MAX_VALUE - 64) {
                throw new DataFileException(
                        "IDX image dimensions must be positive and fit in memory, got "
                                + count
                                + "x"
                                + rows
                                + "x"
                                + cols
                                + " in "
                                + file);
            }
            byte[] pixels =
                    readExactly(
                            in,
                            count * rows * cols,
                            "pixels of " + count + " images of " + rows + "x" + cols,
                            file);
            return new Images(count, rows, cols, pixels);
        } catch (EOFException e) {
            throw new DataFileException("IDX header is truncated in " + file, e);
        }
    }

    /**
     * Reads a labels file (magic 0x00000801) and checks every label is below {@code numClasses}.
     */
    public static int[] readLabels(Path file, int numClasses) throws IOException {
        return readLabels(Files.newInputStream(file), file.toString(), numClasses);
    }

    /**
     * Reads labels from a stream, as {@link #readImages(InputStream, String)}. Closes the stream.
     */
    public static int[] readLabels(InputStream stream, String file, int numClasses)
            throws IOException {
        try (DataInputStream in = open(stream, file)) {
            checkMagic(in.readInt(), LABELS_MAGIC, "labels", file);
            int count = in.readInt();
            if (count < 0) {
                throw new DataFileException(
                        "IDX label count must be >= 0, got " + count + " in " + file);
            }
            byte[] raw = readExactly(in, count, "labels", file);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xFF;
                if (labels[i] >= numClasses) {
                    throw new DataFileException(
                            "label "
                                    + i
                                    + " must be in [0, "
                                    + numClasses
                                    + "), got "
                                    + labels[i]
                                    + " in "
                                    + file);
                }
            }
            return labels;
        } catch (EOFException e) {
            throw new DataFileException("IDX header is truncated in " + file, e);
        }
    }

    private static DataInputStream open(InputStream stream, String source) throws IOException {
        InputStream raw = new BufferedInputStream(stream, 1 << 16);
        if (source.endsWith(".gz")) {
            try {
                raw = new GZIPInputStream(raw, 1 << 16);
            } catch (java.util.zip.ZipException e) {
                throw new DataFileException(
                        source
                                + " must be gzip-compressed (its name ends in .gz), got: "
                                + e.getMessage(),
                        e);
            }
        }
        return new DataInputStream(raw);
    }

    private static void checkMagic(int magic, int expected, String what, String file)
            throws IOException {
        if (magic != expected) {
            throw new DataFileException(
                    String.format(
                            "IDX magic for %s must be 0x%08x, got 0x%08x in %s",
                            what, expected, magic, file));
        }
    }

    private static byte[] readExactly(DataInputStream in, int length, String what, String file)
            throws IOException {
        byte[] data = in.readNBytes(length);
        if (data.length != length) {
            throw new DataFileException(
                    "IDX file is truncated: expected "
                            + length
                            + " bytes of "
                            + what
                            + ", got "
                            + data.length
                            + " in "
                            + file);
        }
        if (in.read() != -1) {
            throw new DataFileException(
                    "IDX file has data after the "
                            + length
                            + " bytes of "
                            + what
                            + " its header announces in "
                            + file);
        }
        return data;
    }
}
