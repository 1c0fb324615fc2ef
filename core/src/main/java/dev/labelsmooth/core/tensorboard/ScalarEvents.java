package dev.labelsmooth.core.tensorboard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the scalar summaries back from an event file (every record CRC-checked), e.g. to check what
 * a run wrote without TensorBoard. Other events (file version, HParams records) are skipped.
 */
public final class ScalarEvents {

    /**
     * One scalar.
     *
     * @param step the step (the epoch, for this project's files)
     * @param tag its tag
     * @param value its value
     */
    public record Scalar(long step, String tag, float value) {}

    private ScalarEvents() {}

    /** Every scalar of {@code file}, in file order. */
    public static List<Scalar> read(Path file) throws IOException {
        List<Scalar> out = new ArrayList<>();
        for (byte[] event : TfRecord.readAll(file)) {
            ByteBuffer in = ByteBuffer.wrap(event).order(ByteOrder.LITTLE_ENDIAN);
            long step = 0;
            List<byte[]> summaries = new ArrayList<>();
            while (in.hasRemaining()) {
                long key = varint(in);
                int field = (int) (key >>> 3);
                int type = (int) (key & 7);
                if (field == 2 && type == 0) {
                    step = varint(in);
                } else if (field == 5 && type == 2) {
                    summaries.add(delimited(in));
                } else {
                    skip(in, type);
                }
            }
            for (byte[] summary : summaries) {
                ByteBuffer s = ByteBuffer.wrap(summary).order(ByteOrder.LITTLE_ENDIAN);
                while (s.hasRemaining()) {
                    long key = varint(s);
                    if (key == ((1 << 3) | 2)) {
                        scalar(delimited(s), step, out);
                    } else {
                        skip(s, (int) (key & 7));
                    }
                }
            }
        }
        return out;
    }

    private static void scalar(byte[] value, long step, List<Scalar> out) {
        ByteBuffer v = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        String tag = null;
        Float simple = null;
        while (v.hasRemaining()) {
            long key = varint(v);
            if (key == ((1 << 3) | 2)) {
                tag = new String(delimited(v), StandardCharsets.UTF_8);
            } else if (key == ((2 << 3) | 5)) {
                simple = v.getFloat();
            } else {
                skip(v, (int) (key & 7));
            }
        }
        if (tag != null && simple != null) {
            out.add(new Scalar(step, tag, simple));
        }
    }

    private static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    private static byte[] delimited(ByteBuffer in) {
        byte[] bytes = new byte[(int) varint(in)];
        in.get(bytes);
        return bytes;
    }

    private static void skip(ByteBuffer in, int type) {
        switch (type) {
            case 0 -> varint(in);
            case 1 -> in.position(in.position() + 8);
            case 2 -> delimited(in);
            case 5 -> in.position(in.position() + 4);
            default -> throw new IllegalArgumentException("unknown wire type " + type);
        }
    }
}
