package dev.labelsmooth.experiment.runner;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Batch;
import dev.labelsmooth.core.io.NpyFiles;
import dev.labelsmooth.core.metrics.ClassificationMetrics;
import dev.labelsmooth.core.metrics.SelectiveRisk;
import dev.labelsmooth.core.metrics.TemperatureScaling;
import dev.labelsmooth.core.training.SelectedLogits;
import dev.labelsmooth.core.training.StopRequest;
import dev.labelsmooth.core.training.TrainingLoop;
import dev.labelsmooth.core.training.TrainingRecipe;
import dev.labelsmooth.core.training.TrainingStoppedException;
import dev.labelsmooth.datasets.DataSplits;
import dev.labelsmooth.datasets.ImageClassificationDataset;
import dev.labelsmooth.datasets.images.LabeledImages;
import dev.labelsmooth.experiment.store.CellStatus;
import dev.labelsmooth.experiment.store.ResultRow;
import dev.labelsmooth.experiment.store.RunDirectory;
import dev.labelsmooth.experiment.sweep.Cell;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import dev.labelsmooth.models.ModelName;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one cell into the run directory: wires the cell's model, data, loss and the
 * configuration's recipe into a {@link TrainingLoop} checkpointed under {@code checkpoints/}, then
 * writes its result row. An error inside the cell marks it {@code failed} and the sweep goes on;
 * only writing the run directory itself can stop the sweep.
 */
