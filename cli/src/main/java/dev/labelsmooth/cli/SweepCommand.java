package dev.labelsmooth.cli;

import dev.labelsmooth.experiment.Experiments;
import dev.labelsmooth.experiment.SweepResult;
import dev.labelsmooth.experiment.shard.Shard;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import java.io.PrintWriter;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sweep}: train every data set x model x gamma x seed cell and write the report. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description =
                "Train every cell of data set x model x gamma x seed and write results.csv,"
                    + " epochs.csv, report.md, summary.csv and plots into the run directory. Rerun"
                    + " with the same --out to resume.")
final class SweepCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private SweepOptions options;

    @Option(
            names = "--plan",
            description =
                    "Print every cell with its shard (of --shards N, default 1) and estimated cost,"
                            + " the total and the largest shard's share, and the wall time"
                            + " estimated from a few training steps timed on this host; train"
                            + " nothing.")
    private boolean plan;

    @Option(
            names = "--workers",
            paramLabel = "W",
            defaultValue = "1",
            description =
                    "Train W shards side by side as W processes on this machine, each with its"
                            + " share of the cores, then merge the report (default:"
                            + " ${DEFAULT-VALUE}).")
    private int workers;

    @Override
    public Integer call() throws Exception {
        SweepConfig config = options.resolve(spec.commandLine());
        if (workers < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--workers must be >= 1, got " + workers);
        }
        if (plan) {
            int n = options.shards != null ? options.shards : Math.max(1, workers);
            PrintWriter out = spec.commandLine().getOut();
            out.print(Experiments.plan(config, n, true).render());
            out.flush();
            return ExitCodes.OK;
        }
        OptionalInt workersEnded = LocalWorkers.startIfAsked(spec, options, config, workers);
        if (workersEnded.isPresent()) {
            return workersEnded.getAsInt();
        }
        Shard shard = options.resolveShard(spec.commandLine(), System.getenv());
        return run(config, options, shard, spec);
    }

    /**
     * Runs {@code config} with the data and run directories of {@code options}; shared with train.
     */
    static Integer run(SweepConfig config, SweepOptions options, Shard shard, CommandSpec spec)
            throws java.io.IOException {
        return run(options.request(config, shard), spec);
    }

    /** Runs {@code request}: exit 0, or 1 when cells failed (a rerun trains them again). */
    static Integer run(dev.labelsmooth.experiment.SweepRequest request, CommandSpec spec)
            throws java.io.IOException {
        SweepResult result = Experiments.sweep(request);
        PrintWriter out = spec.commandLine().getOut();
        if (!java.nio.file.Files.exists(result.report().markdown())) {
            out.println("shard " + request.shard() + " holds no cell of this grid: nothing to do");
            out.flush();
            return ExitCodes.OK;
        }
        out.println("report: " + result.directory().resolve("report.md"));
        out.flush();
        long failed =
                result.results().stream()
                        .filter(
                                r ->
                                        r.status()
                                                == dev.labelsmooth.experiment.store.CellStatus
                                                        .FAILED)
                        .count();
        if (failed > 0) {
            // Not a success: a scheduler's retry (or the user's rerun) trains them again.
            PrintWriter err = spec.commandLine().getErr();
            err.printf(
                    "%d of %d cells failed (their errors are in %s); rerun the same command to"
                            + " train them again%n",
                    failed, result.results().size(), result.directory().resolve("sweep.log"));
            err.flush();
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }
}
