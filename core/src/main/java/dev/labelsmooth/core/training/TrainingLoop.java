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
import dev.labelsmooth.core.loss.DisturbLabel;
import dev.labelsmooth.core.metrics.ClassificationMetrics;
import dev.labelsmooth.core.metrics.ClassificationMetrics.ReliabilityBin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Trains one model for a number of epochs with DJL's {@link Trainer}, validating after every epoch
 * and keeping the best validation accuracy (the paper reports the best epoch).
 *
 * <p>With a checkpoint directory, the parameters and the best-so-far are written atomically after
 * every epoch and a new loop on the same directory continues after the last finished epoch: the
 * data order and augmentation of an epoch depend only on its number, Adam's moments are restored,
 * and the learning-rate schedule is read from the loop's own {@link StepCounter}, set to the
 * checkpoint's steps, so a resumed run makes the updates of an uninterrupted one. A {@link
 * StopRequest} stops the loop before its next step with a checkpoint of that step (the epoch's
 * batches already trained are drawn again and dropped on resume, which replays the order and the
 * augmentation stream), so a stop loses no training.
 *
 * <p>A loop trains on one device. Several GPUs are used by running one loop per GPU (one cell
 * each), which keeps every run identical to a one-device run; DJL's data-parallel mode splits
 * batches, sums the split losses' gradients and keeps per-device BatchNorm statistics, which would
 * change the recipe.
 *
 * <p>A loss that becomes NaN or infinite ends the run with {@link Outcome.Status#DIVERGED}.
 */
public final class TrainingLoop {

    /** The batches of one epoch. */
    public interface EpochData {
        /** Batches of 0-based epoch {@code epoch}, each owning a sub-manager of {@code manager}. */
        Iterable<Batch> batches(NDManager manager, int epoch);

        /** Images per epoch. */
        int size();
    }

    /** Hears about progress; {@link #onEpoch} is where a caller persists per-epoch rows. */
    public interface Observer {
        default void onStart(int firstEpoch, int epochs, int batchesPerEpoch) throws IOException {}

        default void onBatch(int epoch, int batch, int batches, double loss) {}

        /**
         * The run resumes part-way through 1-based {@code epoch}, after {@code steps} of its {@code
         * batches} steps.
         */
        default void onResumedMidEpoch(int epoch, int steps, int batches) {}

        /** A checkpoint could not be resumed from; it was moved to {@code movedTo}. */
        default void onCheckpointDamaged(String problem, Path movedTo) {}

        void onEpoch(EpochMetrics metrics) throws IOException;
    }

    /**
     * One finished epoch.
     *
     * @param epoch 1-based
     * @param learningRate the rate the optimizer was given in it
     * @param trainLoss mean training loss
     * @param trainAccuracy training accuracy, percent
     * @param valLoss mean loss on the validation set
     * @param validation accuracy, NLL, ECE and reliability on the validation set
     * @param seconds wall time
     * @param holdoutLoss mean loss on the holdout set, NaN without one
     * @param holdout accuracy, NLL, ECE and reliability on the holdout set, null without one
     */
    public record EpochMetrics(
            int epoch,
            double learningRate,
            double trainLoss,
            double trainAccuracy,
            double valLoss,
            ClassificationMetrics validation,
            double seconds,
            double holdoutLoss,
            ClassificationMetrics holdout) {}

    /**
     * How a run ended.
     *
     * @param status done or diverged
     * @param bestValAcc best validation accuracy over the epochs, percent (NaN if no epoch
     *     finished): the paper's figure, optimistic where the validation set is the test split
     * @param bestEpoch the selected 1-based epoch: the holdout's best where there is a holdout,
     *     else the validation's best
     * @param finalValAcc the last epoch's validation accuracy
     * @param bestNll validation NLL at the selected epoch
     * @param bestEce validation ECE at the selected epoch
     * @param bestReliability the reliability bins at the selected epoch
     * @param epochs epochs finished
     * @param seconds wall time over all sessions
     * @param resumedFrom epochs found in the checkpoint at start (0 = fresh)
     * @param selectedValAcc validation accuracy at the selected epoch
     * @param selectedHoldoutAcc holdout accuracy at the selected epoch, NaN without a holdout
     * @param selected the holdout and validation logits at the selected epoch, null without a
     *     holdout
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
            int resumedFrom,
            double selectedValAcc,
            double selectedHoldoutAcc,
            SelectedLogits selected) {

        /** How a run ended. */
        public enum Status {
            /** Trained every epoch. */
            DONE,
            /** The loss became NaN or infinite. */
            DIVERGED,
            /** Reached the epoch of {@link Builder#optStopAfter}, before the last; checkpointed. */
            STOPPED
        }
    }

    /** What a checkpoint holds besides the parameters. */
    private final Block block;

    private final Loss loss;
    private final TrainingRecipe recipe;
    private final EpochData training;
    private final EpochData validation;
    private final EpochData holdout;
    private final Shape inputShape;
    private final int epochs;
    private final int stopAfter;
    private final int batchSize;
    private final Device device;
    private final int initSeed;
    private final Checkpoint checkpoint;
    private final Observer observer;
    private final StopRequest stop;

    private TrainingLoop(Builder b) {
        block = b.block;
        loss = b.loss;
        recipe = b.recipe;
        training = b.training;
        validation = b.validation;
        holdout = b.holdout;
        inputShape = b.inputShape;
        epochs = b.epochs;
        stopAfter = b.stopAfter == 0 ? b.epochs : Math.min(b.stopAfter, b.epochs);
        batchSize = b.batchSize;
        device = b.device;
        initSeed = b.initSeed;
        checkpoint = b.checkpointDir == null ? null : new Checkpoint(b.checkpointDir);
        observer = b.observer;
        stop = b.stop;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Batches per epoch, the last one possibly short. */
    public int batchesPerEpoch() {
        return (training.size() + batchSize - 1) / batchSize;
    }

    /**
     * Trains until the configured number of epochs (or the {@link Builder#optStopAfter} epoch), or
     * until the loss diverges.
     */
    public Outcome run() throws IOException {
        long started = System.nanoTime();
        Engine.getInstance().setRandomSeed(initSeed);
        int perEpoch = batchesPerEpoch();
        KerasLearningRateSchedule schedule = recipe.schedule(epochs, perEpoch);
        recipe.warnIfTooShort((long) epochs * perEpoch);
        StepCounter steps = new StepCounter(0);
        KerasLearningRateSchedule.Driven learningRate = schedule.drivenBy(steps);
        try (Model model = Model.newInstance("labelsmooth", device)) {
            model.setBlock(block);
            Checkpoint.State state = Checkpoint.State.fresh();
            if (checkpoint != null) {
                try {
                    state = checkpoint.readState(epochs);
                } catch (DamagedCheckpointException e) {
                    discard(e);
                }
            }
            if (state.stepsInEpoch() >= perEpoch) {
                discard(
                        new DamagedCheckpointException(
                                "checkpoint "
                                        + checkpoint.dir()
                                        + " records step "
                                        + state.stepsInEpoch()
                                        + " of an epoch of "
                                        + perEpoch
                                        + " steps",
                                null));
                state = Checkpoint.State.fresh();
            }
            long stepsDone = (long) state.epochs() * perEpoch + state.stepsInEpoch();
            Optimizer optimizer = recipe.optimizer(block, learningRate, Math.toIntExact(stepsDone));
            Trainer initialized = newTrainer(model, optimizer);
            if (stepsDone > 0) {
                try {
                    checkpoint.restore(block, optimizer, state);
                } catch (DamagedCheckpointException e) {
                    // Nothing was copied yet: the weights are still the fresh ones of initSeed.
                    discard(e);
                    initialized.close();
                    state = Checkpoint.State.fresh();
                    optimizer = recipe.optimizer(block, learningRate, 0);
                    initialized = newTrainer(model, optimizer);
                }
            }
            try (Trainer trainer = initialized) {
                int resumedFrom = state.epochs();
                Checkpoint.Partial partial = state.partial();
                // Of the state resumed from: a damaged checkpoint above made it a fresh one.
                long resumedSteps = (long) resumedFrom * perEpoch + state.stepsInEpoch();
                steps.set(resumedSteps);
                if (loss instanceof DisturbLabel disturb) {
                    // The draws continue where the checkpointed run left them.
                    disturb.setCalls(resumedSteps);
                }
                observer.onStart(resumedFrom, epochs, perEpoch);
                if (partial != null) {
                    observer.onResumedMidEpoch(resumedFrom + 1, partial.steps(), perEpoch);
                }
                double previousSeconds = state.seconds();
                SelectedLogits selected =
                        holdout != null && resumedFrom > 0
                                ? SelectedLogits.read(checkpoint.dir().resolve(SELECTED_LOGITS))
                                : null;
                for (int epoch = resumedFrom; epoch < stopAfter; epoch++) {
                    long epochStart = System.nanoTime();
                    Checkpoint.Partial from = epoch == resumedFrom ? partial : null;
                    EpochProgress progress = trainEpoch(trainer, epoch, perEpoch, steps, from);
                    if (progress.diverged()) {
                        double seconds = previousSeconds + (System.nanoTime() - started) / 1e9;
                        return outcome(
                                Outcome.Status.DIVERGED, state, seconds, resumedFrom, selected);
                    }
                    // An epoch resumed part-way counts the seconds of its earlier part.
                    double carriedSeconds = from == null ? 0 : from.seconds();
                    double epochSeconds = carriedSeconds + (System.nanoTime() - epochStart) / 1e9;
                    if (progress.stoppedAt() >= 0) {
                        int doneBefore = from == null ? 0 : from.steps();
                        if (checkpoint != null && progress.stoppedAt() > doneBefore) {
                            Files.createDirectories(checkpoint.dir());
                            checkpoint.write(
                                    block,
                                    optimizer,
                                    state.at(
                                            new Checkpoint.Partial(
                                                    progress.stoppedAt(),
                                                    progress.lossSum(),
                                                    progress.correct(),
                                                    progress.seen(),
                                                    epochSeconds),
                                            previousSeconds + (System.nanoTime() - started) / 1e9));
                        }
                        throw new TrainingStoppedException(
                                stop.reason(), epoch + 1, progress.stoppedAt());
                    }
                    double[] trainStats = progress.means();
                    ClassificationMetrics metrics = new ClassificationMetrics();
                    Logits valLogits = holdout != null ? new Logits() : null;
                    double valLoss = validate(trainer, validation, epoch, metrics, valLogits);
                    ClassificationMetrics holdoutMetrics = null;
                    double holdoutLoss = Double.NaN;
                    Logits holdoutLogits = null;
                    if (holdout != null) {
                        holdoutMetrics = new ClassificationMetrics();
                        holdoutLogits = new Logits();
                        holdoutLoss =
                                validate(trainer, holdout, epoch, holdoutMetrics, holdoutLogits);
                    }
                    epochSeconds = carriedSeconds + (System.nanoTime() - epochStart) / 1e9;
                    EpochMetrics record =
                            new EpochMetrics(
                                    epoch + 1,
                                    Double.isNaN(learningRate.lastRate())
                                            ? schedule.rateAtEpoch(epoch)
                                            : learningRate.lastRate(),
                                    trainStats[0],
                                    trainStats[1],
                                    valLoss,
                                    metrics,
                                    epochSeconds,
                                    holdoutLoss,
                                    holdoutMetrics);
                    observer.onEpoch(record);
                    double accuracy = metrics.accuracyPercent();
                    double seconds = previousSeconds + (System.nanoTime() - started) / 1e9;
                    if (holdout == null) {
                        // The validation set chooses the epoch (the paper's procedure).
                        boolean better =
                                Double.isNaN(state.bestValAcc()) || accuracy > state.bestValAcc();
                        state =
                                better
                                        ? new Checkpoint.State(
                                                epoch + 1,
                                                accuracy,
                                                epoch + 1,
                                                accuracy,
                                                metrics.nll(),
                                                metrics.ece(),
                                                metrics.reliability(),
                                                seconds)
                                        : new Checkpoint.State(
                                                epoch + 1,
                                                state.bestValAcc(),
                                                state.bestEpoch(),
                                                accuracy,
                                                state.bestNll(),
                                                state.bestEce(),
                                                state.bestReliability(),
                                                seconds);
                    } else {
                        // The holdout chooses; the validation's best stays as the paper's figure.
                        double score = holdoutMetrics.accuracyPercent();
                        boolean better =
                                Double.isNaN(state.selectedHoldout())
                                        || score > state.selectedHoldout();
                        double maxVal =
                                Double.isNaN(state.bestValAcc())
                                        ? accuracy
                                        : Math.max(state.bestValAcc(), accuracy);
                        if (better) {
                            selected =
                                    new SelectedLogits(
                                            holdoutLogits.k,
                                            holdoutLogits.values(),
                                            holdoutLogits.labels(),
                                            valLogits.values(),
                                            valLogits.labels());
                            if (checkpoint != null) {
                                Files.createDirectories(checkpoint.dir());
                                selected.write(checkpoint.dir().resolve(SELECTED_LOGITS));
                            }
                        }
                        state =
                                better
                                        ? new Checkpoint.State(
                                                epoch + 1,
                                                maxVal,
                                                epoch + 1,
                                                accuracy,
                                                metrics.nll(),
                                                metrics.ece(),
                                                metrics.reliability(),
                                                seconds,
                                                accuracy,
                                                score)
                                        : new Checkpoint.State(
                                                epoch + 1,
                                                maxVal,
                                                state.bestEpoch(),
                                                accuracy,
                                                state.bestNll(),
                                                state.bestEce(),
                                                state.bestReliability(),
                                                seconds,
                                                state.selectedVal(),
                                                state.selectedHoldout());
                    }
                    if (checkpoint != null) {
                        checkpoint.write(block, optimizer, state);
                    }
                }
                Outcome.Status status =
                        state.epochs() < epochs ? Outcome.Status.STOPPED : Outcome.Status.DONE;
                return outcome(status, state, state.seconds(), resumedFrom, selected);
            }
        }
    }

    /** The loss on validation batches: the undisturbed one when training disturbs labels. */
    private Loss validationLoss() {
        return loss instanceof DisturbLabel disturb ? disturb.base() : loss;
    }

    private Trainer newTrainer(Model model, Optimizer optimizer) {
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(loss)
                        .optOptimizer(optimizer)
                        .optDevices(new Device[] {device});
        Trainer trainer = model.newTrainer(config);
        trainer.initialize(inputShape);
        return trainer;
    }

    /** Moves a damaged checkpoint aside and tells the observer; the run starts over. */
    private void discard(DamagedCheckpointException e) throws IOException {
        Path moved = checkpoint.moveAside();
        observer.onCheckpointDamaged(e.getMessage(), moved);
    }

    private static Outcome outcome(
            Outcome.Status status,
            Checkpoint.State s,
            double seconds,
            int resumedFrom,
            SelectedLogits selected) {
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
                resumedFrom,
                s.selectedVal(),
                s.selectedHoldout(),
                selected);
    }

    /** Where a checkpoint keeps the selected epoch's logits. */
    static final String SELECTED_LOGITS = "selected-logits.bin";

    /** Logits and labels of one evaluation, gathered batch by batch. */
    private static final class Logits {
        private final java.io.ByteArrayOutputStream values = new java.io.ByteArrayOutputStream();
        private final List<Long> labels = new java.util.ArrayList<>();
        private int k;

        void add(float[] batch, long[] batchLabels, int numClasses) {
            k = numClasses;
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(batch.length * Float.BYTES);
            buffer.asFloatBuffer().put(batch);
            values.write(buffer.array(), 0, buffer.capacity());
            for (long l : batchLabels) {
                labels.add(l);
            }
        }

        float[] values() {
            java.nio.FloatBuffer buffer =
                    java.nio.ByteBuffer.wrap(values.toByteArray()).asFloatBuffer();
            float[] out = new float[buffer.remaining()];
            buffer.get(out);
            return out;
        }

        long[] labels() {
            return labels.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /**
     * Where an epoch's training ended: its running sums, whether the loss stopped being finite, and
     * the steps done when a stop was requested (-1 when it ran to its end).
     */
    private record EpochProgress(
            double lossSum, long correct, long seen, boolean diverged, int stoppedAt) {

        /** Mean loss and accuracy (percent). */
        double[] means() {
            return new double[] {lossSum / Math.max(1, seen), 100.0 * correct / Math.max(1, seen)};
        }
    }

    /**
     * Trains one epoch, or what is left of it after {@code from}'s steps: the batches before are
     * drawn and dropped, so the order and the augmentation's random stream continue exactly. A stop
     * request is honoured before each step.
     */
    private EpochProgress trainEpoch(
            Trainer trainer, int epoch, int perEpoch, StepCounter steps, Checkpoint.Partial from) {
        double lossSum = from == null ? 0 : from.lossSum();
        long correct = from == null ? 0 : from.correct();
        long seen = from == null ? 0 : from.seen();
        int skip = from == null ? 0 : from.steps();
        int index = 0;
        for (Batch batch : training.batches(trainer.getManager(), epoch)) {
            try (batch) {
                if (index < skip) {
                    index++;
                    continue;
                }
                if (stop.isRequested()) {
                    return new EpochProgress(lossSum, correct, seen, false, index);
                }
                TrainingStep.Result step = TrainingStep.run(trainer, batch);
                if (!Double.isFinite(step.lossSum())) {
                    return new EpochProgress(lossSum, correct, seen, true, -1);
                }
                steps.increment();
                lossSum += step.lossSum();
                correct += step.correct();
                seen += step.count();
                observer.onBatch(epoch + 1, ++index, perEpoch, step.lossSum() / step.count());
            }
        }
        return new EpochProgress(lossSum, correct, seen, false, -1);
    }

    /**
     * Evaluates {@code data} in inference mode into {@code metrics} (and {@code logits}, when
     * given), returning the mean loss.
     */
    private double validate(
            Trainer trainer,
            EpochData data,
            int epoch,
            ClassificationMetrics metrics,
            Logits logits) {
        double lossSum = 0;
        for (Batch batch : data.batches(trainer.getManager(), epoch)) {
            try (batch) {
                Batch onDevice = batch.split(trainer.getDevices(), false)[0];
                NDArray output = trainer.evaluate(onDevice.getData()).head();
                NDArray labels = onDevice.getLabels().head();
                long n = labels.getShape().get(0);
                lossSum +=
                        validationLoss()
                                        .evaluate(onDevice.getLabels(), new NDList(output))
                                        .getFloat()
                                * n;
                int k = Math.toIntExact(output.getShape().get(1));
                long[] classes = labels.toType(DataType.INT64, false).toLongArray();
                metrics.add(output.softmax(1).toFloatArray(), classes, k);
                if (logits != null) {
                    logits.add(output.toType(DataType.FLOAT32, false).toFloatArray(), classes, k);
                }
            }
        }
        return lossSum / Math.max(1, metrics.count());
    }

    /** Builds a {@link TrainingLoop}; every {@code set} is required. */
    public static final class Builder {
        private Block block;
        private Loss loss;
        private TrainingRecipe recipe;
        private EpochData training;
        private EpochData validation;
        private EpochData holdout;
        private Shape inputShape;
        private int epochs;
        private int stopAfter;
        private int batchSize;
        private Device device = Device.cpu();
        private int initSeed;
        private Path checkpointDir;
        private Observer observer = metrics -> {};
        private StopRequest stop = new StopRequest();

        private Builder() {}

        public Builder setBlock(Block block) {
            this.block = block;
            return this;
        }

        public Builder setLoss(Loss loss) {
            this.loss = loss;
            return this;
        }

        /** How to train: optimizer, schedule and L2 penalty (the loss is set on its own). */
        public Builder setRecipe(TrainingRecipe recipe) {
            this.recipe = Objects.requireNonNull(recipe, "recipe");
            return this;
        }

        /** The training batches (shuffled per epoch) and the validation batches. */
        public Builder setData(EpochData training, EpochData validation) {
            this.training = training;
            this.validation = validation;
            return this;
        }

        /**
         * Held-out batches (part of the training split, not trained on) that choose the epoch in
         * place of the validation set, which then only reports; the logits of both at the selected
         * epoch are kept ({@link Outcome#selected}).
         */
        public Builder optHoldout(EpochData holdout) {
            this.holdout = holdout;
            return this;
        }

        /** The input shape with batch dimension, e.g. (1, 1, 28, 28), to initialise the block. */
        public Builder setInputShape(Shape inputShape) {
            this.inputShape = inputShape;
            return this;
        }

        /** Epochs of the whole run; the learning-rate schedule is scaled to it. */
        public Builder setEpochs(int epochs) {
            require(epochs >= 1, "epochs", ">= 1", epochs);
            this.epochs = epochs;
            return this;
        }

        /**
         * Stops after this 1-based epoch, checkpointed, with the schedule of all {@link #setEpochs}
         * epochs; a later loop on the same checkpoint continues from there (successive halving). 0,
         * the default, trains every epoch.
         */
        public Builder optStopAfter(int epoch) {
            require(epoch >= 0, "stop-after epoch", ">= 0", epoch);
            this.stopAfter = epoch;
            return this;
        }

        /** The training batch size, to count updates per epoch for the schedule. */
        public Builder setBatchSize(int batchSize) {
            require(batchSize >= 1, "batch size", ">= 1", batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /** The engine seed set before the weights are drawn. */
        public Builder setInitSeed(int initSeed) {
            this.initSeed = initSeed;
            return this;
        }

        /**
         * The device to train on (the CPU by default). To use several GPUs, run one loop per GPU.
         */
        public Builder optDevice(Device device) {
            this.device = Objects.requireNonNull(device, "device");
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

        /**
         * A request, checked before every step, to stop: the loop then writes a checkpoint of the
         * step it reached (with a checkpoint directory) and throws {@link
         * TrainingStoppedException}; the same loop run again resumes at that step and ends as an
         * uninterrupted run would. Default: a request nobody makes.
         */
        public Builder optStopRequest(StopRequest stop) {
            this.stop = Objects.requireNonNull(stop, "stop");
            return this;
        }

        /**
         * Builds the loop.
         *
         * @return the loop
         * @throws IllegalStateException when a required setting is missing
         */
        public TrainingLoop build() {
            if (block == null
                    || loss == null
                    || recipe == null
                    || training == null
                    || validation == null
                    || inputShape == null
                    || epochs == 0
                    || batchSize == 0) {
                throw new IllegalStateException(
                        "TrainingLoop needs setBlock, setLoss, setRecipe, setData,"
                                + " setInputShape, setEpochs and setBatchSize");
            }
            return new TrainingLoop(this);
        }
    }
}
