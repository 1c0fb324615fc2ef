package dev.labelsmooth.cli;

import dev.labelsmooth.experiment.Experiments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code export}: a run directory's epochs as TensorBoard event files. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Write TensorBoard event files for existing run directories (with their shards/):"
                    + " one run per cell, every epoch's losses, accuracies, ECE and learning rate"
                    + " as scalars, and the HParams dashboard's records with each configuration as"
                    + " the group of its seeds.",
            "Then: tensorboard --logdir DIR"
        })
final class ExportCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(
            names = "--tensorboard",
            required = true,
            paramLabel = "DIR",
            description = "An empty or new folder for the event files.")
    private Path tensorboard;

    @Option(
            names = "--results",
            required = true,
            arity = "1..*",
            paramLabel = "RUN",
            description = "Run directories with an epochs.csv.")
    private List<Path> results;

    @Override
    public Integer call() throws Exception {
        for (Path run : results) {
            if (!Files.isDirectory(run)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--results must name run directories, got " + run + " (not a folder)");
            }
        }
        int cells = Experiments.exportTensorBoard(results, tensorboard);
        spec.commandLine()
                .getOut()
                .println(
                        "TensorBoard files of "
                                + cells
                                + " cells in "
                                + tensorboard
                                + "; view with: tensorboard --logdir "
                                + tensorboard);
        return ExitCodes.OK;
    }
}
