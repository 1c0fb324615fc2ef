package dev.labelsmooth.core.sweep;

import dev.labelsmooth.core.Checks;
import dev.labelsmooth.core.loss.Smoothing;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One training run of a sweep: a data set, a model, a smoothing value and a seed index. Two cells
 * are the same cell when these are equal, the smoothing compared as a number.
 *
 * @param dataset data set name
 * @param model model name
 * @param smoothing the smoothing, resolved against the data set's K
 * @param seed seed index, 1-based
 */
public record Cell(String dataset, String model, Smoothing smoothing, int seed) {

    /** Checks that every part is present and the seed index is positive. */
    public Cell {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(smoothing, "smoothing");
        Checks.require(seed >= 1, "seed index", ">= 1", seed);
    }

    /** The data set's K. */
    public int numClasses() {
        return smoothing.numClasses();
    }

    /** The probability on the true class. */
    public double gamma() {
        return smoothing.gamma();
    }

    /**
     * A stable identifier, safe as a file name, e.g. {@code embedded__resnet20-v1__g0.9__s1}.
     *
     * @return the identifier
     */
    public String id() {
        return dataset.replace('/', '-')
                + "__"
                + model
                + "__g"
                + Checks.format(smoothing.gamma())
                + "__s"
                + seed;
    }

    /**
     * The cell's random streams. They depend on the data set, the model and the seed index but not
     * on gamma, so every gamma of one seed starts from the same weights and sees the same batches
     * in the same order: differences between gammas are then the loss's alone.
     *
     * @return the seeds of weight initialisation and of the data
     */
    public CellSeeds seeds() {
        long key = 0xcbf29ce484222325L;
        for (byte b : (dataset + "|" + model).getBytes(StandardCharsets.UTF_8)) {
            key = (key ^ b) * 0x100000001b3L;
        }
        SplittableRandom root = new SplittableRandom(key + 0x9E3779B97F4A7C15L * seed);
        SplittableRandom init = root.split();
        SplittableRandom data = root.split();
        return new CellSeeds(init.nextInt(), data.nextLong());
    }

    /**
     * Seeds derived from a cell.
     *
     * @param init the engine seed set before the weights are initialised
     * @param data the seed of batch order and augmentation
     */
    public record CellSeeds(int init, long data) {}
}
