package dev.labelsmooth.experiment.search;

import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.loss.LossConfig;
import dev.labelsmooth.core.training.Checkpoint;
import dev.labelsmooth.datasets.DataSplits;
import dev.labelsmooth.experiment.runner.CellSchedule;
import dev.labelsmooth.experiment.runner.CellTrainer;
import dev.labelsmooth.experiment.store.CellKey;
import dev.labelsmooth.experiment.store.CellStatus;
import dev.labelsmooth.experiment.store.EpochRow;
import dev.labelsmooth.experiment.store.GroupKey;
import dev.labelsmooth.experiment.store.ResultRow;
import dev.labelsmooth.experiment.store.RunDirectory;
import dev.labelsmooth.experiment.sweep.Cell;
import dev.labelsmooth.experiment.sweep.SearchSettings;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import dev.labelsmooth.models.ModelName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code search}: successive halving over the loss configurations of each data set and model, every
 * decision taken from the run directory's own {@code epochs.csv}. Each pass replays the decisions
 * on what has been trained, writes {@code stopped} rows for the configurations a rung dropped, and
 * trains the next rung's cells up to its epoch; a resumed search therefore continues in the middle
 * of a rung with the same decisions.
 *
 * <p>Sharded ({@code --shard I/N}, or {@code --workers}), every shard takes the same decisions from
 * the rows of all shards' directories and trains only its own cells of each rung; a shard whose
 * cells of a rung are through waits until the other shards' are, then goes on with the next rung.
 * Each shard writes the {@code stopped} rows of its own cells.
 */
public final class HalvingSearch {

    private static final Logger LOG = LoggerFactory.getLogger(HalvingSearch.class);

    private final SweepConfig config;
    private final SearchSettings settings;
    private final SuccessiveHalving halving;
    private final RunDirectory dir;
    private final CellTrainer trainer;
    private final ShardDirs shards;
    private final long pollMillis;
    private final java.time.Duration waitLimit;

    /** How often a shard of a search looks whether the other shards have finished a rung. */
    public static final long POLL_MILLIS = 5_000;

    /** Every shard's directory of the run, this process's own among them. */
    interface ShardDirs {
        List<RunDirectory> list() throws IOException;
    }

    /** How long a shard waits for the others' cells of a rung by default before it gives up. */
    public static final java.time.Duration WAIT_LIMIT = java.time.Duration.ofHours(24);

    /** How often a shard that waits says again what for. */
    private static final java.time.Duration WAIT_REMINDER = java.time.Duration.ofMinutes(10);

    /**
     * The search as a run's schedule: successive halving over the run's loss configurations.
     *
     * @param pollMillis how long a shard waits between looks at the other shards' progress
     * @param waitLimit how long a shard waits for other shards' cells to get through a rung before
     *     it gives up with a {@link SearchStalledException}
     */
    public static CellSchedule schedule(long pollMillis, java.time.Duration waitLimit) {
        return run -> {
            ShardDirs shards =
                    run.shard().isWhole()
                            ? () -> List.of(run.directory())
                            : () ->
                                    RunDirectory.shardDirs(run.root()).stream()
                                            .map(RunDirectory::new)
                                            .toList();
            return new HalvingSearch(
                            run.config(),
                            run.directory(),
                            run.trainer(),
                            shards,
                            pollMillis,
                            waitLimit)
                    .run(run.grid(), run.own(), run.data(), run.models());
        };
    }

    /**
     * @param shards all shards' directories, read for the decisions
     * @param pollMillis how long a shard waits between looks at the others' progress
     * @param waitLimit how long it waits for them at most
     */
    private HalvingSearch(
            SweepConfig config,
            RunDirectory dir,
            CellTrainer trainer,
            ShardDirs shards,
            long pollMillis,
            java.time.Duration waitLimit) {
        this.config = config;
        this.settings = config.search();
        this.halving = SuccessiveHalving.of(settings, config.epochs());
        this.dir = dir;
        this.trainer = trainer;
        this.shards = shards;
        this.pollMillis = pollMillis;
        this.waitLimit = waitLimit;
    }

