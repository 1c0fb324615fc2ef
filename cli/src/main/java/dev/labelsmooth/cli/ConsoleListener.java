package dev.labelsmooth.cli;

import dev.labelsmooth.experiment.runner.SweepListener;
import dev.labelsmooth.experiment.store.EpochRow;
import dev.labelsmooth.experiment.store.RunDirectory;
import dev.labelsmooth.experiment.sweep.Cell;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a training command shows while it runs: the epoch's progress bar on a terminal, and the
 * run's DEBUG log in {@code sweep.log} inside the run directory for as long as the run lasts (the
 * engine's one INFO line per epoch goes to stderr through logback).
 */
final class ConsoleListener implements SweepListener {

    private final EpochProgress bar;
    private RunLog log;
    private int epochs;

    ConsoleListener(EpochProgress bar) {
        this.bar = bar;
    }

    /** A listener drawing on stderr when it is a terminal. */
    static ConsoleListener forConsole() {
        return new ConsoleListener(EpochProgress.forConsole());
    }

    @Override
    public void runStarted(Path directory, int cells, int finishedEarlier) {
        log = RunLog.attach(new RunDirectory(directory).log());
    }

    @Override
    public void cellStarted(
            Cell cell, String label, int firstEpoch, int epochs, int batchesPerEpoch) {
        this.epochs = epochs;
        bar.startEpoch();
    }

    @Override
    public void batchFinished(Cell cell, int epoch, int batch, int batches, double loss) {
        bar.batch(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs), batch, batches, loss);
    }

    @Override
    public void epochFinished(Cell cell, EpochRow row) {
        bar.endEpoch();
        bar.startEpoch();
    }

    @Override
    public void runEnded(Path directory) {
        if (log != null) {
            log.close();
            log = null;
        }
    }
}
