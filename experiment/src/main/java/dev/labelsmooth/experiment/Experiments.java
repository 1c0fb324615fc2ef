package dev.labelsmooth.experiment;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.datasets.DataSource;
import dev.labelsmooth.datasets.DatasetCatalog;
import dev.labelsmooth.experiment.bench.TrainingBenchmark;
import dev.labelsmooth.experiment.device.DeviceSelection;
import dev.labelsmooth.experiment.report.Report;
import dev.labelsmooth.experiment.report.ReportWriter;
import dev.labelsmooth.experiment.runner.CellSchedule;
import dev.labelsmooth.experiment.runner.RunStatus;
import dev.labelsmooth.experiment.runner.SweepListener;
import dev.labelsmooth.experiment.runner.SweepRunner;
import dev.labelsmooth.experiment.search.HalvingSearch;
import dev.labelsmooth.experiment.search.SearchReplay;
import dev.labelsmooth.experiment.shard.ShardPlan;
import dev.labelsmooth.experiment.store.RunDirectory;
import dev.labelsmooth.experiment.sweep.SearchSettings;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import dev.labelsmooth.experiment.tensorboard.TensorBoardExport;
import dev.labelsmooth.experiment.tensorboard.TensorBoardRecorder;
import dev.labelsmooth.models.ModelName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiment engine for Java programs: run a sweep or a search into a run directory, render its
 * report, plan its shards, read its status. Everything the command line does goes through here; the
 * command line adds only option parsing, console output, its log file and worker processes.
 *
 * <pre>{@code
 * SweepConfig config = SweepConfig.builder()
 *         .optGrid(SmoothingGrid.gammas(List.of(1.0, 0.9)))
 *         .optSeeds(2)
 *         .build();
 * SweepResult result = Experiments.sweep(
 *         SweepRequest.builder(config).optRunDirectory(Path.of("runs/mine")).build());
 * result.report().table3().forEach(System.out::println);
 * }</pre>
 *
 * <p>Bad values throw {@link IllegalArgumentException} (an {@link
 * dev.labelsmooth.core.InvalidSettingException} names the setting), bad files and run directories
 * that do not fit throw {@link UsageException}; both name the value and what was expected.
 */
public final class Experiments {

    private static final Logger LOG = LoggerFactory.getLogger(Experiments.class);

    private Experiments() {}

    /**
     * Trains every cell of the request's grid (or, when its configuration has search settings, runs
     * the search) into its run directory and renders the report. A rerun on the same directory
     * resumes.
     *
     * @return what was trained, and the report
     * @throws UsageException for a value that does not fit a data set, a missing data file, or a
     *     run directory holding another experiment
     */
    public static SweepResult sweep(SweepRequest request) throws IOException {
        CellSchedule schedule =
                request.config().search() == null
                        ? CellSchedule.EVERY_CELL
                        : HalvingSearch.schedule(
                                HalvingSearch.POLL_MILLIS, request.shardWaitLimit());
        Report[] report = new Report[1];
        SweepListener listener = request.listener();
        TensorBoardRecorder recorder =
                request.tensorboard()
                        ? new TensorBoardRecorder(
                                request.runDirectory().resolve(RunDirectory.TENSORBOARD))
                        : null;
        if (recorder != null) {
            listener = SweepListener.all(listener, recorder);
        }
        SweepRunner.Outcome outcome =
                new SweepRunner(
                                request.config(),
                                request.dataDir(),
                                request.runDirectory(),
                                request.force(),
                                request.shard(),
                                listener,
                                request.stop())
                        .run(
                                schedule,
                                dir -> {
                                    report[0] = ReportWriter.write(dir.root(), dir.root());
                                    LOG.info("report: {}", dir.report());
                                    return report[0].results();
                                });
        if (recorder != null && recorder.trainingSeconds() > 0) {
            LOG.info(
                    "TensorBoard files: {} ms of writing for {} s of training epochs ({}%)",
                    String.format(java.util.Locale.ROOT, "%.1f", recorder.secondsSpent() * 1e3),
                    String.format(java.util.Locale.ROOT, "%.1f", recorder.trainingSeconds()),
                    String.format(
                            java.util.Locale.ROOT,
                            "%.4f",
                            100 * recorder.secondsSpent() / recorder.trainingSeconds()));
        }
        if (report[0] == null) {
            // A shard that holds no cell of the grid wrote nothing: an empty report, no file.
            report[0] =
                    new Report(
                            outcome.directory().root(),
                            List.of(),
                            List.of(),
                            java.util.Map.of(),
                            java.util.Map.of());
        }
        return new SweepResult(
                outcome.directory().root(), outcome.config(), outcome.trainedNow(), report[0]);
    }

