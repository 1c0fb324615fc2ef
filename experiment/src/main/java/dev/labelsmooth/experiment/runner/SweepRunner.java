package dev.labelsmooth.experiment.runner;

import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.training.Checkpoint;
import dev.labelsmooth.core.training.StopRequest;
import dev.labelsmooth.datasets.DataSource;
import dev.labelsmooth.datasets.DataSplits;
import dev.labelsmooth.datasets.images.DataFileException;
import dev.labelsmooth.experiment.shard.Shard;
import dev.labelsmooth.experiment.store.CellKey;
import dev.labelsmooth.experiment.store.ResultRow;
import dev.labelsmooth.experiment.store.RunDirectory;
import dev.labelsmooth.experiment.store.RunLock;
import dev.labelsmooth.experiment.store.RunProvenance;
import dev.labelsmooth.experiment.sweep.Cell;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sweep in four steps: validate the whole grid and the data files ({@link SweepPlan}),
 * decide whether to resume ({@link ResumePolicy}), train the cells a {@link CellSchedule} picks
 * ({@link CellTrainer}, with {@link ProvenanceRecorder} writing {@code provenance.json}), and hand
 * the directory to a {@link Finisher} (the report) while the lock is still held. Rerunning with the
 * same directory and configuration resumes: finished cells are kept and an interrupted cell
 * continues from its last epoch checkpoint.
 */
