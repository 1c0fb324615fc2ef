package dev.labelsmooth.cli;

import dev.labelsmooth.datasets.decathlon.DecathlonDataset;
import dev.labelsmooth.experiment.SweepRequest;
import dev.labelsmooth.experiment.shard.Shard;
import dev.labelsmooth.experiment.sweep.LossAxes;
import dev.labelsmooth.experiment.sweep.Mix;
import dev.labelsmooth.experiment.sweep.Preset;
import dev.labelsmooth.experiment.sweep.SmoothingGrid;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of {@code sweep} and {@code train}. Options left out take the preset's value;
 * defaults that do not depend on the preset are declared here once.
 */
final class SweepOptions {

    @Option(
            names = "--preset",
            defaultValue = "quick",
            paramLabel = "quick|paper",
            description =
                    "Starting values (default: ${DEFAULT-VALUE}). quick: embedded data,"
                        + " resnet20-v1, gammas 1.0,0.9,0.7,0.5,0.3, 3 epochs, batch 128, BatchNorm"
                        + " momentum 0.9. paper: 200 epochs, batch 32 (64 for imagenet12),"
                        + " BatchNorm momentum 0.99, gammas paper.")
    String preset;

    @Option(
            names = "--dataset",
            split = ",",
            converter = Converters.Dataset.class,
            paramLabel = "NAME",
            description =
                    "Data sets: embedded, mnist, fashion-mnist, cifar10, cifar100, decathlon/<task>"
                            + " (default: the preset's, embedded).")
    List<String> datasets;

    @Mixin DataDirOption dataDir;

    @Option(
            names = "--model",
            split = ",",
            converter = Converters.ModelText.class,
            paramLabel = "MODEL",
            description =
                    "Models: resnet20-v1, resnet83-v2, resnet<D>-v1|v2, wrn-<d>-<k>,"
                            + " preact-resnet18, densenet-bc-<L>-<k>, zoo-<name>; 'models' lists"
                            + " them (default: resnet20-v1).")
    List<String> models;

    /** {@code --gammas} or {@code --epsilons}, at most one of them. */
    static final class Smoothing {
        @Option(
                names = "--gammas",
                paramLabel = "LIST|paper",
                converter = Converters.Gammas.class,
                description =
                        "Gammas to try, e.g. 1.0,0.9,0.7, or 'paper' (multiples of 0.1 above 1/K)."
                                + " Excludes --epsilons.")
        SmoothingGrid gammas;

        @Option(
                names = "--epsilons",
                paramLabel = "LIST",
                converter = Converters.Epsilons.class,
                description =
                        "Smoothing as Szegedy et al.'s epsilons (0 <= eps < 1) instead of"
                                + " gammas.")
        SmoothingGrid epsilons;

        SmoothingGrid grid() {
            return gammas != null ? gammas : epsilons;
        }
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Smoothing smoothing;

    @Option(
            names = "--penalties",
            paramLabel = "LIST",
            description =
                    "Confidence penalty weights beta >= 0 to cross with the gammas, e.g."
                            + " 0,0.1,0.5 (default: 0 = none).")
    String penalties;

    @Option(
            names = "--disturb",
            paramLabel = "LIST",
            description =
                    "DisturbLabel probabilities alpha in [0, 1) to cross with the gammas and"
                            + " penalties, e.g. 0,0.1 (default: 0 = none).")
    String disturb;

    @Option(
            names = "--mix",
            paramLabel = "gamma=G,beta=B,alpha=A",
            description =
                    "A combination trained in addition to the product, e.g. gamma=0.9,beta=0.5;"
                            + " repeatable. Values left out are plain cross-entropy's.")
    List<String> mixes;

    @Option(
            names = "--shard",
            paramLabel = "I/N|auto",
            description =
                    "Train only shard I of N of the grid, into <out>/shards/I-of-N/ (cells dealt by"
                            + " estimated cost). auto: from SLURM_ARRAY_TASK_ID/_COUNT/_MIN, or"
                            + " JOB_COMPLETION_INDEX with --shards N.")
    String shard;

    @Option(
            names = "--shards",
            paramLabel = "N",
            description = "The number of shards: with --plan, or with --shard auto on Kubernetes.")
    Integer shards;

