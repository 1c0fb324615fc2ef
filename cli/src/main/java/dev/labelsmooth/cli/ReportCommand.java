package dev.labelsmooth.cli;

import dev.labelsmooth.experiment.Experiments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code report}: re-render report.md, summary.csv and plots from a run's files. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description =
                "Render report.md, summary.csv and the plots from run directories (their own"
                        + " files and every shards/I-of-N/) or results.csv files, merged into one"
                        + " sweep.")
final class ReportCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(
            names = "--results",
            required = true,
            arity = "1..*",
            paramLabel = "DIR|FILE",
            description =
                    "Run directories (with their shards/) or results.csv files of one sweep, merged"
                            + " (only dataset,model,gamma,seed,best_val_acc,status are required).")
    private List<Path> results;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where to write (default: the results' directory).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        Path first = results.get(0);
        Path home = Files.isDirectory(first) ? first : first.toAbsolutePath().getParent();
        Path target = out != null ? out : home;
        int rows = Experiments.report(target, results).results().size();
        spec.commandLine()
                .getOut()
                .println("report of " + rows + " cells: " + target.resolve("report.md"));
        return ExitCodes.OK;
    }
}
