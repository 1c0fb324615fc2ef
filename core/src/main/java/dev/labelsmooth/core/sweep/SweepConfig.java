package dev.labelsmooth.core.sweep;

import static dev.labelsmooth.core.Checks.require;

import dev.labelsmooth.core.loss.LossConfig;
import dev.labelsmooth.core.loss.Smoothing;
import dev.labelsmooth.core.search.SearchSettings;
import dev.labelsmooth.core.training.TrainingRecipe;
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
        SearchSettings search) {

    /** Validates every value, naming the option it came from. */
    public SweepConfig {
        datasets = List.copyOf(datasets);
        models = List.copyOf(models);
        require(!datasets.isEmpty(), "dataset list", "non-empty", datasets);
        require(!models.isEmpty(), "model list", "non-empty", models);
        requireDistinct("--dataset", datasets);
        requireDistinct("--model", models);
        Objects.requireNonNull(grid, "grid");
        // A configuration recorded before these axes existed reads them as null: none.
        penalties = penalties == null ? NONE : LossAxes.penalties(penalties);
        disturb = disturb == null ? NONE : LossAxes.disturb(disturb);
        mixes = mixes == null ? List.of() : List.copyOf(mixes);
        Objects.requireNonNull(recipe, "recipe");
        require(seeds >= 1, "--seeds", ">= 1", seeds);
        require(epochs >= 1, "--epochs", ">= 1", epochs);
        require(batchSize >= 1, "--batch-size", ">= 1", batchSize);
        require(imagenetBatchSize >= 1, "imagenet12 batch size", ">= 1", imagenetBatchSize);
        require(limitTrain >= 0, "--limit-train", ">= 0 (0 = all)", limitTrain);
        require(limitVal >= 0, "--limit-val", ">= 0 (0 = all)", limitVal);
        require(imageSize >= 1, "--image-size", ">= 1", imageSize);
        require(gpus >= 0, "--gpus", ">= 0", gpus);
        if (search != null) {
            search.halving(epochs); // checks --min-epochs against --epochs
        }
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
                        "--mix must add a configuration the sweep does not already train, got "
                                + mix
                                + ", which is "
                                + config.label()
                                + (configs.indexOf(config) < product
                                        ? " of the product of --gammas, --penalties and --disturb"
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
        String a = deviceKind(device);
        String b = deviceKind(other.device);
        if (!a.equals("auto") && !b.equals("auto") && !a.equals(b)) {
            diffs.add("device kind " + a + " -> " + b);
        }
        return String.join(", ", diffs);
    }

    /** {@code cpu}, {@code gpu} (for {@code gpu} and {@code gpu:N}) or {@code auto}. */
    public static String deviceKind(String device) {
        String d = device == null ? "auto" : device.strip().toLowerCase(java.util.Locale.ROOT);
        return d.startsWith("gpu") ? "gpu" : d.equals("cpu") ? "cpu" : "auto";
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

    /** This config with another smoothing grid. */
    public SweepConfig withGrid(SmoothingGrid other) {
        return new SweepConfig(
                preset,
                datasets,
                models,
                other,
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
                search);
    }

    /** This config as a search with {@code settings} (null: a full sweep). */
    public SweepConfig withSearch(SearchSettings settings) {
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
                settings);
    }

    /** This config on another device. */
    public SweepConfig withDevice(String device, int gpus) {
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
                search);
    }
}
