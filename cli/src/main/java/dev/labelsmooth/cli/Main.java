package dev.labelsmooth.cli;

import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.provenance.RuntimeInfo;
import dev.labelsmooth.core.training.TrainingStoppedException;
import dev.labelsmooth.datasets.images.DataFileException;
import dev.labelsmooth.experiment.device.DeviceSelection;
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
            ExportCommand.class,
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
        if (Threads.problem() != null) {
            System.err.println("error: " + Threads.problem());
            System.exit(ExitCodes.USAGE);
        }
        OptionalInt relaunched = NativeMemory.relaunchIfNeeded(args);
        if (relaunched.isPresent()) {
            System.exit(relaunched.getAsInt());
        }
        NativeMemory.haltWithParent();
        if (args.length > 0 && Signals.STOPPABLE_COMMANDS.contains(args[0])) {
            Signals.install();
        }
        if (wantsGpu(args)) {
            // DJL's CUDA probe says why it found no GPU; quiet on CPU runs, shown when one is
            // wanted.
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ai.djl.util.cuda"))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        System.exit(newCommandLine().execute(args));
    }

    /** Whether the arguments ask for a GPU ({@code --device gpu[:N]} or {@code --gpus}). */
    static boolean wantsGpu(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value =
                    a.startsWith("--device=")
                            ? a.substring("--device=".length())
                            : a.equals("--device") && i + 1 < args.length ? args[i + 1] : null;
            if (value != null && DeviceSelection.requestedKind(value).equals("gpu")) {
                return true;
            }
            if (a.equals("--gpus") || a.startsWith("--gpus=")) {
                return true;
            }
        }
        return false;
    }

    /** The engine's own failure to start, if {@code e} is or wraps one. */
    static ai.djl.engine.EngineException engineFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ai.djl.engine.EngineException engine) {
                return engine;
            }
        }
        return null;
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
                    if (e instanceof TrainingStoppedException stopped) {
                        // The cell's log line said where; the checkpoint holds that step.
                        err.println(
                                commandLine
                                        .getColorScheme()
                                        .errorText(
                                                stopped.getMessage()
                                                        + "; rerun the same command to resume"));
                        err.flush();
                        return Signals.exitCode(stopped.reason());
                    }
                    boolean usage = e instanceof UsageException || e instanceof DataFileException;
                    // A search that cannot go on is no usage error, but its message is the answer.
                    if (usage
                            || e
                                    instanceof
                                    dev.labelsmooth.experiment.search.SearchStalledException) {
                        err.println(
                                commandLine
                                        .getColorScheme()
                                        .errorText(
                                                "error: " + OptionNames.translate(e.getMessage())));
                        err.flush();
                        return usage ? ExitCodes.USAGE : ExitCodes.FAILURE;
                    }
                    ai.djl.engine.EngineException engine = engineFailure(e);
                    if (engine != null) {
                        // Typically CUDA natives on a host without a usable CUDA: DJL then wants
                        // to download the CPU natives, which an offline run must not.
                        err.println(
                                commandLine
                                        .getColorScheme()
                                        .errorText(
                                                "error: the PyTorch engine could not start: "
                                                        + engine.getMessage()
                                                        + ". The CUDA natives need an NVIDIA"
                                                        + " driver and a CUDA runtime >= 12.4"
                                                        + " registered with ldconfig; elsewhere"
                                                        + " run the CPU jar (cli.jar) or the"
                                                        + " distribution's bin/labelsmooth, which"
                                                        + " picks the CPU natives itself"
                                                        + " (LABELSMOOTH_NATIVES=cpu forces"
                                                        + " them)."));
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
