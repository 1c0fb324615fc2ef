package dev.labelsmooth.core.training;

import static dev.labelsmooth.core.Checks.require;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.JsonUtils;
import dev.labelsmooth.core.metrics.ClassificationMetrics;
import dev.labelsmooth.core.metrics.ClassificationMetrics.ReliabilityBin;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;

/**
 * Trains one model for a number of epochs with DJL's {@link Trainer}, validating after every epoch
 * and keeping the best validation accuracy (the paper reports the best epoch).
 *
 * <p>With a checkpoint directory, the parameters and the best-so-far are written atomically after
 * every epoch and a new loop on the same directory continues after the last finished epoch: the
 * data order and augmentation of an epoch depend only on its number, and the learning-rate schedule
 * resumes at the right update. Adam's moment estimates are not part of DJL's public API, so they
 * restart from zero after a resume.
 *
 * <p>A loss that becomes NaN or infinite ends the run with {@link Outcome.Status#DIVERGED}.
 */
public final class TrainingLoop {

    private static final String PARAMETERS = "parameters.bin";
    private static final String STATE = "state.json";

    /** The batches of one epoch. */
    public interface EpochData {
        /** Batches of 0-based epoch {@code epoch}, each owning a sub-manager of {@code manager}. */
        Iterable<Batch> batches(NDManager manager, int epoch);

        /** Images per epoch. */
        int size();
    }

    /**
     * Builds the optimizer from the learning-rate schedule and the number of updates already done.
     */
    @FunctionalInterface
    public interface OptimizerFactory {
        Optimizer create(Tracker learningRate, int beginNumUpdate);
    }

    /** Hears about progress; {@link #onEpoch} is where a caller persists per-epoch rows. */
    public interface Observer {
        default void onStart(int firstEpoch, int epochs, int batchesPerEpoch) throws IOException {}

        default void onBatch(int epoch, int batch, int batches, double loss) {}

        void onEpoch(EpochMetrics metrics) throws IOException;
    }

    /**
     * One finished epoch.
     *
     * @param epoch 1-based
     * @param learningRate the schedule's rate for it
     * @param trainLoss mean training loss
     * @param trainAccuracy training accuracy, percent
     * @param valLoss mean loss on the validation set
     * @param validation accuracy, NLL, ECE and reliability on the validation set
     * @param seconds wall time
     */
    public record EpochMetrics(
            int epoch,
            double learningRate,
            double trainLoss,
            double trainAccuracy,
            double valLoss,
            ClassificationMetrics validation,
            double seconds) {}

    /**
     * How a run ended.
     *
     * @param status done or diverged
     * @param bestValAcc best validation accuracy, percent (NaN if no epoch finished)
     * @param bestEpoch its 1-based epoch
     * @param finalValAcc the last epoch's validation accuracy
     * @param bestNll validation NLL at the best epoch
     * @param bestEce validation ECE at the best epoch
     * @param bestReliability the reliability bins at the best epoch
     * @param epochs epochs finished
     * @param seconds wall time over all sessions
     * @param resumedFrom epochs found in the checkpoint at start (0 = fresh)
     */
    public record Outcome(
            Status status,
            double bestValAcc,
            int bestEpoch,
            double finalValAcc,
            double bestNll,
            double bestEce,
            List<ReliabilityBin> bestReliability,
            int epochs,
            double seconds,
            int resumedFrom) {

        /** How a run ended. */
        public enum Status {
            DONE,
            DIVERGED
        }
    }

    /** What a checkpoint holds besides the parameters. */
    private record State(
            int epochs,
            double bestValAcc,
            int bestEpoch,
            double finalValAcc,
            double bestNll,
            double bestEce,
            List<ReliabilityBin> bestReliability,
            double seconds) {

        static State fresh() {
            return new State(0, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, List.of(), 0);
        }
    }

    private final Block block;
    private final Loss loss;
    private final OptimizerFactory optimizerFactory;
    private final EpochData training;
    private final EpochData validation;
    private final Shape inputShape;
    private final int epochs;
    private final int batchSize;
    private final double learningRate;
    private final Device[] devices;
    private final int initSeed;
    private final Path checkpointDir;
    private final Observer observer;

