package dev.labelsmooth.datasets;

import dev.labelsmooth.core.Checks;
import dev.labelsmooth.core.training.TrainingRecipe;
import dev.labelsmooth.datasets.augment.AugmentSpec;
import dev.labelsmooth.datasets.images.DataFileException;
import dev.labelsmooth.datasets.images.LabeledImages;
import dev.labelsmooth.datasets.images.StratifiedSubset;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The training and validation images of one data set, read once, with the preprocessing the paper
 * uses: pixels scaled to [0, 1] and, except for imagenet12, the per-pixel mean of the (limited)
 * training images subtracted from both splits.
 *
 * @param source the data set
 * @param train the training images
 * @param validation the validation images (the test or val split)
 * @param mean the mean image subtracted, or null when the data set is not mean-centred
 * @param holdout a stratified held-out part of the training split, disjoint from {@code train} (for
 *     choices such as the epoch or a hyperparameter, so that {@code validation}, the test split, is
 *     not chosen on), or null when none was asked for
 */
public record DataSplits(
        DataSource source,
        LabeledImages train,
        LabeledImages validation,
        float[] mean,
        LabeledImages holdout) {

    /** Splits without a holdout. */
    public DataSplits(
            DataSource source, LabeledImages train, LabeledImages validation, float[] mean) {
        this(source, train, validation, mean, null);
    }

    /** The default seed of the stratified subsets ({@code --data-seed}). */
    public static final long DEFAULT_SUBSET_SEED = 42;

    /**
     * A builder reading one data set's splits.
     *
     * <pre>{@code
     * DataSplits data = DataSplits.builder()
     *         .setSource(DatasetCatalog.of("fashion-mnist"))
     *         .optLimitTrain(10_000)   // a stratified subset; 0 (the default) keeps all
     *         .load();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The shuffled training set as {@code recipe} trains it: with the paper's shift and flip when
     * the recipe augments ({@link TrainingRecipe#augment()}), without otherwise. The one place that
     * turns a recipe into the training data, for the sweep and library programs alike.
     */
    public ImageClassificationDataset trainingSet(int batchSize, TrainingRecipe recipe, long seed) {
        return trainingSet(batchSize, recipe.augment() ? AugmentSpec.PAPER : null, seed);
    }

    /** The shuffled training set; {@code augment} may be null for none. */
    public ImageClassificationDataset trainingSet(int batchSize, AugmentSpec augment, long seed) {
        return ImageClassificationDataset.builder()
                .setImages(train)
                .setSampling(batchSize, true)
                .optMean(mean)
                .optAugmentation(augment)
                .optSeed(seed)
                .build();
    }

    /**
     * The holdout set in file order, never augmented, with the training mean subtracted.
     *
     * @throws IllegalStateException when these splits have no holdout
     */
    public ImageClassificationDataset holdoutSet(int batchSize) {
        if (holdout == null) {
            throw new IllegalStateException(
                    "holdoutSet needs splits loaded with optHoldout or optHoldoutFraction");
        }
        return ImageClassificationDataset.builder()
                .setImages(holdout)
                .setSampling(batchSize, false)
                .optMean(mean)
                .build();
    }

    /** The validation set in file order, never augmented. */
    public ImageClassificationDataset validationSet(int batchSize) {
        return ImageClassificationDataset.builder()
                .setImages(validation)
                .setSampling(batchSize, false)
                .optMean(mean)
                .build();
    }

    /** Reads a {@link DataSplits}; {@code setSource} is required. */
    public static final class Builder {
        private DataSource source;
        private Path dataDir;
        private int limitTrain;
        private int limitValidation;
        private long subsetSeed = DEFAULT_SUBSET_SEED;
        private int holdout;
        private double holdoutFraction;

        private Builder() {}

        /**
         * Hold out a stratified {@code count} of the training split for choices, disjoint from the
         * training images: drawn from the images a training limit leaves out (so the training
         * subset stays the one it is without a holdout), else from the whole split (which the
         * training set then lacks). 0 (the default) holds out nothing.
         */
        public Builder optHoldout(int count) {
            Checks.require(count >= 0, "holdout", ">= 0 (0 = none)", count);
            this.holdout = count;
            this.holdoutFraction = 0;
            return this;
        }

        /** As {@link #optHoldout(int)}, as a fraction of the whole training split, in [0, 1). */
        public Builder optHoldoutFraction(double fraction) {
            Checks.require(
                    fraction >= 0 && fraction < 1, "holdout fraction", "in [0, 1)", fraction);
            this.holdoutFraction = fraction;
            this.holdout = 0;
            return this;
        }

        /** The data set, e.g. {@code DatasetCatalog.of("embedded")}. */
        public Builder setSource(DataSource source) {
            this.source = source;
            return this;
        }

        /**
         * The root of the data sets ({@code --data-dir}); by default {@link
         * DatasetCatalog#defaultDataDir()}. The embedded subset ignores it.
         */
        public Builder optDataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Keep a stratified subset of this many training images; 0 (the default) keeps all. */
        public Builder optLimitTrain(int limitTrain) {
            Checks.require(limitTrain >= 0, "training limit", ">= 0 (0 = all)", limitTrain);
            this.limitTrain = limitTrain;
            return this;
        }

        /** Keep a stratified subset of this many validation images; 0 (the default) keeps all. */
        public Builder optLimitValidation(int limitValidation) {
            Checks.require(
                    limitValidation >= 0, "validation limit", ">= 0 (0 = all)", limitValidation);
            this.limitValidation = limitValidation;
            return this;
        }

        /** The seed that draws both stratified subsets ({@code --data-seed}, default 42). */
        public Builder optSubsetSeed(long subsetSeed) {
            this.subsetSeed = subsetSeed;
            return this;
        }

        private LabeledImages read(Path dir, boolean train, int limit, String what)
                throws IOException {
            try {
                return source.read(dir, train, limit, subsetSeed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        what
                                + " of "
                                + source.name()
                                + ": "
                                + e.getMessage().replaceFirst("^subset size ", ""),
                        e);
            }
        }

        /**
         * The training and holdout indices of the full training split: the training subset as a
         * limit alone draws it, then a stratified {@code count} of the rest, drawn with the subset
         * seed plus one.
         */
        private int[][] carve(LabeledImages full, int count) {
            int[] trainIdx;
            if (limitTrain > 0 && limitTrain < full.size()) {
                Checks.require(
                        limitTrain >= full.numClasses(),
                        "training limit of " + source.name(),
                        "at least K=" + full.numClasses(),
                        limitTrain);
                trainIdx =
                        StratifiedSubset.indices(
                                full.labels(), full.numClasses(), limitTrain, subsetSeed);
            } else {
                Checks.require(
                        limitTrain <= full.size(),
                        "training limit of " + source.name(),
                        "at most " + full.size() + " (the images of the split)",
                        limitTrain);
                trainIdx = null;
            }
            boolean[] inTrain = new boolean[full.size()];
            if (trainIdx != null) {
                for (int i : trainIdx) {
                    inTrain[i] = true;
                }
            }
            int[] pool =
                    java.util.stream.IntStream.range(0, full.size())
                            .filter(i -> !inTrain[i])
                            .toArray();
            Checks.require(
                    count >= full.numClasses() && count < pool.length,
                    "holdout of " + source.name(),
                    "at least K="
                            + full.numClasses()
                            + " and fewer than the "
                            + pool.length
                            + " training images "
                            + (trainIdx != null ? "the training limit leaves out" : "there are"),
                    count);
            int[] poolLabels = java.util.Arrays.stream(pool).map(i -> full.labels()[i]).toArray();
            int[] picked =
                    StratifiedSubset.indices(poolLabels, full.numClasses(), count, subsetSeed + 1);
            int[] holdoutIdx = java.util.Arrays.stream(picked).map(i -> pool[i]).toArray();
            if (trainIdx == null) {
                boolean[] held = new boolean[full.size()];
                for (int i : holdoutIdx) {
                    held[i] = true;
                }
                trainIdx =
                        java.util.stream.IntStream.range(0, full.size())
                                .filter(i -> !held[i])
                                .toArray();
            }
            return new int[][] {trainIdx, holdoutIdx};
        }

        /**
         * Reads both splits, checks they agree in image shape and K, and computes the mean image.
         *
         * @return the splits
         * @throws IOException if a file cannot be read
         * @throws DataFileException if a file is missing or malformed
         * @throws IllegalArgumentException if a limit exceeds its split or is below K
         */
        public DataSplits load() throws IOException {
            if (source == null) {
                throw new IllegalStateException("DataSplits.builder() needs setSource");
            }
            Path dir = dataDir != null ? dataDir : DatasetCatalog.defaultDataDir();
            LabeledImages train;
            LabeledImages holdoutImages = null;
            if (holdout == 0 && holdoutFraction == 0) {
                train = read(dir, true, limitTrain, "training limit");
            } else {
                LabeledImages full = read(dir, true, 0, "training split");
                int count = holdout > 0 ? holdout : (int) Math.round(holdoutFraction * full.size());
                int[][] parts = carve(full, count);
                train = full.subset(parts[0]);
                holdoutImages = full.subset(parts[1]);
            }
            LabeledImages validation = read(dir, false, limitValidation, "validation limit");
            if (train.imageBytes() != validation.imageBytes()
                    || train.numClasses() != validation.numClasses()) {
                throw new DataFileException(
                        "data set "
                                + source.name()
                                + " must have splits of one shape and K, got "
                                + train.channels()
                                + "x"
                                + train.height()
                                + "x"
                                + train.width()
                                + " K="
                                + train.numClasses()
                                + " and "
                                + validation.channels()
                                + "x"
                                + validation.height()
                                + "x"
                                + validation.width()
                                + " K="
                                + validation.numClasses());
            }
            return new DataSplits(
                    source,
                    train,
                    validation,
                    source.subtractsMean() ? train.meanImage() : null,
                    holdoutImages);
        }
    }
}
