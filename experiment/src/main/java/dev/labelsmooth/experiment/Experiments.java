package dev.labelsmooth.experiment;

import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.experiment.report.Report;
import dev.labelsmooth.experiment.report.ReportWriter;
import dev.labelsmooth.experiment.runner.CellSchedule;
import dev.labelsmooth.experiment.runner.RunStatus;
import dev.labelsmooth.experiment.runner.SweepRunner;
import dev.labelsmooth.experiment.search.HalvingSearch;
import dev.labelsmooth.experiment.search.SearchReplay;
import dev.labelsmooth.experiment.shard.ShardPlan;
import dev.labelsmooth.experiment.sweep.SearchSettings;
import dev.labelsmooth.experiment.sweep.SweepConfig;
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
                        : HalvingSearch.schedule(HalvingSearch.POLL_MILLIS);
        Report[] report = new Report[1];
        SweepRunner.Outcome outcome =
                new SweepRunner(
                                request.config(),
                                request.dataDir(),
                                request.runDirectory(),
                                request.force(),
                                request.shard(),
                                request.listener())
                        .run(
                                schedule,
                                dir -> {
                                    report[0] = ReportWriter.write(dir.root(), dir.root());
                                    LOG.info("report: {}", dir.report());
                                    return report[0].results();
                                });
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
                        request.listener()));
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
        return ShardPlan.of(config, shards);
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
