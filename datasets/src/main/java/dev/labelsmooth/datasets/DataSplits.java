package dev.labelsmooth.datasets;

import dev.labelsmooth.datasets.augment.AugmentSpec;
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
 */
public record DataSplits(
        DataSource source, LabeledImages train, LabeledImages validation, float[] mean) {

    /**
     * Reads both splits, keeping stratified subsets of {@code limitTrain} and {@code limitVal}
     * images when positive, drawn with {@code seed}.
     */
    public static DataSplits load(
            DataSource source, Path dataDir, int limitTrain, int limitVal, long seed)
            throws IOException {
        LabeledImages train = source.read(dataDir, true, limitTrain, seed);
        LabeledImages validation = source.read(dataDir, false, limitVal, seed);
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
                source, train, validation, source.subtractsMean() ? train.meanImage() : null);
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

    /** The validation set in file order, never augmented. */
    public ImageClassificationDataset validationSet(int batchSize) {
        return ImageClassificationDataset.builder()
                .setImages(validation)
                .setSampling(batchSize, false)
                .optMean(mean)
                .build();
    }
}
