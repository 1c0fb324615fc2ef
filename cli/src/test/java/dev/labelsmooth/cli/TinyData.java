package dev.labelsmooth.cli;

import dev.labelsmooth.datasets.idx.IdxWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** A small MNIST-layout data set written as real IDX files, for tests that need files on disk. */
final class TinyData {

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";

    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private TinyData() {}

    /**
     * Writes {@code DIR/mnist/} with 100 training and 50 test images of 28x28, ten classes, each
     * class a brighter band so that a model can learn it.
     */
    static Path mnist(Path dataDir, long seed) throws IOException {
        Path dir = Files.createDirectories(dataDir.resolve("mnist"));
        write(dir, "train", 100, seed);
        write(dir, "t10k", 50, seed + 1);
        return dataDir;
    }

    private static void write(Path dir, String split, int count, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * 28 * 28];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 10;
            for (int p = 0; p < 28 * 28; p++) {
                int row = p / 28;
                boolean band = row / 3 == labels[i];
                pixels[i * 784 + p] = (byte) (band ? 200 + random.nextInt(50) : random.nextInt(40));
            }
        }
        IdxWriter.writeImages(dir.resolve(split + "-images-idx3-ubyte"), count, 28, 28, pixels);
        IdxWriter.writeLabels(dir.resolve(split + "-labels-idx1-ubyte"), labels);
    }
}
