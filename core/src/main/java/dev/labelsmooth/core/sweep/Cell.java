package dev.labelsmooth.core.sweep;

import dev.labelsmooth.core.Checks;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * One training run of a sweep: a data set, a model, a gamma and a seed index.
 *
 * @param dataset data set name
 * @param numClasses its K
 * @param model model name
 * @param gamma probability on the true class
 * @param seed seed index, 1-based
 */
public record Cell(String dataset, int numClasses, String model, double gamma, int seed) {

    /** Szegedy et al.'s epsilon for this gamma and K. */
    public double epsilon() {
        return (1 - gamma) * numClasses / (numClasses - 1);
    }

    /** A stable identifier, safe as a file name, e.g. {@code embedded__resnet20-v1__g0.9__s1}. */
    public String id() {
        return (dataset.replace('/', '-')
                + "__"
                + model
                + "__g"
                + Checks.format(gamma)
                + "__s"
                + seed);
    }

    /**
     * The cell's random streams. They depend on the data set, the model and the seed index but not
     * on gamma, so every gamma of one seed starts from the same weights and sees the same batches
     * in the same order: differences between gammas are then the loss's alone.
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
