package dev.labelsmooth.core.sweep;

import java.util.List;
import java.util.Locale;

/**
 * Named starting points for a sweep; explicit options override their values.
 *
 * <ul>
 *   <li>{@code quick}: the embedded Fashion-MNIST subset, resnet20-v1, gammas 1.0, 0.9, 0.7, 0.5,
 *       0.3, 3 epochs, batch 128, BatchNorm momentum 0.9 (Keras' 0.99 needs more steps than three
 *       epochs give before its moving statistics are usable). Minutes on a laptop CPU.
 *   <li>{@code paper}: the paper's recipe: 200 epochs, batch 32 (64 for imagenet12), BatchNorm
 *       momentum 0.99 as Keras, the paper's gamma grid.
 * </ul>
 *
 * Both train with Adam at 1e-3 on the scaled Keras schedule and an L2 penalty of 1e-4 on kernels.
 */
public enum Preset {
    QUICK(
            List.of("embedded"),
            List.of("resnet20-v1"),
            SmoothingGrid.gammas(List.of(1.0, 0.9, 0.7, 0.5, 0.3)),
            3,
            128,
            128,
            0.9f),
    PAPER(List.of("embedded"), List.of("resnet20-v1"), SmoothingGrid.paper(), 200, 32, 64, 0.99f);

    /** Adam's learning rate in both presets (the Keras example's). */
    public static final double LEARNING_RATE = 1e-3;

    /** L2 penalty on kernels in both presets (the Keras example's). */
    public static final double L2 = 1e-4;

    private final List<String> datasets;
    private final List<String> models;
    private final SmoothingGrid grid;
    private final int epochs;
    private final int batchSize;
    private final int imagenetBatchSize;
    private final float bnMomentum;

    Preset(
            List<String> datasets,
            List<String> models,
            SmoothingGrid grid,
            int epochs,
            int batchSize,
            int imagenetBatchSize,
            float bnMomentum) {
        this.datasets = datasets;
        this.models = models;
        this.grid = grid;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.imagenetBatchSize = imagenetBatchSize;
        this.bnMomentum = bnMomentum;
    }

    public List<String> datasets() {
        return datasets;
    }

    public List<String> models() {
        return models;
    }

    public SmoothingGrid grid() {
        return grid;
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batch size for decathlon/imagenet12, which the paper trains with 64. */
    public int imagenetBatchSize() {
        return imagenetBatchSize;
    }

    public float bnMomentum() {
        return bnMomentum;
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