    @Option(
            names = "--seeds",
            paramLabel = "N",
            defaultValue = "" + SweepConfig.DEFAULT_SEEDS,
            description = "Seeds per cell (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            description = "Epochs per cell (default: the preset's).")
    Integer epochs;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            description = "Batch size (default: the preset's).")
    Integer batchSize;

    @Option(
            names = "--bn-momentum",
            paramLabel = "M",
            description = "BatchNorm momentum (default: the preset's).")
    Float bnMomentum;

    @Option(
            names = "--limit-train",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Train on a stratified subset of N images (default: ${DEFAULT-VALUE} = all).")
    int limitTrain;

    @Option(
            names = "--limit-val",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Validate on a stratified subset of N images (default: ${DEFAULT-VALUE} ="
                            + " all).")
    int limitVal;

    @Option(
            names = "--data-seed",
            paramLabel = "S",
            defaultValue = "" + SweepConfig.DEFAULT_DATA_SEED,
            description = "Seed of the stratified subsets (default: ${DEFAULT-VALUE}).")
    long dataSeed;

    @Option(
            names = "--image-size",
            paramLabel = "PX",
            defaultValue = "" + DecathlonDataset.DEFAULT_IMAGE_SIZE,
            description =
                    "Side of Decathlon images after resize and center crop (default:"
                            + " ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(
            names = "--holdout",
            paramLabel = "N|F",
            description =
                    "Hold out N training images (or a fraction F in (0, 1) of the training split),"
                            + " stratified and drawn from the images --limit-train leaves out, to"
                            + " choose each cell's epoch, the best configuration and the"
                            + " temperature on; the validation split then only reports; 0 chooses"
                            + " on the validation split as the paper did (default: the preset's,"
                            + " 1000 for quick, 5000 for paper).")
    Double holdout;

    @Option(
            names = "--no-augment",
            description = "Turn off the random shift and flip of training batches.")
    boolean noAugment;

    @Option(
            names = "--device",
            paramLabel = "cpu|gpu|gpu:N|auto",
            defaultValue = SweepConfig.DEFAULT_DEVICE,
            description =
                    "Where to train (default: ${DEFAULT-VALUE}: the GPUs if the engine sees any,"
                            + " else the CPU).")
    String device;

    @Option(
            names = "--gpus",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Spread the cells over N GPUs starting at the --device one: N worker"
                            + " processes, each training one cell at a time on its own GPU"
                            + " (default: ${DEFAULT-VALUE} = the device alone).")
    int gpus;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Run directory (default: runs/<preset>-<datasets>-<models>).")
    Path out;

    @Option(
            names = "--force",
            description = "Start over when --out holds a sweep with another configuration.")
    boolean force;

    @Option(
            names = "--no-tensorboard",
            description =
                    "Do not write TensorBoard event files under <out>/tensorboard/ while training"
                            + " ('export --tensorboard' writes them later).")
    boolean noTensorBoard;

    /** The smoothing grid given on the command line, or null for the preset's. */
    SmoothingGrid givenGrid() {
        return smoothing == null ? null : smoothing.grid();
    }

    /**
     * The configuration these options resolve to: the preset's values with every option given
     * applied.
     *
     * @throws ParameterException naming a value out of range
     */
    SweepConfig resolve(CommandLine commandLine) {
        if (datasets != null && datasets.isEmpty()) {
            throw new ParameterException(commandLine, "--dataset must name a data set, got none");
        }
        if (models != null && models.isEmpty()) {
            throw new ParameterException(commandLine, "--model must name a model, got none");
        }
        if (out != null && out.toString().isBlank()) {
            throw new ParameterException(commandLine, "--out must name a directory, got ''");
        }
        try {
            Preset p = Preset.of(preset);
            SweepConfig.Builder b =
                    SweepConfig.builder(p)
                            .optSeeds(seeds)
                            .optLimitTrain(limitTrain)
                            .optLimitVal(limitVal)
                            .optDataSeed(dataSeed)
                            .optImageSize(imageSize)
                            .optDevice(device)
                            .optGpus(gpus)
                            .optRecipe(
                                    p.recipe().toBuilder()
                                            .optBatchNormMomentum(
                                                    bnMomentum != null
                                                            ? bnMomentum
                                                            : p.recipe().bnMomentum())
                                            .optAugment(!noAugment)
                                            .build());
            if (datasets != null) {
                b.optDatasets(datasets);
            }
            if (models != null) {
                b.optModels(models);
            }
            if (givenGrid() != null) {
                b.optGrid(givenGrid());
            }
            if (penalties != null) {
                b.optPenalties(LossAxes.parsePenalties(penalties));
            }
            if (disturb != null) {
                b.optDisturb(LossAxes.parseDisturb(disturb));
            }
            if (mixes != null) {
                b.optMixes(mixes.stream().map(Mix::parse).toList());
            }
            if (epochs != null) {
                b.optEpochs(epochs);
            }
            if (batchSize != null) {
                b.optBatchSize(batchSize);
            }
            if (holdout != null) {
                b.optHoldout(holdout);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, OptionNames.translate(e.getMessage()), e);
        }
    }

    /**
     * The request to run {@code config} with these options' data and run directories, shard and a
     * console listener.
     */
    SweepRequest request(SweepConfig config, Shard shard) {
        return requestBuilder(config, shard).build();
    }

    /** {@link #request}'s builder, for a command that sets more. */
    SweepRequest.Builder requestBuilder(SweepConfig config, Shard shard) {
        return SweepRequest.builder(config)
                .optDataDir(dataDir.resolve())
                .optRunDirectory(out)
                .optForce(force)
                .optShard(shard)
                .optTensorBoard(!noTensorBoard)
                .optListener(ConsoleListener.forConsole())
                .optStopRequest(Signals.STOP);
    }

    /**
     * The shard these options name, the whole grid by default.
     *
     * @throws ParameterException naming a bad --shard or missing scheduler variables
     */
    dev.labelsmooth.experiment.shard.Shard resolveShard(
            CommandLine commandLine, java.util.Map<String, String> env) {
        if (shards != null && shards < 1) {
            throw new ParameterException(commandLine, "--shards must be >= 1, got " + shards);
        }
        if (shard == null) {
            return dev.labelsmooth.experiment.shard.Shard.whole();
        }
        try {
            if (shard.strip().equalsIgnoreCase("auto")) {
                return dev.labelsmooth.experiment.shard.Shard.fromEnvironment(
                        env,
                        shards == null
                                ? java.util.OptionalInt.empty()
                                : java.util.OptionalInt.of(shards));
            }
            return dev.labelsmooth.experiment.shard.Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, OptionNames.translate(e.getMessage()), e);
        }
    }

    /** The run directory: --out or runs/[search-]<preset>-<datasets>-<models>. */
    Path outDir(SweepConfig config) {
        return out != null ? out : SweepRequest.defaultRunDirectory(config);
    }
}
