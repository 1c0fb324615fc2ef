package dev.labelsmooth.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes NumPy {@code .npy} files (format version 1.0: the magic {@code \x93NUMPY}, a header
 * dictionary padded so that the data starts at a multiple of 64 bytes, then little-endian data in C
 * order), so that {@code numpy.load} reads the arrays without this tool.
 */
public final class NpyFiles {

    private NpyFiles() {}

    /** Writes a row-major {@code rows x columns} float32 matrix. */
    public static void writeFloats(Path file, float[] values, int rows, int columns)
            throws IOException {
        if ((long) rows * columns != values.length) {
            throw new IllegalArgumentException(
                    "values must be rows x columns = "
                            + rows
                            + " x "
                            + columns
                            + ", got "
                            + values.length);
        }
        ByteBuffer data = ByteBuffer.allocate(values.length * Float.BYTES);
        data.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
        write(file, "<f4", "(" + rows + ", " + columns + ")", data.array());
    }

    /** Writes a vector of int64. */
    public static void writeLongs(Path file, long[] values) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(values.length * Long.BYTES);
        data.order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(values);
        write(file, "<i8", "(" + values.length + ",)", data.array());
    }

    /** The header of version 1.0 for {@code descr} and {@code shape}, padded to 64 bytes. */
    static byte[] header(String descr, String shape) {
        String dict =
                "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 6 + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(padding) + "\n";
        ByteBuffer out = ByteBuffer.allocate(10 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.put((byte) 1).put((byte) 0);
        out.putShort((short) text.length());
        out.put(text.getBytes(StandardCharsets.US_ASCII));
        return out.array();
    }

    private static void write(Path file, String descr, String shape, byte[] data)
            throws IOException {
        byte[] header = header(descr, shape);
        AtomicFiles.write(
                file,
                out -> {
                    out.write(header);
                    out.write(data);
                });
    }
}