    private TrainingLoop(Builder b) {
        block = b.block;
        loss = b.loss;
        optimizerFactory = b.optimizerFactory;
        training = b.training;
        validation = b.validation;
        inputShape = b.inputShape;
        epochs = b.epochs;
        batchSize = b.batchSize;
        learningRate = b.learningRate;
        devices = b.devices;
        initSeed = b.initSeed;
        checkpointDir = b.checkpointDir;
        observer = b.observer;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Batches per epoch, the last one possibly short. */
    public int batchesPerEpoch() {
        return (training.size() + batchSize - 1) / batchSize;
    }

    /** Trains until the configured number of epochs, or until the loss diverges. */
    public Outcome run() throws IOException {
        long started = System.nanoTime();
        Engine.getInstance().setRandomSeed(initSeed);
        int perEpoch = batchesPerEpoch();
        KerasLearningRateSchedule schedule =
                new KerasLearningRateSchedule(learningRate, epochs, perEpoch);
        try (Model model = Model.newInstance("labelsmooth", devices[0])) {
            model.setBlock(block);
            State state = checkpointDir == null ? State.fresh() : readState();
            Optimizer optimizer = optimizerFactory.create(schedule, state.epochs() * perEpoch);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(loss).optOptimizer(optimizer).optDevices(devices);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(inputShape);
                int resumedFrom = state.epochs();
                if (resumedFrom > 0) {
                    loadParameters();
                }
                observer.onStart(resumedFrom, epochs, perEpoch);
                double previousSeconds = state.seconds();
                for (int epoch = resumedFrom; epoch < epochs; epoch++) {
                    long epochStart = System.nanoTime();
                    double[] trainStats = trainEpoch(trainer, epoch, perEpoch);
                    if (trainStats == null) {
                        double seconds = previousSeconds + (System.nanoTime() - started) / 1e9;
                        return outcome(Outcome.Status.DIVERGED, state, seconds, resumedFrom);
                    }
                    ClassificationMetrics metrics = new ClassificationMetrics();
                    double valLoss = validate(trainer, epoch, metrics);
                    double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
                    EpochMetrics record =
                            new EpochMetrics(
                                    epoch + 1,
                                    schedule.rateAtEpoch(epoch),
                                    trainStats[0],
                                    trainStats[1],
                                    valLoss,
                                    metrics,
                                    epochSeconds);
                    observer.onEpoch(record);
                    double accuracy = metrics.accuracyPercent();
                    boolean better =
                            Double.isNaN(state.bestValAcc()) || accuracy > state.bestValAcc();
                    double seconds = previousSeconds + (System.nanoTime() - started) / 1e9;
                    state =
                            better
                                    ? new State(
                                            epoch + 1,
                                            accuracy,
                                            epoch + 1,
                                            accuracy,
                                            metrics.nll(),
                                            metrics.ece(),
                                            metrics.reliability(),
                                            seconds)
                                    : new State(
                                            epoch + 1,
                                            state.bestValAcc(),
                                            state.bestEpoch(),
                                            accuracy,
                                            state.bestNll(),
                                            state.bestEce(),
                                            state.bestReliability(),
                                            seconds);
                    if (checkpointDir != null) {
                        writeCheckpoint(state);
                    }
                }
                return outcome(Outcome.Status.DONE, state, state.seconds(), resumedFrom);
            }
        }
    }

    private static Outcome outcome(
            Outcome.Status status, State s, double seconds, int resumedFrom) {
        return new Outcome(
                status,
                s.bestValAcc(),
                s.bestEpoch(),
                s.finalValAcc(),
                s.bestNll(),
                s.bestEce(),
                s.bestReliability(),
                s.epochs(),
                seconds,
                resumedFrom);
    }

    /** Mean loss and accuracy (percent), or null when the loss stopped being finite. */
    private double[] trainEpoch(Trainer trainer, int epoch, int perEpoch) {
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        int index = 0;
        for (Batch batch : training.batches(trainer.getManager(), epoch)) {
            try (batch) {
                TrainingStep.Result step = TrainingStep.run(trainer, batch);
                if (!Double.isFinite(step.lossSum())) {
                    return null;
                }
                lossSum += step.lossSum();
                correct += step.correct();
                seen += step.count();
                observer.onBatch(epoch + 1, ++index, perEpoch, step.lossSum() / step.count());
            }
        }
        return new double[] {lossSum / Math.max(1, seen), 100.0 * correct / Math.max(1, seen)};
    }

    private double validate(Trainer trainer, int epoch, ClassificationMetrics metrics) {
        double lossSum = 0;
        for (Batch batch : validation.batches(trainer.getManager(), epoch)) {
            try (batch) {
                for (Batch split : batch.split(trainer.getDevices(), false)) {
                    NDArray logits = trainer.evaluate(split.getData()).head();
                    NDArray labels = split.getLabels().head();
                    long n = labels.getShape().get(0);
                    lossSum +=
                            trainer.getLoss()
                                            .evaluate(split.getLabels(), new NDList(logits))
                                            .getFloat()
                                    * n;
                    int k = Math.toIntExact(logits.getShape().get(1));
                    metrics.add(
                            logits.softmax(1).toFloatArray(),
                            labels.toType(DataType.INT64, false).toLongArray(),
                            k);
                }
            }
        }
        return lossSum / Math.max(1, metrics.count());
    }

    private State readState() throws IOException {
        Path file = checkpointDir.resolve(STATE);
        if (!Files.isRegularFile(file) || !Files.isRegularFile(checkpointDir.resolve(PARAMETERS))) {
            return State.fresh();
        }
        State state = JsonUtils.GSON.fromJson(Files.readString(file), State.class);
        return state == null ? State.fresh() : state;
    }

