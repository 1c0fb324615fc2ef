package dev.labelsmooth.cli;

import dev.labelsmooth.cli.run.SweepRunner;
import dev.labelsmooth.core.sweep.SweepConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

    @Override
    public Integer call() throws Exception {
        return run(options.resolve(spec.commandLine()), options, spec);
    }

    /**
     * Runs {@code config} with the data and run directories of {@code options}; shared with train.
     */
    static Integer run(SweepConfig config, SweepOptions options, CommandSpec spec)
            throws java.io.IOException {
        SweepRunner.Outcome outcome =
                new SweepRunner(
                                config,
                                options.dataDir.resolve(),
                                options.outDir(config),
                                options.force)
                        .run();
        PrintWriter out = spec.commandLine().getOut();
        out.println("report: " + outcome.directory().root().resolve("report.md"));
        out.flush();
        return ExitCodes.OK;
    }
}
