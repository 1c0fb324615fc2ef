package dev.labelsmooth.experiment.runner;

import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.io.Json;
import dev.labelsmooth.experiment.shard.CellCosts;
import dev.labelsmooth.experiment.shard.Shard;
import dev.labelsmooth.experiment.store.CellKey;
import dev.labelsmooth.experiment.store.CellStatus;
import dev.labelsmooth.experiment.store.ResultRow;
import dev.labelsmooth.experiment.store.RunDirectory;
import dev.labelsmooth.experiment.store.RunLock;
import dev.labelsmooth.experiment.store.RunProvenance;
import dev.labelsmooth.experiment.sweep.Cell;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How far a sweep has come: per shard, cells done, running (last epoch checkpointed and when),
 * failed and pending, and an ETA from the finished cells' mean training time ({@code status} prints
 * {@link #render()}). Reads the run directory only.
 *
 * @param shards one line per shard ({@code all} when the run is not sharded)
 * @param meanCellSeconds the finished cells' mean training time, NaN when none has finished
 */
public record RunStatus(List<Line> shards, double meanCellSeconds) {

    /**
     * One shard's state.
     *
     * @param shard {@code all}, or the shard's directory name such as {@code 0-of-4}
     * @param cells its cells
     * @param done cells with a finished result row
     * @param running cells with a checkpoint and no finished row while a process holds the shard's
     *     lock, described
     * @param failed cells whose last row says failed
     * @param pending cells not finished and not running: never started, or stopped with a
     *     checkpoint and waiting for a process (a requeued or preempted task in the queue)
     * @param resumable the pending cells that have a checkpoint, described
     */
    public record Line(
            String shard,
            int cells,
            int done,
            List<String> running,
            int failed,
            int pending,
            List<String> resumable) {

        /** Copies the lists. */
        public Line {
            running = List.copyOf(running);
            resumable = List.copyOf(resumable);
        }

        /** The estimated time left for this shard, or why there is none. */
        public String eta(double meanCellSeconds) {
            int left = running.size() + pending;
            if (left > 0 && running.isEmpty()) {
                return "n/a (no process is training this shard)";
            }
            return left == 0
                    ? "finished"
                    : Double.isNaN(meanCellSeconds)
                            ? "n/a (no cell finished yet)"
                            : duration(meanCellSeconds * (pending + 0.5 * running.size()));
        }
    }

    /** Copies the list. */
    public RunStatus {
        shards = List.copyOf(shards);
    }

    /**
     * The status of the sweep in {@code root}.
     *
     * @throws UsageException when {@code root} holds no sweep
     */
    public static RunStatus of(Path root) throws IOException {
        List<Path> shardDirs = RunDirectory.shardDirs(root);
        List<Path> dirs = shardDirs.isEmpty() ? List.of(root) : new ArrayList<>(shardDirs);
        int count = shardDirs.isEmpty() ? 1 : RunDirectory.shardOf(shardDirs.get(0)).count();
        if (!shardDirs.isEmpty()) {
            // Shards not started yet have no directory: list all N.
            for (int i = 0; i < count; i++) {
                Path dir = RunDirectory.shardDir(root, new Shard(i, count));
                if (!dirs.contains(dir)) {
                    dirs.add(dir);
                }
            }
            dirs.sort(null);
        }
        RunProvenance provenance = null;
        for (Path dir : dirs) {
            if (Files.isRegularFile(dir.resolve(RunDirectory.PROVENANCE))) {
                provenance = new RunDirectory(dir).readProvenance();
                break;
            }
        }
        if (provenance == null) {
            throw new UsageException(
                    "'results' must be a run directory of a sweep (provenance.json in it or in"
                            + " shards/*/), got "
                            + root);
        }
        SweepConfig config = provenance.config();
        List<Cell> grid = config.cells();
        int[] owner = Shard.assign(grid, new CellCosts(config), count);
        List<Line> lines = new ArrayList<>();
        double secondsDone = 0;
        int cellsDone = 0;
        for (Path dir : dirs) {
            Shard shard = shardDirs.isEmpty() ? Shard.whole() : RunDirectory.shardOf(dir);
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                continue;
            }
            List<Cell> cells = shard.cellsOf(grid, owner);
            RunDirectory run = new RunDirectory(dir);
            List<ResultRow> rows = run.readResults();
            Set<CellKey> finished =
                    rows.stream()
                            .filter(r -> r.status().finished())
                            .map(ResultRow::key)
                            .collect(Collectors.toSet());
            int failed = 0;
            for (ResultRow r : rows) {
                if (r.status() == CellStatus.FAILED) {
                    failed++;
                }
                if (r.done() && !Double.isNaN(r.trainSeconds())) {
                    secondsDone += r.trainSeconds();
                    cellsDone++;
                }
            }
            boolean training = Files.isDirectory(dir) && RunLock.isHeld(dir);
            List<String> running = new ArrayList<>();
            List<String> resumable = new ArrayList<>();
            for (Cell cell : cells) {
                Path state = run.checkpoint(cell).resolve("state.json");
                if (!finished.contains(CellKey.of(cell)) && Files.isRegularFile(state)) {
                    (training ? running : resumable).add(running(cell, state, config.epochs()));
                }
            }
            int pending = cells.size() - finished.size() - running.size();
            lines.add(
                    new Line(
                            shard.isWhole() ? "all" : shard.dirName(),
                            cells.size(),
                            finished.size(),
                            running,
                            failed,
                            Math.max(0, pending),
                            resumable));
        }
        return new RunStatus(lines, cellsDone == 0 ? Double.NaN : secondsDone / cellsDone);
    }

    /** The status as a table, one line per shard and one per running cell. */
    public String render() {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.printf(
                Locale.ROOT,
                "%-8s %6s %6s %8s %7s %8s  %s%n",
                "shard",
                "cells",
                "done",
                "running",
                "failed",
                "pending",
                "ETA");
        for (Line l : shards) {
            out.printf(
                    Locale.ROOT,
                    "%-8s %6d %6d %8d %7d %8d  %s%n",
                    l.shard(),
                    l.cells(),
                    l.done(),
                    l.running().size(),
                    l.failed(),
                    l.pending(),
                    l.eta(meanCellSeconds));
            for (String r : l.running()) {
                out.println("         running: " + r);
            }
            for (String r : l.resumable()) {
                out.println("         pending, resumes from its checkpoint: " + r);
            }
        }
        out.flush();
        return text.toString();
    }

    private static String running(Cell cell, Path state, int epochs) throws IOException {
        Map<?, ?> values = Json.GSON.fromJson(Files.readString(state), Map.class);
        Object done = values == null ? null : values.get("epochs");
        Object partial = values == null ? null : values.get("partial");
        Object steps = partial instanceof Map<?, ?> p ? p.get("steps") : null;
        Duration ago =
                Duration.between(Files.getLastModifiedTime(state).toInstant(), Instant.now());
        return String.format(
                Locale.ROOT,
                "%s epoch %s/%d%s checkpointed %s ago",
                CellKey.of(cell),
                done instanceof Number n ? Integer.toString(n.intValue()) : "?",
                epochs,
                steps instanceof Number n ? " (and " + n.intValue() + " steps of the next)" : "",
                duration(ago.toSeconds()));
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }
}