    /**
     * Copies the checkpoint's values into the parameters' existing arrays. DJL's own {@code
     * loadParameters} would put new arrays in place, which the trainer's parameter store, set up at
     * {@code initialize}, never sees.
     */
    private void loadParameters() throws IOException {
        Path file = checkpointDir.resolve(PARAMETERS);
        try (DataInputStream in =
                new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            var parameters = block.getParameters();
            int count = in.readInt();
            if (count != parameters.size()) {
                throw new IOException(
                        "checkpoint "
                                + file
                                + " must hold "
                                + parameters.size()
                                + " parameters, got "
                                + count);
            }
            for (var entry : parameters) {
                String name = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                NDArray array = entry.getValue().getArray();
                if (!name.equals(entry.getKey())
                        || bytes.length
                                != array.getShape().size() * array.getDataType().getNumOfBytes()) {
                    throw new IOException(
                            "checkpoint "
                                    + file
                                    + " does not fit the model at parameter "
                                    + entry.getKey()
                                    + " (found "
                                    + name
                                    + ", "
                                    + bytes.length
                                    + " bytes)");
                }
                array.set(java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.nativeOrder()));
            }
        }
    }

    private void saveParameters(Path file) throws IOException {
        try (DataOutputStream out =
                new DataOutputStream(
                        new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            var parameters = block.getParameters();
            out.writeInt(parameters.size());
            for (var entry : parameters) {
                out.writeUTF(entry.getKey());
                byte[] bytes = entry.getValue().getArray().toByteArray();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    /** Parameters, then state, each written to a temporary file, synced, and moved into place. */
    private void writeCheckpoint(State state) throws IOException {
        Files.createDirectories(checkpointDir);
        Path parameters = checkpointDir.resolve(PARAMETERS + ".tmp");
        saveParameters(parameters);
        sync(parameters);
        Files.move(
                parameters,
                checkpointDir.resolve(PARAMETERS),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Path json = checkpointDir.resolve(STATE + ".tmp");
        Files.writeString(json, JsonUtils.GSON_PRETTY.toJson(state), StandardCharsets.UTF_8);
        sync(json);
        Files.move(
                json,
                checkpointDir.resolve(STATE),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Builds a {@link TrainingLoop}; every {@code set} is required. */
    public static final class Builder {
        private Block block;
        private Loss loss;
        private OptimizerFactory optimizerFactory;
        private EpochData training;
        private EpochData validation;
        private Shape inputShape;
        private int epochs;
        private int batchSize;
        private double learningRate;
        private Device[] devices = {Device.cpu()};
        private int initSeed;
        private Path checkpointDir;
        private Observer observer = metrics -> {};

        private Builder() {}

        public Builder setBlock(Block block) {
            this.block = block;
            return this;
        }

        public Builder setLoss(Loss loss) {
            this.loss = loss;
            return this;
        }

        public Builder setOptimizer(OptimizerFactory factory) {
            this.optimizerFactory = factory;
            return this;
        }

        public Builder setData(EpochData training, EpochData validation) {
            this.training = training;
            this.validation = validation;
            return this;
        }

        /** The input shape with batch dimension, e.g. (1, 1, 28, 28), to initialise the block. */
        public Builder setInputShape(Shape inputShape) {
            this.inputShape = inputShape;
            return this;
        }

        public Builder setEpochs(int epochs) {
            require(epochs >= 1, "epochs", ">= 1", epochs);
            this.epochs = epochs;
            return this;
        }

        /** The training batch size, to count updates per epoch for the schedule. */
        public Builder setBatchSize(int batchSize) {
            require(batchSize >= 1, "batch size", ">= 1", batchSize);
            this.batchSize = batchSize;
            return this;
        }

        public Builder setLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** The engine seed set before the weights are drawn. */
        public Builder setInitSeed(int initSeed) {
            this.initSeed = initSeed;
            return this;
        }

        public Builder optDevices(Device... devices) {
            require(devices.length >= 1, "devices", "at least one", devices.length);
            this.devices = devices.clone();
            return this;
        }

        /** Where to write a checkpoint after every epoch, and resume from. */
        public Builder optCheckpointDir(Path checkpointDir) {
            this.checkpointDir = checkpointDir;
            return this;
        }

        public Builder optObserver(Observer observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        public TrainingLoop build() {
            if (block == null
                    || loss == null
                    || optimizerFactory == null
                    || training == null
                    || validation == null
                    || inputShape == null
                    || epochs == 0
                    || batchSize == 0) {
                throw new IllegalStateException(
                        "TrainingLoop needs setBlock, setLoss, setOptimizer, setData,"
                                + " setInputShape, setEpochs and setBatchSize");
            }
            return new TrainingLoop(this);
        }
    }
}
