package dev.labelsmooth.experiment.store;

import dev.labelsmooth.core.provenance.FileDigest;
import dev.labelsmooth.core.provenance.RuntimeInfo;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything {@code provenance.json} records about a sweep: what ran, on what, with which inputs
 * and seeds, and when.
 *
 * @param schemaVersion the layout of {@code provenance.json}; {@link #SCHEMA_VERSION} when written
 *     by this version of the tool
 * @param runtime tool, library and platform versions and the device
 * @param devices the device the last session trained on
 * @param config the fully resolved configuration
 * @param datasets each data set's files, split sizes and preprocessing
 * @param models each model's parameter counts
 * @param cells every cell with its derived seeds
 * @param started ISO-8601 start of the first session
 * @param finished ISO-8601 end of the last session, null while running
 * @param natives the last session's PyTorch natives and GPUs; null in files of schema 3 and earlier
 * @param checkpointsHoldAdamMoments whether the last session's checkpoints held Adam's moment
 *     estimates, so that a resumed cell ends exactly as an uninterrupted one; null in files of
 *     schema 4 and earlier (which held them)
 */
public record RunProvenance(
        int schemaVersion,
        RuntimeInfo runtime,
        List<String> devices,
        SweepConfig config,
        List<DatasetRecord> datasets,
        List<ModelRecord> models,
        List<CellRecord> cells,
        String started,
        String finished,
        NativesRecord natives,
        Boolean checkpointsHoldAdamMoments) {

    /**
     * The layout written by this version. 1: the first (no version field; the training recipe's
     * values stood directly in the configuration). 2: the configuration holds a {@code recipe}. 3:
     * the configuration holds the loss axes (penalties, disturb, mixes). 4: {@code natives}, and
     * the configuration's device is the kind trained on ({@code cpu} or {@code gpu}, no longer
     * {@code auto}). 5: {@code checkpointsHoldAdamMoments}. 6: the configuration's {@code holdout}
     * and each data set's {@code holdoutSize}.
     */
    public static final int SCHEMA_VERSION = 6;

    /** A record of the current schema. */
    public RunProvenance(
            RuntimeInfo runtime,
            List<String> devices,
            SweepConfig config,
            List<DatasetRecord> datasets,
            List<ModelRecord> models,
            List<CellRecord> cells,
            String started,
            String finished,
            NativesRecord natives,
            boolean checkpointsHoldAdamMoments) {
        this(
                SCHEMA_VERSION,
                runtime,
                devices,
                config,
                datasets,
                models,
                cells,
                started,
                finished,
                natives,
                checkpointsHoldAdamMoments);
    }

    /** This record with {@code finished} set. */
    public RunProvenance finishedAt(String time) {
        return new RunProvenance(
                schemaVersion,
                runtime,
                devices,
                config,
                datasets,
                models,
                cells,
                started,
                time,
                natives,
                checkpointsHoldAdamMoments);
    }

    /**
     * The PyTorch natives a session loaded and the GPUs it saw.
     *
     * @param flavour {@code cpu} or {@code cu124}
     * @param path the folder libtorch was loaded from
     * @param source where that folder came from (the class path jar or a distribution)
     * @param gpuCount GPUs the engine sees
     * @param cuda the CUDA runtime version, null on the CPU
     * @param cudnn the cuDNN library file, null on the CPU
     * @param gpus each GPU's {@code nvidia-smi} line (index, name, driver, memory)
     * @param cudaVisibleDevices {@code CUDA_VISIBLE_DEVICES} as the process saw it
     */
    public record NativesRecord(
            String flavour,
            String path,
            String source,
            int gpuCount,
            String cuda,
            String cudnn,
            List<String> gpus,
            String cudaVisibleDevices) {}

    /**
     * A data set recorded in two places with different data.
     *
     * @param dataset its name
     * @param why what differs, with both values
     */
    public record DataChange(String dataset, String why) {}

    /**
     * The first data set of {@code now} that {@code recorded} also holds, with other data; data
     * sets only one side holds are not compared.
     *
     * @return the change, or null when every shared data set is the same data
     */
    public static DataChange firstDataChange(
            java.util.Collection<DatasetRecord> recorded, java.util.Collection<DatasetRecord> now) {
        for (DatasetRecord current : now) {
            for (DatasetRecord earlier : recorded) {
                if (earlier.name().equals(current.name())) {
                    String why = current.differenceFrom(earlier);
                    if (why != null) {
                        return new DataChange(current.name(), why);
                    }
                }
            }
        }
        return null;
    }

    /**
     * One data set as read.
     *
     * @param name data set name
     * @param numClasses K
     * @param imageShape CxHxW
     * @param trainSize training images used
     * @param validationSize validation images used
     * @param limitTrain the stratified training limit (0 = none)
     * @param limitVal the stratified validation limit (0 = none)
     * @param subsetSeed the seed of those subsets
     * @param meanImageSha256 SHA-256 of the subtracted mean image's float32 bits, or null if none
     * @param files the input files with their SHA-256
     * @param holdoutSize images held out of the training split to choose epochs on; null in files
     *     of schema 5 and earlier, which had none
     */
    public record DatasetRecord(
            String name,
            int numClasses,
            String imageShape,
            int trainSize,
            int validationSize,
            int limitTrain,
            int limitVal,
            long subsetSeed,
            String meanImageSha256,
            List<FileDigest> files,
            Integer holdoutSize) {

        /** The images held out, 0 for none. */
        public int holdout() {
            return holdoutSize == null ? 0 : holdoutSize;
        }

        /**
         * How this data differs from what {@code earlier} recorded for the same data set: the files
         * (by name and SHA-256), the split sizes, the held-out images and the mean image.
         *
         * @return a phrase naming what differs and both values, or null when it is the same data
         */
        public String differenceFrom(DatasetRecord earlier) {
            Map<String, FileDigest> before = byName(earlier.files());
            Map<String, FileDigest> after = byName(files);
            if (!before.keySet().equals(after.keySet())) {
                return "the files " + after.keySet() + " where the run recorded " + before.keySet();
            }
            for (var entry : after.entrySet()) {
                String old = before.get(entry.getKey()).sha256();
                if (!old.equals(entry.getValue().sha256())) {
                    return entry.getValue().path()
                            + " with SHA-256 "
                            + entry.getValue().sha256()
                            + " where the run recorded "
                            + old;
                }
            }
            if (earlier.trainSize() != trainSize || earlier.validationSize() != validationSize) {
                return trainSize
                        + " training and "
                        + validationSize
                        + " validation images where the run recorded "
                        + earlier.trainSize()
                        + " and "
                        + earlier.validationSize();
            }
            if (earlier.holdout() != holdout()) {
                return holdout() + " held-out images where the run recorded " + earlier.holdout();
            }
            if (!Objects.equals(earlier.meanImageSha256(), meanImageSha256)) {
                return "a mean image with SHA-256 "
                        + meanImageSha256
                        + " where the run recorded "
                        + earlier.meanImageSha256();
            }
            return null;
        }

        private static Map<String, FileDigest> byName(List<FileDigest> files) {
            Map<String, FileDigest> out = new TreeMap<>();
            for (FileDigest f : files == null ? List.<FileDigest>of() : files) {
                out.put(Path.of(f.path()).getFileName().toString(), f);
            }
            return out;
        }
    }

    /**
     * One model as built for a data set.
     *
     * @param name e.g. resnet20-v1
     * @param dataset the data set it was built for
     * @param family e.g. ResNet v1 (depth 6n+2)
     * @param depth weighted layers
     * @param totalParameters Keras-style total (BatchNorm statistics included)
     * @param trainableParameters trainable parameters
     */
    public record ModelRecord(
            String name,
            String dataset,
            String family,
            int depth,
            long totalParameters,
            long trainableParameters) {}

    /**
     * One cell's identity and seeds.
     *
     * @param id the cell id
     * @param seed the seed index
     * @param initSeed the engine seed set before initialisation
     * @param dataSeed the seed of batch order and augmentation
     */
    public record CellRecord(String id, int seed, int initSeed, long dataSeed) {}
}
