package dev.labelsmooth.experiment.runner;

import dev.labelsmooth.core.training.TrainingLoop;
import dev.labelsmooth.experiment.store.EpochRow;
import dev.labelsmooth.experiment.store.RunDirectory;
import dev.labelsmooth.experiment.sweep.Cell;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a cell's training loop reports: each epoch's row into {@code epochs.csv} (after dropping
 * rows of epochs a resume trains again), one log line per epoch, and the run's {@link
 * SweepListener}.
 */
final class CellProgress implements TrainingLoop.Observer {

    private static final Logger LOG = LoggerFactory.getLogger(CellProgress.class);

    private final RunDirectory dir;
    private final Cell cell;
    private final String label;
    private final SweepListener listener;
    private int epochs;

    CellProgress(RunDirectory dir, Cell cell, String label, SweepListener listener) {
        this.dir = dir;
        this.cell = cell;
        this.label = label;
        this.listener = listener;
    }

    @Override
    public void onStart(int firstEpoch, int epochs, int batchesPerEpoch) throws IOException {
        this.epochs = epochs;
        dir.dropEpochsAfter(cell, firstEpoch);
        if (firstEpoch > 0) {
            LOG.info(
                    "{}: resuming from the checkpoint after epoch {} of {}",
                    label,
                    firstEpoch,
                    epochs);
        } else {
            LOG.info("{}: {} epochs of {} batches", label, epochs, batchesPerEpoch);
        }
        listener.cellStarted(cell, label, firstEpoch, epochs, batchesPerEpoch);
    }

    @Override
    public void onResumedMidEpoch(int epoch, int steps, int batches) {
        LOG.info(
                "{}: resuming from the checkpoint at epoch {} step {} of {}",
                label,
                epoch,
                steps,
                batches);
    }

    @Override
    public void onCheckpointDamaged(String problem, java.nio.file.Path movedTo) {
        LOG.warn("{}: {}; moved it to {} and starting the cell over", label, problem, movedTo);
    }

    @Override
    public void onBatch(int epoch, int batch, int batches, double loss) {
        listener.batchFinished(cell, epoch, batch, batches, loss);
    }

    @Override
    public void onEpoch(TrainingLoop.EpochMetrics m) throws IOException {
        EpochRow row =
                new EpochRow(
                        cell,
                        m.epoch(),
                        m.learningRate(),
                        m.trainLoss(),
                        m.trainAccuracy(),
                        m.valLoss(),
                        m.validation().accuracyPercent(),
                        m.validation().nll(),
                        m.validation().ece(),
                        m.seconds(),
                        m.holdoutLoss(),
                        m.holdout() == null ? Double.NaN : m.holdout().accuracyPercent());
        dir.appendEpoch(row);
        LOG.info(
                String.format(
                                Locale.ROOT,
                                "%s epoch %d/%d: loss %.4f acc %.2f%% | val loss %.4f acc %.2f%%"
                                        + " nll %.4f ece %.4f | lr %.1e | %.1f s",
                                label,
                                m.epoch(),
                                epochs,
                                m.trainLoss(),
                                m.trainAccuracy(),
                                m.valLoss(),
                                m.validation().accuracyPercent(),
                                m.validation().nll(),
                                m.validation().ece(),
                                m.learningRate(),
                                m.seconds())
                        + (m.holdout() == null
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        " | holdout loss %.4f acc %.2f%%",
                                        m.holdoutLoss(),
                                        m.holdout().accuracyPercent())));
        listener.epochFinished(cell, row);
    }
}
