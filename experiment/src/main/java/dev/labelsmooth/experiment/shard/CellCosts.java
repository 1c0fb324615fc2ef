package dev.labelsmooth.experiment.shard;

import dev.labelsmooth.datasets.DataSource;
import dev.labelsmooth.datasets.DatasetCatalog;
import dev.labelsmooth.experiment.sweep.Cell;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import dev.labelsmooth.models.ModelName;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A cell's estimated cost, known before any file is read: training images x epochs x the model's
 * forward multiply-adds per image. Shards are balanced on it; it is also what {@code --plan}
 * prints.
 */
public final class CellCosts implements ToDoubleFunction<Cell> {

    /** Training images assumed where a data set's size depends on its files (Decathlon tasks). */
    static final int ASSUMED_TRAIN_IMAGES = 10_000;

    private final SweepConfig config;
    private final Map<String, Long> macs = new HashMap<>();

    /**
     * @param config the sweep, for the epochs, limits and image size
     */
    public CellCosts(SweepConfig config) {
        this.config = config;
    }

    /** Whether the data set's size is assumed rather than known. */
    boolean assumed(String dataset) {
        return config.limitTrain() == 0
                && DatasetCatalog.of(dataset, config.imageSize()).nominalTrainImages().isEmpty();
    }

    /** The training images a cell of {@code dataset} sees per epoch. */
    int trainImages(String dataset) {
        DataSource source = DatasetCatalog.of(dataset, config.imageSize());
        int full = source.nominalTrainImages().orElse(ASSUMED_TRAIN_IMAGES);
        return config.limitTrain() > 0 ? Math.min(config.limitTrain(), full) : full;
    }

    /** Multiply-adds of training the cell: images x epochs x forward MACs per image. */
    @Override
    public double applyAsDouble(Cell cell) {
        DataSource source = DatasetCatalog.of(cell.dataset(), config.imageSize());
        String[] shape = source.imageShape().split("x");
        long perImage =
                macs.computeIfAbsent(
                        cell.model() + " " + source.imageShape() + " " + cell.numClasses(),
                        key ->
                                ModelName.parse(cell.model())
                                        .forwardMacs(
                                                Integer.parseInt(shape[0]),
                                                Integer.parseInt(shape[1]),
                                                Integer.parseInt(shape[2]),
                                                cell.numClasses()));
        return (double) trainImages(cell.dataset()) * config.epochs() * perImage;
    }
}
