package dev.labelsmooth.cli.run;

import dev.labelsmooth.cli.report.ReportWriter;
import dev.labelsmooth.cli.rundir.CellKey;
import dev.labelsmooth.cli.rundir.ResultRow;
import dev.labelsmooth.cli.rundir.RunDirectory;
import dev.labelsmooth.cli.rundir.RunLock;
import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.provenance.RunProvenance;
import dev.labelsmooth.core.sweep.Cell;
import dev.labelsmooth.core.sweep.Shard;
import dev.labelsmooth.core.sweep.SweepConfig;
import dev.labelsmooth.datasets.DataSource;
import dev.labelsmooth.datasets.DataSplits;
import dev.labelsmooth.datasets.images.DataFileException;
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
 * decide whether to resume ({@link ResumePolicy}), train every unfinished cell ({@link
 * CellTrainer}, with {@link ProvenanceRecorder} writing {@code provenance.json}), and render the
 * report. Rerunning with the same directory and configuration resumes: finished cells are kept and
 * an interrupted cell continues from its last epoch checkpoint.
 */
public final class SweepRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);

    /** How often a shard of a search looks whether the other shards have finished a rung. */
    private static final long SEARCH_POLL_MILLIS = 5_000;

    /** The configuration, with {@code --device auto} replaced by the kind it chose. */
    private SweepConfig config;

    private final Path dataDir;
    private final Path root;
    private final Shard shard;
    private final RunDirectory dir;
    private final boolean force;

    /**
     * @param config the resolved configuration
     * @param dataDir root of the data sets
     * @param out the run directory
     * @param force start over when {@code out} holds a different sweep
     * @param shard the part of the grid to train; a shard trains into {@code out/shards/I-of-N/}
     */
    public SweepRunner(SweepConfig config, Path dataDir, Path out, boolean force, Shard shard) {
        this.config = config;
        this.dataDir = dataDir;
        this.root = out;
        this.shard = shard;
        this.dir = new RunDirectory(shard.isWhole() ? out : RunDirectory.shardDir(out, shard));
        this.force = force;
    }

    /**
     * What a sweep did.
     *
     * @param directory the run directory
     * @param results every cell's result, earlier sessions' included
     * @param trainedNow cells trained (or resumed) in this session
     */
    public record Outcome(RunDirectory directory, List<ResultRow> results, int trainedNow) {}

    /**
     * Runs the sweep.
     *
     * @return what was trained, and every result
     * @throws dev.labelsmooth.core.UsageException for a bad value in the grid or a different
     *     earlier sweep in the run directory
     * @throws dev.labelsmooth.datasets.images.DataFileException for a missing or malformed data
     *     file
     */
    @SuppressWarnings("try") // the lock and the log are held for the whole block
    public Outcome run() throws IOException {
        new RunDirectory(root).requireWritable();
        SweepPlan plan = SweepPlan.validate(config, dataDir, shard, true);
        config = plan.config();
        if (!shard.isWhole()) {
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
            try (RunLog log = RunLog.attach(dir.log())) {
                int trained = train(plan, session);
                List<ResultRow> results = ReportWriter.write(dir.root(), dir.root());
                LOG.info("report: {}", dir.report());
                return new Outcome(dir, results, trained);
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
        Optional<RunProvenance> previous = ResumePolicy.decide(dir, config, force);
        Set<CellKey> finished = ResumePolicy.finishedCells(dir, plan.cells());
        List<Cell> todo =
                plan.cells().stream().filter(c -> !finished.contains(CellKey.of(c))).toList();
        Map<String, DataSplits> loaded = new LinkedHashMap<>();
        Map<String, RunProvenance.DatasetRecord> records = new LinkedHashMap<>();
        for (DataSource source : plan.sources().values()) {
            boolean needed = todo.stream().anyMatch(c -> c.dataset().equals(source.name()));
            boolean recorded =
                    previous.map(
                                    p ->
                                            p.datasets().stream()
                                                    .anyMatch(d -> d.name().equals(source.name())))
                            .orElse(false);
            if (needed || !recorded) {
                DataSplits splits = load(source);
                loaded.put(source.name(), splits);
                records.put(source.name(), ProvenanceRecorder.datasetRecord(plan, source, splits));
            }
        }
        previous.ifPresent(p -> ResumePolicy.requireSameData(dir, p, records.values()));
        return new Session(previous, todo, loaded, records);
    }

    private int train(SweepPlan plan, Session session) throws IOException {
        List<Cell> cells = plan.cells();
        List<Cell> todo = session.todo();
        LOG.info("{}", plan.natives().startupLine());
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

        CellTrainer trainer = new CellTrainer(config, dir, plan.device());
        if (config.search() != null) {
            int trained =
                    new HalvingSearch(
                                    config,
                                    dir,
                                    trainer,
                                    shard.isWhole()
                                            ? () -> List.of(dir)
                                            : () ->
                                                    RunDirectory.shardDirs(root).stream()
                                                            .map(RunDirectory::new)
                                                            .toList(),
                                    SEARCH_POLL_MILLIS)
                            .run(plan.grid(), cells, session.loaded(), plan.models());
            provenance.finish();
            dir.removeEmptyCheckpointsDirectory();
            return trained;
        }
        int index = cells.size() - todo.size();
        for (Cell cell : todo) {
            trainer.train(
                    cell,
                    ++index,
                    cells.size(),
                    session.loaded().get(cell.dataset()),
                    plan.models().get(cell.model()));
        }
        provenance.finish();
        dir.removeEmptyCheckpointsDirectory();
        return todo.size();
    }

    private DataSplits load(DataSource source) throws IOException {
        List<Path> files = source.files(dataDir);
        LOG.info(
                "loading {} from {}",
                source.name(),
                files.isEmpty() ? "the jar" : files.get(0).getParent());
        try {
            return DataSplits.builder()
                    .setSource(source)
                    .optDataDir(dataDir)
                    .optLimitTrain(config.limitTrain())
                    .optLimitValidation(config.limitVal())
                    .optSubsetSeed(config.dataSeed())
                    .load();
        } catch (IllegalArgumentException e) {
            throw new UsageException(
                    e.getMessage() + " (--limit-train and --limit-val set the two limits)", e);
        }
    }
}
