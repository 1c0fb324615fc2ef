package dev.labelsmooth.experiment.tensorboard;

import dev.labelsmooth.core.tensorboard.EventFileWriter;
import dev.labelsmooth.core.tensorboard.Events;
import dev.labelsmooth.experiment.runner.SweepListener;
import dev.labelsmooth.experiment.store.CellKey;
import dev.labelsmooth.experiment.store.EpochPoint;
import dev.labelsmooth.experiment.store.EpochRow;
import dev.labelsmooth.experiment.store.ResultRow;
import dev.labelsmooth.experiment.sweep.Cell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a sweep's TensorBoard files as it trains: the experiment record once, then for each cell a
 * session start, every epoch's scalars and a session end. A resumed cell adds a file to its run
 * with the epochs it trains now.
 */
public final class TensorBoardRecorder implements SweepListener {

    private final Path logDir;
    private final Map<Cell, EventFileWriter> open = new HashMap<>();
    private long nanos;
    private double trainingSeconds;

    /** Writes under {@code logDir}, usually {@code <run directory>/tensorboard}. */
    public TensorBoardRecorder(Path logDir) {
        this.logDir = logDir;
    }

    /** The time spent writing, in seconds, for the overhead measurement. */
    public synchronized double secondsSpent() {
        return nanos / 1e9;
    }

    /** The seconds of the epochs recorded (their {@code seconds} column). */
    public synchronized double trainingSeconds() {
        return trainingSeconds;
    }

    @Override
    public synchronized void runStarted(Path directory, int cells, int finishedEarlier) {
        timed(() -> StudyEvents.experiment(logDir, directory.getFileName().toString()));
    }

    @Override
    public synchronized void cellStarted(
            Cell cell, String label, int firstEpoch, int epochs, int batchesPerEpoch) {
        timed(
                () -> {
                    CellKey key = CellKey.of(cell);
                    EventFileWriter w = new EventFileWriter(logDir.resolve(StudyEvents.runOf(key)));
                    w.sessionStart(StudyEvents.hparamsOf(key), StudyEvents.groupOf(key), now());
                    open.put(cell, w);
                });
    }

    @Override
    public synchronized void epochFinished(Cell cell, EpochRow row) {
        EventFileWriter w = open.get(cell);
        if (w != null) {
            trainingSeconds += row.seconds();
            timed(() -> StudyEvents.epoch(w, EpochPoint.of(row), now()));
        }
    }

    @Override
    public synchronized void cellFinished(Cell cell, ResultRow result) {
        end(cell, Events.Status.SUCCESS);
    }

    @Override
    public synchronized void cellFailed(Cell cell, Throwable error) {
        end(cell, Events.Status.FAILURE);
    }

    @Override
    public synchronized void runEnded(Path directory) {
        for (Cell cell : Map.copyOf(open).keySet()) {
            end(cell, Events.Status.UNKNOWN);
        }
    }

    private void end(Cell cell, Events.Status status) {
        EventFileWriter w = open.remove(cell);
        if (w != null) {
            timed(
                    () -> {
                        w.sessionEnd(status, now());
                        w.close();
                    });
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private void timed(IoAction action) {
        long start = System.nanoTime();
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TensorBoard files under " + logDir, e);
        } finally {
            nanos += System.nanoTime() - start;
        }
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }
}
