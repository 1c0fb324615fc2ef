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
    private final Map<String, DataFacts> data = new HashMap<>();

    /**
     * What a cost needs of a data set, read once per data set: an image folder lists and scans its
     * files to answer, and a grid asks for every cell.
     */
    private record DataFacts(String imageShape, java.util.OptionalInt nominalTrainImages) {}

    /**
     * @param config the sweep, for the epochs, limits and image size
     */
    public CellCosts(SweepConfig config) {
        this.config = config;
    }

    private DataFacts facts(String dataset) {
        return data.computeIfAbsent(
                dataset,
                name -> {
                    DataSource source = DatasetCatalog.of(name, config.imageSize());
                    return new DataFacts(source.imageShape(), source.nominalTrainImages());
                });
    }

    /** Whether the data set's size is assumed rather than known. */
    boolean assumed(String dataset) {
        return config.limitTrain() == 0 && facts(dataset).nominalTrainImages().isEmpty();
    }

    /** The training images a cell of {@code dataset} sees per epoch. */
    int trainImages(String dataset) {
        int full = facts(dataset).nominalTrainImages().orElse(ASSUMED_TRAIN_IMAGES);
        return config.limitTrain() > 0 ? Math.min(config.limitTrain(), full) : full;
    }

    /** Multiply-adds of training the cell: images x epochs x forward MACs per image. */
    @Override
    public double applyAsDouble(Cell cell) {
        String imageShape = facts(cell.dataset()).imageShape();
        String[] shape = imageShape.split("x");
        long perImage =
                macs.computeIfAbsent(
                        cell.model() + " " + imageShape + " " + cell.numClasses(),
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
