package dev.labelsmooth.core.training;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The logits and labels of the holdout and validation sets at a run's selected epoch, kept so that
 * a temperature can be fitted on the holdout and the validation metrics recomputed after scaling,
 * and so that analyses can be rerun without training.
 *
 * @param numClasses K
 * @param holdoutLogits row-major (n, K) holdout logits
 * @param holdoutLabels n holdout classes
 * @param validationLogits row-major (m, K) validation logits
 * @param validationLabels m validation classes
 */
public record SelectedLogits(
        int numClasses,
        float[] holdoutLogits,
        long[] holdoutLabels,
        float[] validationLogits,
        long[] validationLabels) {

    /** Writes them to {@code file} (a checkpoint's copy, replaced atomically by the caller). */
    void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out =
                new DataOutputStream(
                        new java.io.BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(numClasses);
            writeArrays(out, holdoutLogits, holdoutLabels);
            writeArrays(out, validationLogits, validationLabels);
        }
        Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeArrays(DataOutputStream out, float[] logits, long[] labels)
            throws IOException {
        out.writeInt(labels.length);
        for (float v : logits) {
            out.writeFloat(v);
        }
        for (long v : labels) {
            out.writeLong(v);
        }
    }

    /** Reads what {@link #write} wrote, or null when {@code file} does not exist. */
    static SelectedLogits read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        try (InputStream stream = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(stream))) {
            int k = in.readInt();
            int n = in.readInt();
            float[] holdout = readFloats(in, n * k);
            long[] holdoutLabels = readLongs(in, n);
            int m = in.readInt();
            float[] validation = readFloats(in, m * k);
            long[] validationLabels = readLongs(in, m);
            return new SelectedLogits(k, holdout, holdoutLabels, validation, validationLabels);
        }
    }

    private static float[] readFloats(DataInputStream in, int n) throws IOException {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = in.readFloat();
        }
        return out;
    }

    private static long[] readLongs(DataInputStream in, int n) throws IOException {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = in.readLong();
        }
        return out;
    }
}
