package dev.labelsmooth.cli;

import dev.labelsmooth.experiment.Experiments;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status}: how far a (sharded) sweep has come, per shard, with an ETA. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description =
                "Per shard of a sweep's run directory: cells done, running (last epoch and when),"
                        + " failed and pending, and an estimate of the time left from the finished"
                        + " cells' times.")
final class StatusCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(
            names = "--results",
            required = true,
            paramLabel = "DIR",
            description = "The run directory.")
    private Path results;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.print(Experiments.status(results).render());
        out.flush();
        return ExitCodes.OK;
    }
}
