package dev.labelsmooth.experiment.runner;

import dev.labelsmooth.experiment.store.EpochRow;
import dev.labelsmooth.experiment.store.ResultRow;
import dev.labelsmooth.experiment.sweep.Cell;
import java.nio.file.Path;
import java.util.List;

/**
 * What a sweep or a search reports while it runs, in place of console output: a command line draws
 * its progress bar and attaches its log file here, a library user collects results or updates a UI.
 * Every method has an empty default; a listener's exception fails the run, so keep them cheap and
 * safe. Calls come from the thread that trains.
 */
public interface SweepListener {

    /** A listener that ignores every event. */
    SweepListener NONE = new SweepListener() {};

    /** Tells every one of {@code listeners}, in order, of every event. */
    static SweepListener all(SweepListener... listeners) {
        List<SweepListener> all = List.of(listeners);
        return new SweepListener() {
            @Override
            public void runStarted(Path directory, int cells, int finishedEarlier) {
                all.forEach(l -> l.runStarted(directory, cells, finishedEarlier));
            }

            @Override
            public void cellStarted(
                    Cell cell, String label, int firstEpoch, int epochs, int batchesPerEpoch) {
                all.forEach(l -> l.cellStarted(cell, label, firstEpoch, epochs, batchesPerEpoch));
            }

            @Override
            public void batchFinished(Cell cell, int epoch, int batch, int batches, double loss) {
                all.forEach(l -> l.batchFinished(cell, epoch, batch, batches, loss));
            }

            @Override
            public void epochFinished(Cell cell, EpochRow row) {
                all.forEach(l -> l.epochFinished(cell, row));
            }

            @Override
            public void cellFinished(Cell cell, ResultRow result) {
                all.forEach(l -> l.cellFinished(cell, result));
            }

            @Override
            public void cellFailed(Cell cell, Throwable error) {
                all.forEach(l -> l.cellFailed(cell, error));
            }

            @Override
            public void runEnded(Path directory) {
                all.forEach(l -> l.runEnded(directory));
            }
        };
    }

    /**
     * The run has taken its directory's lock and starts training.
     *
     * @param directory the directory this process writes (a shard's own under {@code shards/})
     * @param cells the cells of this process
     * @param finishedEarlier how many of them earlier sessions finished
     */
    default void runStarted(Path directory, int cells, int finishedEarlier) {}

    /**
     * A cell starts or resumes training.
     *
     * @param cell the cell
     * @param label a short human-readable name, e.g. {@code [2/5] embedded resnet20-v1 gamma=0.9
     *     seed=1}
     * @param firstEpoch epochs already trained (0 for a new cell, more when resumed)
     * @param epochs the cell's total epochs
     * @param batchesPerEpoch training batches of each epoch
     */
    default void cellStarted(
            Cell cell, String label, int firstEpoch, int epochs, int batchesPerEpoch) {}

    /** A training batch finished; {@code batch} counts from 1 to {@code batches}. */
    default void batchFinished(Cell cell, int epoch, int batch, int batches, double loss) {}

    /** An epoch finished; its row is already in {@code epochs.csv}. */
    default void epochFinished(Cell cell, EpochRow row) {}

    /**
     * A cell reached its last epoch (status {@code done} or {@code diverged}); its row is already
     * in {@code results.csv}.
     */
    default void cellFinished(Cell cell, ResultRow result) {}

    /** A cell failed; the run goes on with the next cell and the cell is tried again on a rerun. */
    default void cellFailed(Cell cell, Throwable error) {}

    /** The run ended, successfully or not; after {@link #runStarted} only. */
    default void runEnded(Path directory) {}
}