public final class CellTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(CellTrainer.class);

    private final SweepConfig config;
    private final RunDirectory dir;
    private final Device device;
    private final SweepListener listener;
    private final StopRequest stop;

    /**
     * @param config the run's configuration
     * @param dir the directory this process writes
     * @param device where cells train
     * @param listener told of every cell's progress
     * @param stop a request to stop at the next training step, with a checkpoint of it
     */
    public CellTrainer(
            SweepConfig config,
            RunDirectory dir,
            Device device,
            SweepListener listener,
            StopRequest stop) {
        this.config = config;
        this.dir = dir;
        this.device = device;
        this.listener = listener;
        this.stop = stop;
    }

    /** The request to stop that every cell's loop honours. */
    public StopRequest stopRequest() {
        return stop;
    }

    /** Trains {@code cell}, the {@code index}-th of {@code total}, and records its result. */
    public void train(Cell cell, int index, int total, DataSplits data, ModelName modelName)
            throws IOException {
        train(cell, index, total, data, modelName, 0);
    }

    /**
     * Trains {@code cell} up to epoch {@code untilEpoch} (0: all), on the schedule of all epochs. A
     * cell stopped before its last epoch keeps its checkpoint and writes no result row.
     *
     * @param total cells in the run, or 0 when not known in advance (a search)
     * @return the status of the result row written, or null when it paused (no row)
     */
    public CellStatus train(
            Cell cell, int index, int total, DataSplits data, ModelName modelName, int untilEpoch)
            throws IOException {
        String label =
                String.format(
                        Locale.ROOT,
                        "[%d/%s] %s %s %s seed=%d",
                        index,
                        total == 0 ? "?" : Integer.toString(total),
                        cell.dataset(),
                        cell.model(),
                        cell.loss().label(),
                        cell.seed());
        TrainingLoop.Outcome outcome;
        try {
            outcome = loop(cell, data, modelName, label, untilEpoch).run();
        } catch (TrainingStoppedException e) {
            LOG.warn("{} {}; rerun to resume", label, e.getMessage());
            throw e;
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.error("{} failed: {}", label, e.toString());
            LOG.debug("failure of " + label, e);
            dir.appendResult(ResultRow.failed(cell));
            listener.cellFailed(cell, e);
            return CellStatus.FAILED;
        }
        if (outcome.status() == TrainingLoop.Outcome.Status.STOPPED) {
            LOG.info(
                    String.format(
                            Locale.ROOT,
                            "%s paused after epoch %d: best val acc so far %.2f%% (epoch %d)",
                            label,
                            outcome.epochs(),
                            outcome.bestValAcc(),
                            outcome.bestEpoch()));
            return null;
        }
        CellStatus status =
                outcome.status() == TrainingLoop.Outcome.Status.DONE
                        ? CellStatus.DONE
                        : CellStatus.DIVERGED;
        if (status == CellStatus.DIVERGED) {
            LOG.warn(
                    "{} diverged in epoch {}: the loss became NaN or infinite",
                    label,
                    outcome.epochs() + 1);
        }
        if (!outcome.bestReliability().isEmpty()) {
            dir.appendCalibration(cell, outcome.bestReliability());
        }
        ResultRow result =
                ResultRow.of(
                        cell,
                        status,
                        outcome.bestValAcc(),
                        outcome.bestEpoch(),
                        outcome.finalValAcc(),
                        outcome.bestNll(),
                        outcome.bestEce(),
                        outcome.epochs(),
                        outcome.seconds());
        if (outcome.selected() != null) {
            result = result.withHeldOut(heldOut(outcome));
            writeLogits(cell, outcome.selected());
        }
        dir.appendResult(result);
        dir.deleteCheckpoint(cell);
        LOG.info(
                String.format(
                        Locale.ROOT,
                        "%s %s: best val acc %.2f%% (epoch %d) in %.0f s",
                        label,
                        status.id(),
                        outcome.bestValAcc(),
                        outcome.bestEpoch(),
                        outcome.seconds()));
        listener.cellFinished(cell, result);
        return status;
    }

    /**
     * The selected epoch's holdout and test figures, and the test calibration before and after a
     * temperature fitted on the holdout logits.
     */
    private static ResultRow.HeldOut heldOut(TrainingLoop.Outcome outcome) {
        SelectedLogits s = outcome.selected();
        int k = s.numClasses();
        TemperatureScaling t = TemperatureScaling.fit(s.holdoutLogits(), s.holdoutLabels(), k);
        ClassificationMetrics before =
                new TemperatureScaling(1).metrics(s.validationLogits(), s.validationLabels(), k);
        ClassificationMetrics after = t.metrics(s.validationLogits(), s.validationLabels(), k);
        return new ResultRow.HeldOut(
                outcome.selectedHoldoutAcc(),
                outcome.selectedValAcc(),
                t.temperature(),
                before.brier(),
                after.nll(),
                after.ece(),
                after.brier(),
                before.confidenceGap(),
                after.confidenceGap(),
                SelectiveRisk.aurc(
                        new TemperatureScaling(1).probabilities(s.validationLogits(), k),
                        s.validationLabels(),
                        k));
    }

    /** The selected epoch's logits and labels, as NumPy files under {@code logits/<cell>/}. */
    private void writeLogits(Cell cell, SelectedLogits s) throws IOException {
        java.nio.file.Path folder = dir.logits(cell);
        int k = s.numClasses();
        NpyFiles.writeFloats(
                folder.resolve("holdout-logits.npy"),
                s.holdoutLogits(),
                s.holdoutLabels().length,
                k);
        NpyFiles.writeLongs(folder.resolve("holdout-labels.npy"), s.holdoutLabels());
        NpyFiles.writeFloats(
                folder.resolve("test-logits.npy"),
                s.validationLogits(),
                s.validationLabels().length,
                k);
        NpyFiles.writeLongs(folder.resolve("test-labels.npy"), s.validationLabels());
    }

    private TrainingLoop loop(
            Cell cell, DataSplits data, ModelName modelName, String label, int untilEpoch) {
        TrainingRecipe recipe = config.recipe();
        Cell.CellSeeds seeds = cell.seeds();
        int batchSize = config.batchSizeFor(cell.dataset());
        LabeledImages train = data.train();
        Block block =
                modelName.build(
                        cell.numClasses(),
                        new Shape(train.channels(), train.height(), train.width()),
                        recipe.bnMomentum());
        ImageClassificationDataset trainSet = data.trainingSet(batchSize, recipe, seeds.data());
        ImageClassificationDataset valSet = data.validationSet(batchSize);
        TrainingLoop.Builder builder = TrainingLoop.builder();
        if (data.holdout() != null) {
            builder.optHoldout(epochData(data.holdoutSet(batchSize), true));
        }
        return builder.setBlock(block)
                .setLoss(recipe.loss(cell.loss(), seeds.disturb()))
                .setRecipe(recipe)
                .setData(epochData(trainSet, false), epochData(valSet, true))
                .setInputShape(new Shape(1, train.channels(), train.height(), train.width()))
                .setEpochs(config.epochs())
                .optStopAfter(untilEpoch)
                .setBatchSize(batchSize)
                .setInitSeed(seeds.init())
                .optDevice(device)
                .optCheckpointDir(dir.checkpoint(cell))
                .optObserver(new CellProgress(dir, cell, label, listener))
                .optStopRequest(stop)
                .build();
    }

    private static TrainingLoop.EpochData epochData(
            ImageClassificationDataset set, boolean fixedOrder) {
        return new TrainingLoop.EpochData() {
            @Override
            public Iterable<Batch> batches(NDManager manager, int epoch) {
                return set.getData(manager, fixedOrder ? 0 : epoch);
            }

            @Override
            public int size() {
                return Math.toIntExact(set.size());
            }
        };
    }
}
