package dev.labelsmooth.cli.run;

import dev.labelsmooth.cli.report.ReportWriter;
import dev.labelsmooth.cli.rundir.CellKey;
import dev.labelsmooth.cli.rundir.ResultRow;
import dev.labelsmooth.cli.rundir.RunDirectory;
import dev.labelsmooth.core.provenance.RunProvenance;
import dev.labelsmooth.core.sweep.Cell;
import dev.labelsmooth.core.sweep.SweepConfig;
import dev.labelsmooth.datasets.DataSource;
import dev.labelsmooth.datasets.DataSplits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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

    private final SweepConfig config;
    private final Path dataDir;
    private final RunDirectory dir;
    private final boolean force;

    /**
     * @param config the resolved configuration
     * @param dataDir root of the data sets
     * @param out the run directory
     * @param force start over when {@code out} holds a different sweep
     */
    public SweepRunner(SweepConfig config, Path dataDir, Path out, boolean force) {
        this.config = config;
        this.dataDir = dataDir;
        this.dir = new RunDirectory(out);
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
    @SuppressWarnings("try") // the log stays attached for the whole block
    public Outcome run() throws IOException {
        SweepPlan plan = SweepPlan.validate(config, dataDir);
        Optional<RunProvenance> previous = ResumePolicy.decide(dir, config, force);
        Files.createDirectories(dir.root());
        try (RunLog ignored = RunLog.attach(dir.log())) {
            int trained = train(plan, previous);
            List<ResultRow> results = ReportWriter.write(dir.root(), dir.root());
            LOG.info("report: {}", dir.report());
            return new Outcome(dir, results, trained);
        }
    }

    private int train(SweepPlan plan, Optional<RunProvenance> previous) throws IOException {
        List<Cell> cells = plan.cells();
        Set<CellKey> finished = dir.finishedCells();
        List<Cell> todo = cells.stream().filter(c -> !finished.contains(CellKey.of(c))).toList();
        LOG.info(
                "sweep into {}: {} cells, {} finished earlier, {} to train on {}",
                dir.root(),
                cells.size(),
                cells.size() - todo.size(),
                todo.size(),
                Arrays.toString(plan.devices()));
        LOG.debug("config: {}", config);

        Map<String, DataSplits> loaded = new LinkedHashMap<>();
        for (DataSource source : plan.sources().values()) {
            boolean needed = todo.stream().anyMatch(c -> c.dataset().equals(source.name()));
            boolean recorded =
                    previous.map(
                                    p ->
                                            p.datasets().stream()
                                                    .anyMatch(d -> d.name().equals(source.name())))
                            .orElse(false);
            if (needed || !recorded) {
                loaded.put(source.name(), load(source));
            }
        }
        ProvenanceRecorder provenance = new ProvenanceRecorder(dir);
        provenance.start(plan, loaded, previous);

        CellTrainer trainer = new CellTrainer(config, dir, plan.devices());
        int index = cells.size() - todo.size();
        for (Cell cell : todo) {
            trainer.train(
                    cell,
                    ++index,
                    cells.size(),
                    loaded.get(cell.dataset()),
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
        return DataSplits.builder()
                .setSource(source)
                .optDataDir(dataDir)
                .optLimitTrain(config.limitTrain())
                .optLimitValidation(config.limitVal())
                .optSubsetSeed(config.dataSeed())
                .load();
    }
}
