package dev.labelsmooth.experiment.tensorboard;

import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.tensorboard.EventFileWriter;
import dev.labelsmooth.core.tensorboard.Events;
import dev.labelsmooth.experiment.store.CellKey;
import dev.labelsmooth.experiment.store.CellStatus;
import dev.labelsmooth.experiment.store.EpochPoint;
import dev.labelsmooth.experiment.store.ProvenanceFile;
import dev.labelsmooth.experiment.store.ResultRow;
import dev.labelsmooth.experiment.store.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the TensorBoard files of finished or partial run directories, the committed studies
 * included: the same runs, scalars and HParams records a sweep writes as it trains, read from
 * {@code epochs.csv} and {@code results.csv} (of the run and of its shards). Wall times start at
 * the run's recorded start and add each epoch's seconds.
 */
public final class TensorBoardExport {

    private TensorBoardExport() {}

    /**
     * Exports {@code runs} into {@code logDir}, which must hold no event file yet.
     *
     * @return the number of cells written
     * @throws UsageException if {@code logDir} already holds event files or a run has no epochs
     */
    public static int write(List<Path> runs, Path logDir) throws IOException {
        if (Files.isDirectory(logDir)) {
            try (Stream<Path> files = Files.walk(logDir)) {
                if (files.anyMatch(p -> p.getFileName().toString().startsWith("events.out."))) {
                    throw new UsageException(
                            "TensorBoard folder "
                                    + logDir
                                    + " must hold no event files yet, got some; choose an empty"
                                    + " folder (a second export would repeat every scalar)");
                }
            }
        } else if (Files.exists(logDir)) {
            throw new UsageException(
                    "TensorBoard folder must be a folder, got a file at " + logDir);
        }
        int cells = 0;
        for (Path run : runs) {
            List<Path> parts = new ArrayList<>(List.of(run));
            parts.addAll(RunDirectory.shardDirs(run));
            Map<CellKey, List<EpochPoint>> epochs = new LinkedHashMap<>();
            Map<CellKey, CellStatus> status = new HashMap<>();
            for (Path part : parts) {
                Path file = part.resolve(RunDirectory.EPOCHS);
                if (Files.isRegularFile(file)) {
                    for (EpochPoint p : EpochPoint.read(file)) {
                        epochs.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
                    }
                }
                Path results = part.resolve(RunDirectory.RESULTS);
                if (Files.isRegularFile(results)) {
                    for (ResultRow r : ResultRow.read(results)) {
                        status.put(
                                new CellKey(
                                        r.dataset(),
                                        r.model(),
                                        r.gamma(),
                                        r.beta(),
                                        r.alpha(),
                                        r.seed()),
                                r.status());
                    }
                }
            }
            if (epochs.isEmpty()) {
                throw new UsageException(
                        "run directory " + run + " must have an epochs.csv with rows, got none");
            }
            StudyEvents.experiment(logDir, run.getFileName().toString());
            double start = startOf(run);
            for (Map.Entry<CellKey, List<EpochPoint>> cell : epochs.entrySet()) {
                CellKey key = cell.getKey();
                List<EpochPoint> points = cell.getValue();
                try (EventFileWriter w =
                        new EventFileWriter(logDir.resolve(StudyEvents.runOf(key)))) {
                    Map<String, Object> hparams = StudyEvents.hparamsOf(key);
                    w.sessionStart(hparams, StudyEvents.groupOf(key), start);
                    double time = start;
                    for (EpochPoint p : points) {
                        time += Double.isNaN(p.seconds()) ? 0 : p.seconds();
                        StudyEvents.epoch(w, p, time);
                    }
                    CellStatus s = status.get(key);
                    w.sessionEnd(
                            s == null
                                    ? Events.Status.RUNNING
                                    : s == CellStatus.FAILED || s == CellStatus.DIVERGED
                                            ? Events.Status.FAILURE
                                            : Events.Status.SUCCESS,
                            time);
                }
                cells++;
            }
        }
        return cells;
    }

    /** The run's recorded start, else its results file's time. */
    private static double startOf(Path run) throws IOException {
        Path provenance = run.resolve(RunDirectory.PROVENANCE);
        if (Files.isRegularFile(provenance)) {
            try {
                String started = ProvenanceFile.read(provenance).started();
                if (started != null) {
                    return Instant.parse(started).toEpochMilli() / 1000.0;
                }
            } catch (RuntimeException | IOException e) {
                // fall back to the file time
            }
        }
        Path epochs = run.resolve(RunDirectory.EPOCHS);
        Path any = Files.exists(epochs) ? epochs : run;
        return Files.getLastModifiedTime(any).toMillis() / 1000.0;
    }
}