    /**
     * Runs the search of every data set and model of {@code grid}, training the cells of {@code
     * own}.
     *
     * @param grid every cell of the search
     * @param own the cells this process trains (the grid, unless sharded)
     * @return how many cells were trained (to any epoch) in this session
     */
    private int run(
            List<Cell> grid,
            List<Cell> own,
            Map<String, DataSplits> data,
            Map<String, ModelName> models)
            throws IOException {
        java.util.Set<CellKey> owned = new java.util.HashSet<>();
        own.forEach(c -> owned.add(CellKey.of(c)));
        Map<GroupKey, List<Cell>> groups = new LinkedHashMap<>();
        grid.forEach(c -> groups.computeIfAbsent(GroupKey.of(c), k -> new ArrayList<>()).add(c));
        int trained = 0;
        for (List<Cell> group : groups.values()) {
            if (group.stream().noneMatch(c -> owned.contains(CellKey.of(c)))) {
                continue; // another shard trains all of this group
            }
            trained +=
                    runGroup(
                            group,
                            owned,
                            data.get(group.get(0).dataset()),
                            models.get(group.get(0).model()));
        }
        return trained;
    }

    private int runGroup(
            List<Cell> cells, java.util.Set<CellKey> owned, DataSplits data, ModelName model)
            throws IOException {
        String dataset = cells.get(0).dataset();
        String modelName = cells.get(0).model();
        List<LossConfig> configs = cells.stream().map(Cell::loss).distinct().toList();
        int trained = 0;
        int index = 0;
        String waitingFor = "";
        java.time.Instant waitingSince = null;
        java.time.Instant reminded = null;
        while (true) {
            Map<CellKey, ResultRow> results = new HashMap<>();
            List<EpochRow.Validation> validation = new ArrayList<>();
            if (!readAll(results, validation)) {
                pause();
                continue;
            }
            // Decide only on epochs a resume would keep: an epoch row written just before a kill,
            // without its checkpoint, is trained again, and must not count twice. (Another
            // shard's such row is kept: its resume retrains that epoch bit for bit.)
            Map<CellKey, Integer> checkpointed = new HashMap<>();
            boolean dropped = false;
            for (Cell cell : cells) {
                ResultRow row = results.get(CellKey.of(cell));
                if (owned.contains(CellKey.of(cell)) && (row == null || !row.status().finished())) {
                    int kept = Checkpoint.finishedEpochs(dir.checkpoint(cell), config.epochs());
                    dropped |= dir.dropEpochsAfter(cell, kept);
                    checkpointed.put(CellKey.of(cell), kept);
                }
            }
            if (dropped) {
                // Read again without the rows just dropped.
                results.clear();
                validation.clear();
                if (!readAll(results, validation)) {
                    pause();
                    continue;
                }
            }
            Map<CellKey, NavigableMap<Integer, EpochRow.Validation>> epochs =
                    SearchScores.byCell(validation);
            SuccessiveHalving.Progress<LossConfig> progress =
                    halving.run(
                            configs,
                            SearchScores.PREFERRED,
                            scores(dataset, modelName, results, epochs));
            for (SuccessiveHalving.Rung<LossConfig> rung : progress.rungs()) {
                for (LossConfig stopped : rung.stopped()) {
                    if (!(settings.baseline() && SearchScores.isBaseline(stopped))) {
                        writeStopped(dataset, modelName, stopped, rung, results, epochs, owned);
                    }
                }
            }
            List<Cell> todo = new ArrayList<>();
            int untilEpoch;
            if (progress.finished()) {
                untilEpoch = config.epochs();
                progress.rungs()
                        .get(progress.rungs().size() - 1)
                        .survivors()
                        .forEach(c -> todo.addAll(cellsOf(dataset, modelName, c)));
                if (settings.baseline()) {
                    configs.stream()
                            .filter(SearchScores::isBaseline)
                            .forEach(c -> todo.addAll(cellsOf(dataset, modelName, c)));
                }
            } else {
                untilEpoch = progress.nextEpoch();
                progress.toTrain().forEach(c -> todo.addAll(cellsOf(dataset, modelName, c)));
            }
            // A cell is through its rung when it has a finished row, or (before the last epoch) a
            // checkpoint at the rung's epoch; at the last epoch only its result row counts.
            todo.removeIf(
                    c -> {
                        ResultRow row = results.get(CellKey.of(c));
                        return (row != null && row.status().finished())
                                || (untilEpoch < config.epochs()
                                        && checkpointed.getOrDefault(CellKey.of(c), 0)
                                                >= untilEpoch);
                    });
            List<Cell> others = todo.stream().filter(c -> !owned.contains(CellKey.of(c))).toList();
            todo.removeAll(others);
            if (todo.isEmpty() && !others.isEmpty()) {
                if (progress.finished()) {
                    LOG.info(
                            "search of {} {}: this shard's cells are done; {} cells of other"
                                    + " shards finish the last rung",
                            dataset,
                            modelName,
                            others.size());
                    return trained;
                }
                List<String> failed =
                        others.stream()
                                .filter(
                                        c -> {
                                            ResultRow row = results.get(CellKey.of(c));
                                            return row != null && row.status() == CellStatus.FAILED;
                                        })
                                .map(Cell::id)
                                .toList();
                if (!failed.isEmpty()) {
                    throw new SearchStalledException(
                            "search of "
                                    + dataset
                                    + " "
                                    + modelName
                                    + " cannot decide rung "
                                    + progress.rungs().size()
                                    + ": "
                                    + failed.size()
                                    + " cells of other shards failed ("
                                    + String.join(", ", failed)
                                    + "); rerun their shard to train them again (its sweep.log"
                                    + " has the errors), then rerun this one");
                }
                String now = others.size() + " cells of other shards to reach epoch " + untilEpoch;
                java.time.Instant clock = java.time.Instant.now();
                if (!now.equals(waitingFor)) {
                    waitingSince = clock;
                    reminded = clock;
                    LOG.info(
                            "search of {} {}: waiting for {} (since {}, for at most {})",
                            dataset,
                            modelName,
                            now,
                            waitingSince,
                            waitLimit);
                    waitingFor = now;
                } else if (java.time.Duration.between(reminded, clock).compareTo(WAIT_REMINDER)
                        >= 0) {
                    reminded = clock;
                    LOG.info(
                            "search of {} {}: still waiting for {} (since {})",
                            dataset,
                            modelName,
                            now,
                            waitingSince);
                }
                if (java.time.Duration.between(waitingSince, clock).compareTo(waitLimit) > 0) {
                    throw new SearchStalledException(
                            "search of "
                                    + dataset
                                    + " "
                                    + modelName
                                    + " gave up after waiting "
                                    + waitLimit
                                    + " (since "
                                    + waitingSince
                                    + ") for "
                                    + now
                                    + ": "
                                    + String.join(", ", others.stream().map(Cell::id).toList())
                                    + "; start their shards and rerun this one, or allow a longer"
                                    + " wait");
                }
                pause();
                continue;
            }
            waitingFor = "";
            if (todo.isEmpty()) {
                if (progress.finished()) {
                    LOG.info(
                            "search of {} {} chose {} after {} rungs",
                            dataset,
                            modelName,
                            progress.choice().label(),
                            progress.rungs().size());
                    return trained;
                }
                throw new UsageException(
                        "search of "
                                + dataset
                                + " "
                                + modelName
                                + " must find the rows of every checkpointed epoch in "
                                + dir.epochs()
                                + ", got cells checkpointed at epoch "
                                + untilEpoch
                                + " without them; delete their folders under "
                                + dir.root().resolve("checkpoints")
                                + " to train them again");
            }
            LOG.info(
                    "search of {} {}: {} trains {} cells to epoch {}",
                    dataset,
                    modelName,
                    progress.finished() ? "the last rung" : "rung " + progress.rungs().size(),
                    todo.size(),
                    untilEpoch);
            boolean failed = false;
            for (Cell cell : todo) {
                CellStatus status = trainer.train(cell, ++index, 0, data, model, untilEpoch);
                trained++;
                failed |= status == CellStatus.FAILED;
            }
            if (failed) {
                LOG.warn(
                        "search of {} {} stops: a cell failed (see above); rerun to try it again",
                        dataset,
                        modelName);
                return trained;
            }
        }
    }

