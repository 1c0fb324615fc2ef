package dev.labelsmooth.experiment.sweep;

import dev.labelsmooth.core.training.TrainingRecipe;
import java.util.List;
import java.util.Locale;

/**
 * Named starting points for a sweep; explicit options override their values.
 *
 * <ul>
 *   <li>{@code quick}: the embedded Fashion-MNIST subset, resnet20-v1, gammas 1.0, 0.9, 0.7, 0.5,
 *       0.3, 3 epochs, batch 128, and the paper's recipe with BatchNorm momentum 0.9 (Keras' 0.99
 *       needs more steps than three epochs give before its moving statistics are usable), 1,000
 *       training images held out to choose epochs on. Minutes on a laptop CPU.
 *   <li>{@code paper}: the paper's recipe as it is ({@link TrainingRecipe#paper()}): 200 epochs,
 *       batch 32 (64 for imagenet12), the paper's gamma grid, 5,000 training images held out (the
 *       usual 45,000/5,000 split of CIFAR's 50,000).
 * </ul>
 *
 * <p>Both hold out part of the training split so that no choice is made on the test split; the
 * paper chose on the test split, and a holdout of 0 does as it did.
 */
public enum Preset {
    /** Minutes on a laptop. */
    QUICK(
            List.of("embedded"),
            List.of("resnet20-v1"),
            SmoothingGrid.gammas(List.of(1.0, 0.9, 0.7, 0.5, 0.3)),
            3,
            128,
            128,
            TrainingRecipe.paper().toBuilder().optBatchNormMomentum(0.9f).build(),
            1000),
    /** The paper's settings. */
    PAPER(
            List.of("embedded"),
            List.of("resnet20-v1"),
            SmoothingGrid.paper(),
            200,
            32,
            64,
            TrainingRecipe.paper(),
            5000);

    private final List<String> datasets;
    private final List<String> models;
    private final SmoothingGrid grid;
    private final int epochs;
    private final int batchSize;
    private final int imagenetBatchSize;
    private final TrainingRecipe recipe;
    private final int holdout;

    Preset(
            List<String> datasets,
            List<String> models,
            SmoothingGrid grid,
            int epochs,
            int batchSize,
            int imagenetBatchSize,
            TrainingRecipe recipe,
            int holdout) {
        this.datasets = datasets;
        this.models = models;
        this.grid = grid;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.imagenetBatchSize = imagenetBatchSize;
        this.recipe = recipe;
        this.holdout = holdout;
    }

    /** Training images held out to choose epochs and configurations on. */
    public int holdout() {
        return holdout;
    }

    /** The data sets trained when {@code --dataset} is left out. */
    public List<String> datasets() {
        return datasets;
    }

    /** The models trained when {@code --model} is left out. */
    public List<String> models() {
        return models;
    }

    /** The smoothing grid when neither {@code --gammas} nor {@code --epsilons} is given. */
    public SmoothingGrid grid() {
        return grid;
    }

    /** Epochs per cell. */
    public int epochs() {
        return epochs;
    }

    /** Batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** Batch size for decathlon/imagenet12, which the paper trains with 64. */
    public int imagenetBatchSize() {
        return imagenetBatchSize;
    }

    /** The optimizer, regularisation, BatchNorm and augmentation settings. */
    public TrainingRecipe recipe() {
        return recipe;
    }

    /** The lower-case name used on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code quick} or {@code paper}. */
    public static Preset of(String name) {
        for (Preset p : values()) {
            if (p.id().equalsIgnoreCase(name.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("preset must be quick or paper, got '" + name + "'");
    }
}
