package dev.labelsmooth.core.tensorboard;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard's event files: each record is its length as a
 * little-endian uint64, the masked CRC-32C of those 8 bytes, the payload, and the masked CRC-32C of
 * the payload. The mask is {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8} (mod 2^32).
 */
public final class TfRecord {

    private static final int MASK_DELTA = 0xa282ead8;

    private TfRecord() {}

    /** The masked CRC-32C (Castagnoli) of {@code data}. */
    public static int maskedCrc32c(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + MASK_DELTA;
    }

    /** The framed record of {@code payload}. */
    public static byte[] frame(byte[] payload) {
        byte[] length = littleEndian(payload.length, 8);
        byte[] record = new byte[8 + 4 + payload.length + 4];
        System.arraycopy(length, 0, record, 0, 8);
        System.arraycopy(littleEndian(maskedCrc32c(length) & 0xFFFFFFFFL, 4), 0, record, 8, 4);
        System.arraycopy(payload, 0, record, 12, payload.length);
        System.arraycopy(
                littleEndian(maskedCrc32c(payload) & 0xFFFFFFFFL, 4),
                0,
                record,
                12 + payload.length,
                4);
        return record;
    }

    /** Writes {@code payload} as one record. */
    public static void write(OutputStream out, byte[] payload) throws IOException {
        out.write(frame(payload));
    }

    /**
     * Every record of a TFRecord file, each checked against both of its CRCs.
     *
     * @throws IOException naming the record whose length or payload does not match its CRC, or a
     *     file cut short
     */
    public static java.util.List<byte[]> readAll(java.nio.file.Path file) throws IOException {
        byte[] data = java.nio.file.Files.readAllBytes(file);
        java.nio.ByteBuffer in =
                java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.util.List<byte[]> records = new java.util.ArrayList<>();
        while (in.hasRemaining()) {
            int n = records.size();
            if (in.remaining() < 12) {
                throw new IOException("record " + n + " of " + file + " is cut short");
            }
            byte[] length = new byte[8];
            in.get(length);
            if (in.getInt() != maskedCrc32c(length)) {
                throw new IOException("record " + n + " of " + file + ": length CRC mismatch");
            }
            long size =
                    java.nio.ByteBuffer.wrap(length)
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                            .getLong();
            if (size < 0 || size > in.remaining() - 4) {
                throw new IOException("record " + n + " of " + file + " is cut short");
            }
            byte[] payload = new byte[(int) size];
            in.get(payload);
            if (in.getInt() != maskedCrc32c(payload)) {
                throw new IOException("record " + n + " of " + file + ": payload CRC mismatch");
            }
            records.add(payload);
        }
        return records;
    }

    private static byte[] littleEndian(long value, int bytes) {
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            out[i] = (byte) (value >>> (8 * i));
        }
        return out;
    }
}
