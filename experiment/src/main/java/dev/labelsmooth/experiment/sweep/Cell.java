package dev.labelsmooth.experiment.sweep;

import dev.labelsmooth.core.Checks;
import dev.labelsmooth.core.loss.LossConfig;
import dev.labelsmooth.core.loss.Smoothing;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One training run of a sweep: a data set, a model, a loss configuration (γ, β, α) and a seed
 * index. Two cells are the same cell when these are equal, the values compared as numbers.
 *
 * @param dataset data set name
 * @param model model name
 * @param loss the output regularizers, resolved against the data set's K
 * @param seed seed index, 1-based
 */
public record Cell(String dataset, String model, LossConfig loss, int seed) {

    /** Checks that every part is present and the seed index is positive. */
    public Cell {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(loss, "loss");
        Checks.require(seed >= 1, "seed index", ">= 1", seed);
    }

    /** A cell of label smoothing alone (β = 0, α = 0). */
    public Cell(String dataset, String model, Smoothing smoothing, int seed) {
        this(dataset, model, LossConfig.of(smoothing), seed);
    }

    /** The cell's label smoothing. */
    public Smoothing smoothing() {
        return loss.smoothing();
    }

    /** The data set's K. */
    public int numClasses() {
        return loss.numClasses();
    }

    /** The probability on the true class. */
    public double gamma() {
        return loss.smoothing().gamma();
    }

    /**
     * A stable identifier, safe as a file name, e.g. {@code embedded__resnet20-v1__g0.9__s1}; β and
     * α appear only when not 0 ({@code ...__g1__b0.5__a0.1__s1}), so cells of label smoothing alone
     * keep the identifiers of runs made before those axes existed.
     *
     * @return the identifier
     */
    public String id() {
        return dataset.replace('/', '-')
                + "__"
                + model
                + "__g"
                + Checks.format(smoothing().gamma())
                + (loss.beta().signum() > 0 ? "__b" + loss.beta().toPlainString() : "")
                + (loss.alpha().signum() > 0 ? "__a" + loss.alpha().toPlainString() : "")
                + "__s"
                + seed;
    }

    /**
     * The cell's random streams. They depend on the data set, the model and the seed index but not
     * on the loss configuration, so every configuration of one seed starts from the same weights
     * and sees the same batches in the same order: differences between them are then the loss's
     * alone. DisturbLabel's draws have their own stream, also shared by every α of one seed.
     *
     * @return the seeds of weight initialisation, of the data and of DisturbLabel
     */
    public CellSeeds seeds() {
        long key = 0xcbf29ce484222325L;
        for (byte b : (dataset + "|" + model).getBytes(StandardCharsets.UTF_8)) {
            key = (key ^ b) * 0x100000001b3L;
        }
        SplittableRandom root = new SplittableRandom(key + 0x9E3779B97F4A7C15L * seed);
        SplittableRandom init = root.split();
        SplittableRandom data = root.split();
        SplittableRandom disturb = root.split();
        return new CellSeeds(init.nextInt(), data.nextLong(), disturb.nextLong());
    }

    /**
     * Seeds derived from a cell.
     *
     * @param init the engine seed set before the weights are initialised
     * @param data the seed of batch order and augmentation
     * @param disturb the seed of DisturbLabel's label draws
     */
    public record CellSeeds(int init, long data, long disturb) {}
}