public final class SweepRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);

    /** The configuration, with {@code --device auto} replaced by the kind it chose. */
    private SweepConfig config;

    private final Path dataDir;
    private final Path root;
    private final Shard shard;
    private final RunDirectory dir;
    private final boolean force;
    private final SweepListener listener;
    private final StopRequest stop;

    /**
     * @param config the resolved configuration
     * @param dataDir root of the data sets
     * @param out the run directory
     * @param force start over when {@code out} holds a different sweep
     * @param shard the part of the grid to train; a shard trains into {@code out/shards/I-of-N/}
     * @param listener told of the run's progress
     * @param stop a request to stop at the next training step, with a checkpoint of it
     */
    public SweepRunner(
            SweepConfig config,
            Path dataDir,
            Path out,
            boolean force,
            Shard shard,
            SweepListener listener,
            StopRequest stop) {
        this.config = config;
        this.dataDir = dataDir;
        this.root = out;
        this.shard = shard;
        this.dir = new RunDirectory(shard.isWhole() ? out : RunDirectory.shardDir(out, shard));
        this.force = force;
        this.listener = listener;
        this.stop = stop;
    }

    /** The last step of a run, taken while its lock is held: typically writing the report. */
    @FunctionalInterface
    public interface Finisher {
        /**
         * @param directory the directory this process wrote
         * @return every cell's result, earlier sessions' included
         */
        List<ResultRow> finish(RunDirectory directory) throws IOException;
    }

    /**
     * What a sweep did.
     *
     * @param directory the run directory
     * @param config the configuration it ran, with an {@code auto} device resolved to its kind
     * @param results every cell's result, earlier sessions' included
     * @param trainedNow cells trained (or resumed) in this session
     */
    public record Outcome(
            RunDirectory directory, SweepConfig config, List<ResultRow> results, int trainedNow) {}

    /**
     * Runs the sweep.
     *
     * @param schedule which cells to train, and how far
     * @param finisher the last step, under the lock
     * @return what was trained, and every result
     * @throws dev.labelsmooth.core.UsageException for a bad value in the grid or a different
     *     earlier sweep in the run directory
     * @throws dev.labelsmooth.datasets.images.DataFileException for a missing or malformed data
     *     file
     */
    @SuppressWarnings("try") // the lock and the log are held for the whole block
    public Outcome run(CellSchedule schedule, Finisher finisher) throws IOException {
        new RunDirectory(root).requireWritable();
        SweepPlan plan = SweepPlan.validate(config, dataDir, shard, true);
        config = plan.config();
        if (plan.cells().isEmpty()) {
            // An array larger than the grid: this task has nothing to do, and writes nothing.
            LOG.warn(
                    "shard {} has none of the {} cells of the grid (more shards than cells):"
                            + " nothing to train, nothing written",
                    shard,
                    plan.grid().size());
            return new Outcome(dir, config, List.of(), 0);
        }
        if (!shard.isWhole()) {
            if (force) {
                ResumePolicy.clearOtherSweepsShards(root, shard, config);
            }
            ResumePolicy.requireSameShards(root, shard, config);
        }
        boolean created = !Files.exists(dir.root());
        try (RunLock lock = dir.lock()) {
            Session session;
            try {
                session = prepare(plan);
            } catch (UsageException | DataFileException e) {
                if (created) {
                    lock.close();
                    dir.removeIfOnlyLock();
                }
                throw e;
            }
            listener.runStarted(
                    dir.root(), plan.cells().size(), plan.cells().size() - session.todo().size());
            try {
                int trained = train(plan, session, schedule);
                List<ResultRow> results = finisher.finish(dir);
                return new Outcome(dir, config, results, trained);
            } finally {
                listener.runEnded(dir.root());
            }
        }
    }

    /**
     * What a session trains, decided before anything is written: the resume policy, the cells left,
     * their data loaded and checked against the data the run was trained on.
     */
    private record Session(
            Optional<RunProvenance> previous,
            List<Cell> todo,
            Map<String, DataSplits> loaded,
            Map<String, RunProvenance.DatasetRecord> records) {}

    private Session prepare(SweepPlan plan) throws IOException {
        dir.repairTornRows().forEach(LOG::warn);
        Optional<RunProvenance> previous = ResumePolicy.decide(dir, config, force);
        Set<CellKey> finished = ResumePolicy.finishedCells(dir, plan.cells());
        List<Cell> todo =
                plan.cells().stream().filter(c -> !finished.contains(CellKey.of(c))).toList();
        Map<String, DataSplits> loaded = new LinkedHashMap<>();
        Map<String, RunProvenance.DatasetRecord> records = new LinkedHashMap<>();
        // Every data set is loaded and checked against the run's record, also when nothing is
        // left to train: a finished run pointed at changed data must not re-render old results
        // as if they were of the new data.
        Map<String, String> manifests = new LinkedHashMap<>();
        for (DataSource source : plan.sources().values()) {
            DataSplits splits = load(source);
            loaded.put(source.name(), splits);
            records.put(source.name(), ProvenanceRecorder.datasetRecord(plan, source, splits));
            String manifest = source.manifest(plan.dataDir());
            if (manifest != null) {
                manifests.put(source.name(), manifest);
            }
        }
        previous.ifPresent(p -> ResumePolicy.requireSameData(dir, p, records.values(), manifests));
        ResumePolicy.requireSameDataAsOtherShards(root, shard, records.values());
        for (var manifest : manifests.entrySet()) {
            dir.writeManifest(manifest.getKey(), manifest.getValue());
        }
        return new Session(previous, todo, loaded, records);
    }

    private int train(SweepPlan plan, Session session, CellSchedule schedule) throws IOException {
        List<Cell> cells = plan.cells();
        List<Cell> todo = session.todo();
        LOG.info("{}", plan.natives().startupLine());
        if (!Checkpoint.holdsAdamMoments()) {
            LOG.warn(
                    "this DJL's Adam keeps its moment estimates where checkpoints cannot read"
                            + " them: checkpoints go on without them, and a resumed cell restarts"
                            + " them from zero, so it does not end exactly as an uninterrupted"
                            + " run (recorded in provenance.json)");
        }
        LOG.info(
                "sweep into {}{}: {} cells, {} finished earlier, {} to train on {} with {} threads",
                dir.root(),
                shard.isWhole()
                        ? ""
                        : " (shard " + shard + " of a " + plan.grid().size() + "-cell grid)",
                cells.size(),
                cells.size() - todo.size(),
                todo.size(),
                plan.device(),
                System.getProperty("ai.djl.pytorch.num_threads", "the engine's default"));
        LOG.debug("config: {}", config);
        ProvenanceRecorder provenance = new ProvenanceRecorder(dir);
        provenance.start(plan, session.loaded(), session.records(), session.previous());

        CellTrainer trainer = new CellTrainer(config, dir, plan.device(), listener, stop);
        int trained =
                schedule.train(
                        new CellSchedule.Run(
                                config,
                                root,
                                dir,
                                shard,
                                plan.grid(),
                                cells,
                                todo,
                                session.loaded(),
                                plan.models(),
                                trainer));
        provenance.finish();
        dir.removeEmptyCheckpointsDirectory();
        return trained;
    }

    private DataSplits load(DataSource source) throws IOException {
        LOG.info("loading {} from {}", source.name(), source.location(dataDir));
        long started = System.nanoTime();
        try {
            DataSplits.Builder builder =
                    DataSplits.builder()
                            .setSource(source)
                            .optDataDir(dataDir)
                            .optLimitTrain(config.limitTrain())
                            .optLimitValidation(config.limitVal())
                            .optSubsetSeed(config.dataSeed());
            if (config.holdout() >= 1) {
                builder.optHoldout((int) config.holdout());
            } else if (config.holdout() > 0) {
                builder.optHoldoutFraction(config.holdout());
            }
            DataSplits splits = builder.load();
            LOG.info(
                    "loaded {}: {} training, {} test images of {}x{}x{} in {} s",
                    source.name(),
                    splits.train().size(),
                    splits.validation().size(),
                    splits.train().channels(),
                    splits.train().height(),
                    splits.train().width(),
                    String.format(
                            java.util.Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
            return splits;
        } catch (IllegalArgumentException e) {
            throw new UsageException(
                    e.getMessage()
                            + " ('limitTrain', 'limitVal' and 'holdout' set the split sizes)",
                    e);
        }
    }
}
