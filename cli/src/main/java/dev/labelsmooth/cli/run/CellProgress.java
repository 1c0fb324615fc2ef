package dev.labelsmooth.cli.run;

import dev.labelsmooth.cli.rundir.EpochRow;
import dev.labelsmooth.cli.rundir.RunDirectory;
import dev.labelsmooth.core.sweep.Cell;
import dev.labelsmooth.core.training.TrainingLoop;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a cell's training loop reports: each epoch's row into {@code epochs.csv} (after dropping
 * rows of epochs a resume trains again), one log line per epoch, and the terminal's progress bar.
 */
final class CellProgress implements TrainingLoop.Observer {

    private static final Logger LOG = LoggerFactory.getLogger(CellProgress.class);

    private final RunDirectory dir;
    private final Cell cell;
    private final String label;
    private final EpochProgress bar;
    private int epochs;

    CellProgress(RunDirectory dir, Cell cell, String label, EpochProgress bar) {
        this.dir = dir;
        this.cell = cell;
        this.label = label;
        this.bar = bar;
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
        bar.startEpoch();
    }

    @Override
    public void onCheckpointDamaged(String problem, java.nio.file.Path movedTo) {
        LOG.warn("{}: {}; moved it to {} and starting the cell over", label, problem, movedTo);
    }

    @Override
    public void onBatch(int epoch, int batch, int batches, double loss) {
        bar.batch(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs), batch, batches, loss);
    }

    @Override
    public void onEpoch(TrainingLoop.EpochMetrics m) throws IOException {
        bar.endEpoch();
        dir.appendEpoch(
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
                        m.seconds()));
        LOG.info(
                String.format(
                        Locale.ROOT,
                        "%s epoch %d/%d: loss %.4f acc %.2f%% | val loss %.4f acc %.2f%% nll %.4f"
                                + " ece %.4f | lr %.1e | %.1f s",
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
                        m.seconds()));
        bar.startEpoch();
    }
}
