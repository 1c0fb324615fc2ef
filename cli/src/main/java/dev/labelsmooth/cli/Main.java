package dev.labelsmooth.cli;

import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.provenance.RuntimeInfo;
import dev.labelsmooth.datasets.images.DataFileException;
import java.io.PrintWriter;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code labelsmooth} command: {@code java -jar cli/target/cli.jar <command>}. */
@Command(
        name = "labelsmooth",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Versions.class,
        description = "Label smoothing experiments on DJL with the PyTorch engine.",
        subcommands = {
            SweepCommand.class,
            SearchCommand.class,
            TrainCommand.class,
            ReportCommand.class,
            BenchCommand.class,
            DatasetsCommand.class,
            ModelsCommand.class,
            StatusCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    static {
        // Natives come from the classpath jars; DJL must never reach for the network.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        // libtorch gets the cores this process was given (Slurm, cgroup, affinity, --workers).
        Threads.configure();
        // Plots are rendered off-screen, also where a display exists.
        System.setProperty("java.awt.headless", "true");
    }

    @Spec private CommandSpec spec;

    /**
     * Runs a command and exits with its code; training commands first re-execute the JVM with the
     * allocator settings libtorch needs ({@link NativeMemory}).
     */
    public static void main(String[] args) {
        OptionalInt relaunched = NativeMemory.relaunchIfNeeded(args);
        if (relaunched.isPresent()) {
            System.exit(relaunched.getAsInt());
        }
        NativeMemory.haltWithParent();
        System.exit(newCommandLine().execute(args));
    }

    /**
     * The configured command line. Parse errors, {@link UsageException} and a bad data file are bad
     * input (exit 2, message on stderr); anything else, an IllegalArgumentException from deep
     * inside the engine included, is a failure (exit 1).
     */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    PrintWriter err = commandLine.getErr();
                    if (e instanceof UsageException || e instanceof DataFileException) {
                        err.println(
                                commandLine.getColorScheme().errorText("error: " + e.getMessage()));
                        err.flush();
                        return ExitCodes.USAGE;
                    }
                    err.println(commandLine.getColorScheme().errorText("failed: " + e));
                    err.flush();
                    return ExitCodes.FAILURE;
                });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code --version}: the tool, DJL and engine versions and the device DJL found. */
    static final class Versions implements IVersionProvider {
        @Override
        public String[] getVersion() {
            RuntimeInfo info = RuntimeInfo.detect();
            return new String[] {
                "labelsmooth " + info.toolVersion(),
                "DJL "
                        + info.djlVersion()
                        + ", "
                        + info.engine()
                        + " "
                        + info.engineVersion()
                        + " ("
                        + info.nativeArtifact()
                        + ")",
                "device: "
                        + info.device()
                        + ", GPUs: "
                        + info.gpuCount()
                        + ", CPUs: "
                        + info.availableProcessors(),
                "Java " + info.java() + ", " + info.os()
            };
        }
    }
}
