package dev.labelsmooth.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Runs training commands with glibc's allocator tuned for libtorch. By default glibc gives the
 * JVM's main thread its own arena, which trims and re-faults the few-MB activation buffers of every
 * step; one arena with high mmap and trim thresholds keeps them mapped (measured +43-62% here, see
 * docs/performance.md). glibc reads these variables only at process start, so {@code java -jar
 * cli.jar sweep} re-executes the same JVM command line once with them set.
 *
 * <p>{@code LABELSMOOTH_NATIVE_TUNING=off} runs without them. The parent forwards SIGTERM, SIGINT
 * and SIGUSR1 to the child and exits with its code; a child whose parent dies stops as for SIGTERM,
 * so killing the command also stops the training.
 */
final class NativeMemory {

    /** The glibc settings. */
    static final Map<String, String> SETTINGS =
            Map.of(
                    "MALLOC_ARENA_MAX", "1",
                    "MALLOC_MMAP_THRESHOLD_", "33554432",
                    "MALLOC_TRIM_THRESHOLD_", "4294967296");

    /** Set to {@code off} to train with glibc's defaults. */
    static final String SWITCH = "LABELSMOOTH_NATIVE_TUNING";

    /** Set in the relaunched child: the parent's pid. */
    static final String PARENT = "LABELSMOOTH_PARENT_PID";

    static final Set<String> TRAINING_COMMANDS = Set.of("sweep", "search", "train", "bench");

    private NativeMemory() {}

    /** The allocator settings in effect, for logs and benchmark records. */
    static String describe() {
        String preload = System.getenv("LD_PRELOAD");
        if (preload != null && preload.contains("malloc")) {
            return "LD_PRELOAD=" + preload;
        }
        if (isTuned(System.getenv())) {
            return "glibc malloc tuned (MALLOC_ARENA_MAX=1, MALLOC_MMAP_THRESHOLD_=32 MiB,"
                    + " MALLOC_TRIM_THRESHOLD_=4 GiB)";
        }
        return "glibc malloc defaults";
    }

    static boolean isTuned(Map<String, String> env) {
        return SETTINGS.entrySet().stream().allMatch(e -> e.getValue().equals(env.get(e.getKey())));
    }

    /** Whether {@code args} should run in a tuned child, given the environment. */
    static boolean shouldRelaunch(String[] args, Map<String, String> env, String osName) {
        return args.length > 0
                && TRAINING_COMMANDS.contains(args[0])
                && osName.toLowerCase(Locale.ROOT).contains("linux")
                && !"off".equalsIgnoreCase(env.getOrDefault(SWITCH, ""))
                && !env.containsKey(PARENT)
                && !isTuned(env)
                && !(env.getOrDefault("LD_PRELOAD", "").contains("malloc"));
    }

    /**
     * Re-executes this JVM's command line with the settings and returns the child's exit code, or
     * empty when this process should run the command itself.
     */
    static OptionalInt relaunchIfNeeded(String[] args) {
        if (!shouldRelaunch(args, System.getenv(), System.getProperty("os.name", ""))) {
            return OptionalInt.empty();
        }
        Optional<String> command = ProcessHandle.current().info().command();
        if (command.isEmpty()) {
            return OptionalInt.empty();
        }
        List<String> line =
                relaunchCommand(
                        command.get(),
                        ManagementFactory.getRuntimeMXBean().getInputArguments(),
                        System.getProperty("java.class.path"),
                        args);
        ProcessBuilder builder = new ProcessBuilder(line).inheritIO();
        builder.environment().putAll(SETTINGS);
        builder.environment().put(PARENT, Long.toString(ProcessHandle.current().pid()));
        try {
            Process child = builder.start();
            // This process only waits: a stop signal goes on to the child, which stops at its
            // next training step with a checkpoint, and this process exits with its code.
            Signals.onStop(signal -> Signals.forward(signal, child.toHandle()));
            Signals.install();
            int code = child.waitFor();
            if (!Signals.STOP.isRequested()) {
                killedBy(code).ifPresent(message -> System.err.println("error: " + message));
            }
            return OptionalInt.of(code);
        } catch (IOException e) {
            return OptionalInt.empty(); // cannot relaunch: run untuned in this process
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.of(ExitCodes.FAILURE);
        }
    }

    /**
     * The same JVM options, class path and main class, and the arguments exactly as received: the
     * command line read back from the OS would lose empty arguments such as {@code --out ""}.
     */
    static List<String> relaunchCommand(
            String java, List<String> jvmOptions, String classPath, String[] args) {
        List<String> line = new ArrayList<>();
        line.add(java);
        line.addAll(jvmOptions);
        line.add("-cp");
        line.add(classPath);
        line.add(Main.class.getName());
        line.addAll(List.of(args));
        return line;
    }

    /**
     * What to tell the user when the training process ended from a signal: Java reports such an
     * exit as 128 plus the signal's number.
     */
    static Optional<String> killedBy(int exitCode) {
        if (exitCode <= 128 || exitCode > 128 + 64) {
            return Optional.empty();
        }
        int signal = exitCode - 128;
        String hint =
                signal == 9
                        ? ", possibly the out-of-memory killer (see dmesg)"
                        : signal == 15 ? " (terminated)" : "";
        return Optional.of(
                "training process killed by signal "
                        + signal
                        + hint
                        + "; rerun the same command to resume");
    }

    /** How long a relaunched child whose parent is gone may take to stop before it halts. */
    static final long ORPHAN_GRACE_SECONDS = 120;

    /**
     * In a relaunched child, stops when the parent is gone (e.g. killed with SIGKILL): training
     * stops at its next step with a checkpoint, as for SIGTERM; a child still running {@link
     * #ORPHAN_GRACE_SECONDS} later halts.
     */
    static void haltWithParent() {
        String parent = System.getenv(PARENT);
        if (parent == null) {
            return;
        }
        try {
            ProcessHandle.of(Long.parseLong(parent))
                    .ifPresentOrElse(
                            p -> p.onExit().thenRun(NativeMemory::orphaned),
                            () -> Runtime.getRuntime().halt(ExitCodes.FAILURE));
        } catch (NumberFormatException e) {
            // not ours; ignore
        }
    }

    private static void orphaned() {
        Signals.STOP.request("the end of the parent process");
        Thread halt =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(ORPHAN_GRACE_SECONDS * 1000);
                            } catch (InterruptedException e) {
                                return;
                            }
                            Runtime.getRuntime().halt(ExitCodes.FAILURE);
                        },
                        "halt-orphan");
        halt.setDaemon(true);
        halt.start();
    }
}
