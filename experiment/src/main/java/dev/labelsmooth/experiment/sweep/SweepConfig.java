package dev.labelsmooth.experiment.sweep;

import static dev.labelsmooth.core.Checks.requireSetting;

import dev.labelsmooth.core.InvalidSettingException;
import dev.labelsmooth.core.loss.LossConfig;
import dev.labelsmooth.core.loss.Smoothing;
import dev.labelsmooth.core.training.TrainingRecipe;
import dev.labelsmooth.datasets.DatasetCatalog;
import dev.labelsmooth.datasets.decathlon.DecathlonDataset;
import dev.labelsmooth.experiment.device.DeviceSelection;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * A sweep's fully resolved configuration: the preset's values with every explicit option applied.
 * Written to {@code provenance.json}; a rerun into the same run directory must resolve to the same
 * experiment ({@link #sameExperiment}).
 *
 * @param preset the preset it started from
 * @param datasets data set names
 * @param models model names, e.g. {@code resnet20-v1}
 * @param grid the smoothing values
 * @param penalties the confidence penalty's β values, crossed with the grid ({@code [0]} = none)
 * @param disturb DisturbLabel's α values, crossed with the grid and β ({@code [0]} = none)
 * @param mixes combinations trained in addition to the product (may be empty)
 * @param seeds how many seeds per cell (seed indices 1..seeds)
 * @param epochs epochs per cell
 * @param batchSize batch size
 * @param imagenetBatchSize batch size for {@code decathlon/imagenet12}
 * @param recipe optimizer, L2 penalty, BatchNorm momentum and augmentation
 * @param limitTrain stratified training subset size (0 = all)
 * @param limitVal stratified validation subset size (0 = all)
 * @param dataSeed the seed of the stratified subsets
 * @param imageSize side of Decathlon images
 * @param device {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto} as given; a run directory
 *     records {@code auto} as the kind it chose. The kind (CPU or GPU) is part of the experiment:
 *     the same seed draws other weights and rounds differently on a GPU
 * @param gpus GPUs the cells are spread over, one cell per GPU at a time (0 = the device alone);
 *     not part of the experiment
 * @param search successive halving over the loss configurations, or null for a full sweep
 * @param holdout a stratified held-out part of the training split that chooses each cell's epoch
 *     and fits its temperature: 0 for none (the validation split chooses, as in the paper), a whole
 *     number of images, or a fraction in (0, 1) of the training split; drawn from the images a
 *     {@code limitTrain} subset leaves out
 */
public record SweepConfig(
        String preset,
        List<String> datasets,
        List<String> models,
        SmoothingGrid grid,
        List<BigDecimal> penalties,
        List<BigDecimal> disturb,
        List<Mix> mixes,
        int seeds,
        int epochs,
        int batchSize,
        int imagenetBatchSize,
        TrainingRecipe recipe,
        int limitTrain,
        int limitVal,
        long dataSeed,
        int imageSize,
        String device,
        int gpus,
        SearchSettings search,
        double holdout) {

    /** Validates every value, naming the option it came from. */
    public SweepConfig {
        datasets = List.copyOf(datasets);
        models = List.copyOf(models);
        requireSetting(!datasets.isEmpty(), "datasets", "non-empty", datasets);
        requireSetting(!models.isEmpty(), "models", "non-empty", models);
        requireDistinct("'datasets'", datasets);
        requireDistinct("'models'", models);
        Objects.requireNonNull(grid, "grid");
        // A configuration recorded before these axes existed reads them as null: none.
        penalties = penalties == null ? NONE : LossAxes.penalties(penalties);
        disturb = disturb == null ? NONE : LossAxes.disturb(disturb);
        mixes = mixes == null ? List.of() : List.copyOf(mixes);
        Objects.requireNonNull(recipe, "recipe");
        requireSetting(seeds >= 1, "seeds", ">= 1", seeds);
        requireSetting(epochs >= 1, "epochs", ">= 1", epochs);
        requireSetting(batchSize >= 1, "batchSize", ">= 1", batchSize);
        requireSetting(imagenetBatchSize >= 1, "imagenetBatchSize", ">= 1", imagenetBatchSize);
        requireSetting(limitTrain >= 0, "limitTrain", ">= 0 (0 = all)", limitTrain);
        requireSetting(limitVal >= 0, "limitVal", ">= 0 (0 = all)", limitVal);
        requireSetting(imageSize >= 1, "imageSize", ">= 1", imageSize);
        requireSetting(gpus >= 0, "gpus", ">= 0", gpus);
        if (search != null) {
            search.requireFits(epochs);
        }
        requireSetting(
                holdout == 0
                        || (holdout > 0 && holdout < 1)
                        || (holdout >= 1 && holdout == Math.rint(holdout) && holdout <= 1e9),
                "holdout",
                "0 (none), a fraction in (0, 1) or a whole number of images",
                holdout);
    }

    /** The value of {@code --penalties} and {@code --disturb} when not given: the axis unused. */
    public static final List<BigDecimal> NONE = List.of(BigDecimal.ZERO);

    private static void requireDistinct(String option, List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            if (names.subList(0, i).contains(names.get(i))) {
                throw new IllegalArgumentException(
                        option
                                + " must not name a value twice (its cells would count as more"
                                + " seeds), got "
                                + names.get(i)
                                + " twice in "
                                + names);
            }
        }
    }

    /** The batch size used for {@code dataset}. */
    public int batchSizeFor(String dataset) {
        return dataset.equals("decathlon/imagenet12") ? imagenetBatchSize : batchSize;
    }

    /**
     * Every cell in run order, each data set's K taken from {@link DatasetCatalog} (its name and
     * this configuration's image size).
     *
     * @throws IllegalArgumentException for an unknown data set, a value outside (1/K, 1] for a data
     *     set, or a mix that repeats a configuration
     */
    public List<Cell> cells() {
        return cells(name -> DatasetCatalog.of(name, imageSize).numClasses());
    }

    /**
     * Every cell in run order (data set, model, seed, then the loss configurations of {@link
     * #lossConfigs}), validated against each data set's K.
     *
     * @param numClasses K of a data set name
     * @return the cells
     * @throws IllegalArgumentException naming a value outside (1/K, 1] for a data set, or a mix
     *     that repeats a configuration
     */
    public List<Cell> cells(ToIntFunction<String> numClasses) {
        List<Cell> cells = new ArrayList<>();
        for (String dataset : datasets) {
            List<LossConfig> configs = lossConfigs(numClasses.applyAsInt(dataset), dataset);
            for (String model : models) {
                for (int seed = 1; seed <= seeds; seed++) {
                    for (LossConfig config : configs) {
                        cells.add(new Cell(dataset, model, config, seed));
                    }
                }
            }
        }
        return cells;
    }

    /**
     * The loss configurations of one data set: the product of the grid, the penalties and the
     * disturb values (in that nesting, as listed), then the mixes.
     *
     * @param k the data set's K
     * @param dataset its name, for messages
     * @return the configurations, each once
     * @throws IllegalArgumentException naming a gamma outside (1/K, 1] or a mix that repeats a
     *     configuration of the product or another mix
     */
    public List<LossConfig> lossConfigs(int k, String dataset) {
        List<LossConfig> configs = new ArrayList<>();
        for (Smoothing smoothing : grid.smoothingsFor(k, dataset)) {
            for (BigDecimal beta : penalties) {
                for (BigDecimal alpha : disturb) {
                    configs.add(new LossConfig(smoothing, beta, alpha));
                }
            }
        }
        int product = configs.size();
        for (Mix mix : mixes) {
            LossConfig config = mix.resolve(k, dataset);
            if (configs.contains(config)) {
                throw new IllegalArgumentException(
                        "'mixes' must add a configuration the sweep does not already train, got "
                                + mix
                                + ", which is "
                                + config.label()
                                + (configs.indexOf(config) < product
                                        ? " of the product of 'gammas', 'penalties' and 'disturb'"
                                        : " twice"));
            }
            configs.add(config);
        }
        return configs;
    }

    /**
     * Whether {@code other} describes the same experiment: every setting but the device equal, and
     * the same kind of device ({@code cpu} or {@code gpu}; which GPU and how many GPUs the sweep is
     * spread over may differ; {@code auto}, as directories of earlier versions recorded it, matches
     * either).
     */
    public boolean sameExperiment(SweepConfig other) {
        return differences(other).isEmpty();
    }

    /**
     * The settings in which {@code other} differs from this one, e.g. {@code epochs 3 -> 4,
     * recipe.bnMomentum 0.9 -> 0.99} or {@code device kind cpu -> gpu}; compared as {@link
     * #sameExperiment} does.
     */
    public String differences(SweepConfig other) {
        List<String> diffs = new ArrayList<>();
        collect("", this, other, diffs);
        String a = DeviceSelection.requestedKind(device);
        String b = DeviceSelection.requestedKind(other.device);
        if (!a.equals("auto") && !b.equals("auto") && !a.equals(b)) {
            diffs.add("device kind " + a + " -> " + b);
        }
        return String.join(", ", diffs);
    }

    private static void collect(String prefix, Record a, Record b, List<String> diffs) {
        for (java.lang.reflect.RecordComponent c : a.getClass().getRecordComponents()) {
            if (c.getName().equals("device") || c.getName().equals("gpus")) {
                continue;
            }
            try {
                Object x = c.getAccessor().invoke(a);
                Object y = c.getAccessor().invoke(b);
                if (x instanceof Record rx
                        && y instanceof Record ry
                        && rx.getClass() == ry.getClass()) {
                    collect(prefix + c.getName() + ".", rx, ry, diffs);
                } else if (!Objects.equals(x, y)) {
                    diffs.add(prefix + c.getName() + " " + x + " -> " + y);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName(), e);
            }
        }
    }

    /** Seeds per cell when not set. */
    public static final int DEFAULT_SEEDS = 1;

    /** The seed of the stratified subsets when not set. */
    public static final long DEFAULT_DATA_SEED = 42;

    /** The device when not set: a GPU if the engine sees one, else the CPU. */
    public static final String DEFAULT_DEVICE = "auto";

    /** A builder starting from the {@link Preset#QUICK quick} preset's values. */
    public static Builder builder() {
        return builder(Preset.QUICK);
    }

    /**
     * A builder starting from {@code preset}'s values and the defaults that do not depend on a
     * preset: one seed, all images ({@code limitTrain} and {@code limitVal} 0), data seed 42,
     * Decathlon images of 72 px, device {@code auto}, no GPU spreading, no search, no confidence
     * penalty, DisturbLabel or mixes.
     */
    public static Builder builder(Preset preset) {
        return new Builder(preset);
    }

    /** A builder holding this configuration's values, to vary some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(Preset.QUICK);
        b.preset = preset;
        b.datasets = datasets;
        b.models = models;
        b.grid = grid;
        b.penalties = penalties;
        b.disturb = disturb;
        b.mixes = mixes;
        b.seeds = seeds;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.imagenetBatchSize = imagenetBatchSize;
        b.recipe = recipe;
        b.limitTrain = limitTrain;
        b.limitVal = limitVal;
        b.dataSeed = dataSeed;
        b.imageSize = imageSize;
        b.device = device;
        b.gpus = gpus;
        b.search = search;
        b.holdout = holdout;
        return b;
    }

    /**
     * Builds a {@link SweepConfig}; every value starts at its preset's or its default, so a caller
     * sets only what differs. {@link #build()} validates like the record's constructor.
     */
    public static final class Builder {
        private String preset;
        private List<String> datasets;
        private List<String> models;
        private SmoothingGrid grid;
        private List<BigDecimal> penalties = NONE;
        private List<BigDecimal> disturb = NONE;
        private List<Mix> mixes = List.of();
        private int seeds = DEFAULT_SEEDS;
        private int epochs;
        private int batchSize;
        private int imagenetBatchSize;
        private TrainingRecipe recipe;
        private int limitTrain;
        private int limitVal;
        private long dataSeed = DEFAULT_DATA_SEED;
        private int imageSize = DecathlonDataset.DEFAULT_IMAGE_SIZE;
        private String device = DEFAULT_DEVICE;
        private int gpus;
        private SearchSettings search;
        private double holdout;

        private Builder(Preset p) {
            preset = p.id();
            datasets = p.datasets();
            models = p.models();
            grid = p.grid();
            epochs = p.epochs();
            batchSize = p.batchSize();
            imagenetBatchSize = p.imagenetBatchSize();
            recipe = p.recipe();
            holdout = p.holdout();
        }

        /** Data set names, e.g. {@code embedded}, {@code fashion-mnist}, {@code cifar10}. */
        public Builder optDatasets(List<String> names) {
            this.datasets = names;
            return this;
        }

        /** Model names, e.g. {@code resnet20-v1}. */
        public Builder optModels(List<String> names) {
            this.models = names;
            return this;
        }

        /**
         * The smoothing values: {@link SmoothingGrid#gammas}, {@code epsilons} or {@code paper}.
         */
        public Builder optGrid(SmoothingGrid grid) {
            this.grid = grid;
            return this;
        }

        /** The confidence penalty's β values crossed with the grid ({@code [0]}: none). */
        public Builder optPenalties(List<BigDecimal> betas) {
            this.penalties = betas;
            return this;
        }

        /** DisturbLabel's α values crossed with the grid and β ({@code [0]}: none). */
        public Builder optDisturb(List<BigDecimal> alphas) {
            this.disturb = alphas;
            return this;
        }

        /** Combinations trained in addition to the product. */
        public Builder optMixes(List<Mix> mixes) {
            this.mixes = mixes;
            return this;
        }

        /** Seeds per loss configuration (seed indices 1..n). */
        public Builder optSeeds(int seeds) {
            this.seeds = seeds;
            return this;
        }

        /** Epochs per cell; the learning-rate schedule scales to them. */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** The batch size of every data set, {@code decathlon/imagenet12} included. */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            this.imagenetBatchSize = batchSize;
            return this;
        }

        /** The batch size of {@code decathlon/imagenet12} alone. */
        public Builder optImagenetBatchSize(int batchSize) {
            this.imagenetBatchSize = batchSize;
            return this;
        }

        /** Optimizer, L2 penalty, BatchNorm momentum and augmentation. */
        public Builder optRecipe(TrainingRecipe recipe) {
            this.recipe = recipe;
            return this;
        }

        /** A stratified training subset of {@code n} images (0: all). */
        public Builder optLimitTrain(int n) {
            this.limitTrain = n;
            return this;
        }

        /** A stratified validation subset of {@code n} images (0: all). */
        public Builder optLimitVal(int n) {
            this.limitVal = n;
            return this;
        }

        /** The seed of the stratified subsets. */
        public Builder optDataSeed(long seed) {
            this.dataSeed = seed;
            return this;
        }

        /** The side of Decathlon images after resize and center crop. */
        public Builder optImageSize(int pixels) {
            this.imageSize = pixels;
            return this;
        }

        /** {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}. */
        public Builder optDevice(String device) {
            this.device = device;
            return this;
        }

        /** GPUs the cells are spread over by worker processes (0: the device alone). */
        public Builder optGpus(int gpus) {
            this.gpus = gpus;
            return this;
        }

        /** Successive halving over the loss configurations (null: a full sweep). */
        public Builder optSearch(SearchSettings search) {
            this.search = search;
            return this;
        }

        /**
         * Hold out part of the training split to choose each cell's epoch and fit its temperature:
         * a whole number of images, a fraction in (0, 1), or 0 for none.
         */
        public Builder optHoldout(double holdout) {
            this.holdout = holdout;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws InvalidSettingException naming a value out of range
         */
        public SweepConfig build() {
            return new SweepConfig(
                    preset,
                    datasets,
                    models,
                    grid,
                    penalties,
                    disturb,
                    mixes,
                    seeds,
                    epochs,
                    batchSize,
                    imagenetBatchSize,
                    recipe,
                    limitTrain,
                    limitVal,
                    dataSeed,
                    imageSize,
                    device,
                    gpus,
                    search,
                    holdout);
        }
    }
}