    /**
     * Reads the rows of every shard. Another shard's files are being appended to while they are
     * read: a row caught half written makes this return false, to be read again after a pause. This
     * shard's own files must read cleanly.
     */
    private boolean readAll(Map<CellKey, ResultRow> results, List<EpochRow.Validation> validation)
            throws IOException {
        Path own = dir.root().toAbsolutePath().normalize();
        for (RunDirectory shard : shards.list()) {
            try {
                shard.readResults().forEach(r -> results.put(r.key(), r));
                validation.addAll(shard.readEpochValidation());
            } catch (UsageException e) {
                if (shard.root().toAbsolutePath().normalize().equals(own)) {
                    throw e;
                }
                if (++unreadable > MAX_UNREADABLE) {
                    throw e;
                }
                LOG.debug("{} not readable yet ({}); reading again", shard.root(), e.getMessage());
                results.clear();
                validation.clear();
                return false;
            }
        }
        unreadable = 0;
        return true;
    }

    /** Looks at another shard's files that may fail in a row before its error is the answer. */
    private static final int MAX_UNREADABLE = 20;

    private int unreadable;

    private void pause() throws IOException {
        if (trainer.stopRequest().isRequested()) {
            throw dev.labelsmooth.core.training.TrainingStoppedException.between(
                    trainer.stopRequest().reason(), "while waiting for other shards");
        }
        try {
            Thread.sleep(pollMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("search interrupted while waiting");
        }
    }

    private List<Cell> cellsOf(String dataset, String model, LossConfig loss) {
        List<Cell> cells = new ArrayList<>();
        for (int seed = 1; seed <= config.seeds(); seed++) {
            cells.add(new Cell(dataset, model, loss, seed));
        }
        return cells;
    }

    /**
     * The search's scores from a run directory's rows: the mean over seeds of each cell's best
     * validation accuracy up to the epoch, known once every seed has reached it (or diverged).
     */
    SuccessiveHalving.Scores<LossConfig> scores(
            String dataset,
            String model,
            Map<CellKey, ResultRow> results,
            Map<CellKey, NavigableMap<Integer, EpochRow.Validation>> epochs) {
        return SearchScores.scores(dataset, model, config.seeds(), results, epochs);
    }

    /** Writes the {@code stopped} rows of a configuration a rung dropped, once. */
    private void writeStopped(
            String dataset,
            String model,
            LossConfig loss,
            SuccessiveHalving.Rung<LossConfig> rung,
            Map<CellKey, ResultRow> results,
            Map<CellKey, NavigableMap<Integer, EpochRow.Validation>> epochs,
            java.util.Set<CellKey> owned)
            throws IOException {
        for (Cell cell : cellsOf(dataset, model, loss)) {
            CellKey key = CellKey.of(cell);
            if (!owned.contains(key)) {
                continue; // its own shard writes it
            }
            ResultRow existing = results.get(key);
            if (existing != null && existing.status().finished()) {
                dir.deleteCheckpoint(cell); // left by a kill between the row and the deletion
                continue;
            }
            NavigableMap<Integer, EpochRow.Validation> rows =
                    epochs.get(key).headMap(rung.epoch(), true);
            EpochRow.Validation best = null;
            double seconds = 0;
            double maxValAcc = Double.NaN;
            for (EpochRow.Validation r : rows.values()) {
                if (best == null || r.score() > best.score()) {
                    best = r;
                }
                maxValAcc = Double.isNaN(maxValAcc) ? r.valAcc() : Math.max(maxValAcc, r.valAcc());
                seconds += Double.isNaN(r.seconds()) ? 0 : r.seconds();
            }
            EpochRow.Validation last = rows.lastEntry().getValue();
            ResultRow row =
                    ResultRow.of(
                            cell,
                            CellStatus.STOPPED,
                            maxValAcc,
                            best.epoch(),
                            last.valAcc(),
                            best.valNll(),
                            best.valEce(),
                            last.epoch(),
                            seconds);
            if (!Double.isNaN(best.holdoutAcc())) {
                row =
                        row.withHeldOut(
                                ResultRow.HeldOut.selectedOnly(best.holdoutAcc(), best.valAcc()));
            }
            dir.appendResult(row);
            results.put(key, row);
            dir.deleteCheckpoint(cell);
            LOG.info(
                    "search stopped {} {} {} seed={} at rung {} (epoch {}): best val acc {}%",
                    dataset,
                    model,
                    loss.label(),
                    cell.seed(),
                    rung.index(),
                    rung.epoch(),
                    String.format(java.util.Locale.ROOT, "%.2f", best.valAcc()));
        }
    }
}