    /**
     * Successive halving over the loss configurations of {@code request}'s grid: {@link #sweep}
     * with {@code settings} added to the configuration.
     */
    public static SweepResult search(SweepRequest request, SearchSettings settings)
            throws IOException {
        SweepConfig config = request.config().toBuilder().optSearch(settings).build();
        return sweep(
                new SweepRequest(
                        config,
                        request.dataDir(),
                        request.runDirectory(),
                        request.force(),
                        request.shard(),
                        request.listener(),
                        request.stop(),
                        request.shardWaitLimit(),
                        request.tensorboard()));
    }

    /**
     * Renders the report of one experiment gathered from run directories (with their {@code
     * shards/}) and {@code results.csv} files into {@code out}.
     *
     * @return the report's tables
     */
    public static Report report(Path out, List<Path> results) throws IOException {
        return ReportWriter.write(results, out);
    }

    /** The grid of {@code config} split into {@code shards}, with every cell's estimated cost. */
    public static ShardPlan plan(SweepConfig config, int shards) {
        try {
            return ShardPlan.of(config, shards);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /**
     * {@link #plan} with a wall-time estimate for this host: a few training steps of the grid's
     * first model on its first data set's image shape and batch size (random pixels, the sweep's
     * own code path) give the multiply-adds per second, which every cell's cost is divided by.
     * Where the configuration's device is not on this host the plan has no estimate and says why.
     */
    public static ShardPlan plan(SweepConfig config, int shards, boolean timeOnThisHost)
            throws IOException {
        ShardPlan plan = plan(config, shards);
        if (!timeOnThisHost) {
            return plan;
        }
        String dataset = config.datasets().get(0);
        DataSource source = DatasetCatalog.of(dataset, config.imageSize());
        String[] shape = source.imageShape().split("x");
        int c = Integer.parseInt(shape[0]);
        int h = Integer.parseInt(shape[1]);
        int w = Integer.parseInt(shape[2]);
        ModelName model = ModelName.parse(config.models().get(0));
        int batch = config.batchSizeFor(dataset);
        Device device;
        try {
            device = DeviceSelection.select(config.device(), DeviceSelection.Gpus.detect());
        } catch (IllegalArgumentException e) {
            // Planning a GPU grid on a host without that GPU (a login node): no timing here.
            return plan.withSpeed(
                    Double.NaN,
                    "no wall-time estimate: its device cannot be timed on this host ("
                            + e.getMessage()
                            + ")");
        }
        TrainingBenchmark.Measurement m =
                new TrainingBenchmark(
                                model,
                                new Shape(c, h, w),
                                source.numClasses(),
                                batch,
                                3,
                                5,
                                config.recipe().augment())
                        .run(device);
        double imagesPerSecond = m.median();
        double macs = model.forwardMacs(c, h, w, source.numClasses());
        return plan.withSpeed(
                imagesPerSecond * macs,
                String.format(
                        java.util.Locale.ROOT,
                        "%s %s batch %d on %s: %.0f images/s",
                        config.models().get(0),
                        source.imageShape(),
                        batch,
                        device,
                        imagesPerSecond));
    }

    /**
     * Writes TensorBoard event files for existing run directories (finished or not, with their
     * shards) into {@code logDir}, which must hold none yet: one run per cell with its epochs as
     * scalars, and the HParams records with each configuration as the group of its seeds.
     *
     * @return the number of cells written
     */
    public static int exportTensorBoard(List<Path> runs, Path logDir) throws IOException {
        return TensorBoardExport.write(runs, logDir);
    }

    /** How far the experiment in {@code runDirectory} has come, per shard. */
    public static RunStatus status(Path runDirectory) throws IOException {
        return RunStatus.of(runDirectory);
    }

    /**
     * Replays a search's decisions on a finished full sweep's {@code epochs.csv}, training nothing.
     *
     * @return one replay per data set and model
     */
    public static List<SearchReplay> replay(Path runDirectory, SearchSettings settings)
            throws IOException {
        return SearchReplay.of(runDirectory, settings);
    }
}
