package dev.labelsmooth.cli;

import dev.labelsmooth.experiment.Experiments;
import dev.labelsmooth.experiment.device.DeviceSelection;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code sweep --workers W}: W shards of the grid trained side by side as W processes on this
 * machine, each with its share of the cores, into one run directory; then one merged report. On a
 * 2-core machine two 1-thread processes trained 19% more images per second in total than one
 * 2-thread process.
 *
 * <p>On GPUs ({@code --gpus N}, or {@code --workers W} with a GPU device) worker k is pinned to one
 * GPU: it sees only that one through {@code CUDA_VISIBLE_DEVICES} and trains on {@code --device
 * gpu}, so every cell trains on one GPU exactly as it would alone.
 */
final class LocalWorkers {

    /** Intra-op threads a worker may use; read by {@link Threads}. */
    static final String THREADS = "LABELSMOOTH_THREADS";

    private LocalWorkers() {}

    /** The arguments of one CPU worker: the user's, without {@code --workers}, plus its shard. */
    static List<String> workerArgs(List<String> original, int index, int workers) {
        List<String> args = without(original, "--workers");
        args.add("--shard");
        args.add(index + "/" + workers);
        return args;
    }

    /**
     * The arguments of one GPU worker: the user's, without {@code --workers}, {@code --gpus} and
     * {@code --device}, plus {@code --device gpu} (the one GPU it sees) and its shard.
     */
    static List<String> gpuWorkerArgs(List<String> original, int index, int workers) {
        List<String> args = without(without(without(original, "--workers"), "--gpus"), "--device");
        args.add("--device");
        args.add("gpu");
        args.add("--shard");
        args.add(index + "/" + workers);
        return args;
    }

    private static List<String> without(List<String> original, String option) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < original.size(); i++) {
            String a = original.get(i);
            if (a.equals(option)) {
                i++;
                continue;
            }
            if (a.startsWith(option + "=")) {
                continue;
            }
            args.add(a);
        }
        return args;
    }

    /**
     * One worker process to start.
     *
     * @param command its command line
     * @param environment what it gets on top of this process's environment
     */
    record Launch(List<String> command, java.util.Map<String, String> environment) {

        /** One line for the console: the environment, then the arguments after the main class. */
        String describe() {
            StringBuilder b = new StringBuilder();
            environment.forEach((k, v) -> b.append(k).append('=').append(v).append(' '));
            int main = command.indexOf(Main.class.getName());
            return b.append(String.join(" ", command.subList(main + 1, command.size()))).toString();
        }
    }

    /**
     * The worker processes of {@code --workers W} or {@code --gpus N}: with GPUs, one per GPU, each
     * seeing only its own.
     *
     * @param original the user's arguments
     * @param workers how many
     * @param gpus the physical GPU of each worker, or empty for CPU workers
     * @param cpus the processors of this machine, shared among the workers
     */
    static List<Launch> plan(List<String> original, int workers, List<Integer> gpus, int cpus) {
        int n = gpus.isEmpty() ? workers : gpus.size();
        int threads = Math.max(1, cpus / n);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Launch> launches = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            List<String> args =
                    gpus.isEmpty() ? workerArgs(original, k, n) : gpuWorkerArgs(original, k, n);
            List<String> command =
                    NativeMemory.relaunchCommand(
                            java,
                            ManagementFactory.getRuntimeMXBean().getInputArguments(),
                            System.getProperty("java.class.path"),
                            args.toArray(String[]::new));
            java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
            if (!gpus.isEmpty()) {
                env.put("CUDA_VISIBLE_DEVICES", Integer.toString(gpus.get(k)));
            }
            env.put(THREADS, Integer.toString(threads));
            launches.add(new Launch(command, env));
        }
        return launches;
    }

    /**
     * Starts the workers of {@code --workers W} or {@code --gpus N} (one per GPU) and waits for
     * them, when asked for; shared by {@code sweep} and {@code search}.
     *
     * @return the exit code once the workers ended, or empty when this process trains itself
     * @throws ParameterException for a bad count or a combination this machine cannot run
     */
    static java.util.OptionalInt startIfAsked(
            CommandSpec spec, SweepOptions options, SweepConfig config, int workers)
            throws IOException, InterruptedException {
        if (workers < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--workers must be >= 1, got " + workers);
        }
        int cells = workers > 1 && config.gpus() == 0 ? cellCount(spec, config) : workers;
        if (workers > cells) {
            // A worker without a cell would only start a JVM to find nothing to do.
            spec.commandLine()
                    .getErr()
                    .printf(
                            "--workers %d on a grid of %d cells: starting %d workers%n",
                            workers, cells, cells);
            workers = cells;
        }
        List<Integer> gpus = List.of();
        if (workers > 1 || config.gpus() > 0) {
            try {
                gpus =
                        DeviceSelection.workerGpus(
                                config.device(),
                                config.gpus(),
                                workers,
                                DeviceSelection.Gpus.detect());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(
                        spec.commandLine(), OptionNames.translate(e.getMessage()), e);
            }
        }
        if (workers <= 1 && gpus.size() <= 1) {
            return java.util.OptionalInt.empty();
        }
        if (options.shard != null) {
            throw new ParameterException(
                    spec.commandLine(),
                    (workers > 1 ? "--workers " + workers : "--gpus " + config.gpus())
                            + " must not be combined with --shard, got --shard "
                            + options.shard);
        }
        return java.util.OptionalInt.of(
                run(
                        plan(
                                spec.commandLine().getParseResult().originalArgs(),
                                workers,
                                gpus,
                                Runtime.getRuntime().availableProcessors()),
                        options.outDir(config),
                        spec.commandLine()));
    }

    /** The grid's cells; a value that does not fit a data set is a usage error. */
    private static int cellCount(CommandSpec spec, SweepConfig config) {
        try {
            return config.cells().size();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), OptionNames.translate(e.getMessage()), e);
        }
    }

    static int run(List<Launch> launches, Path out, CommandLine commandLine)
            throws IOException, InterruptedException {
        int workers = launches.size();
        List<Process> processes = new ArrayList<>();
        for (int k = 0; k < workers; k++) {
            Launch launch = launches.get(k);
            commandLine.getOut().println("worker " + k + "/" + workers + ": " + launch.describe());
            commandLine.getOut().flush();
            ProcessBuilder builder = new ProcessBuilder(launch.command()).inheritIO();
            builder.environment().putAll(launch.environment());
            builder.environment().remove("TERM"); // one progress bar per worker would garble
            processes.add(builder.start());
        }
        // A stop signal goes on to every worker; each stops at its next step with a checkpoint.
        Signals.onStop(signal -> processes.forEach(p -> Signals.forward(signal, p.toHandle())));
        // The workers of a search wait for each other's cells at every rung: one that ends
        // without finishing leaves the others waiting, so they are stopped (with a checkpoint).
        boolean dependent = "search".equals(commandLine.getCommandName());
        boolean stoppingOthers = false;
        int worst = ExitCodes.OK;
        int cause = ExitCodes.OK;
        java.util.Set<Integer> running = new java.util.TreeSet<>();
        for (int k = 0; k < workers; k++) {
            running.add(k);
        }
        while (!running.isEmpty()) {
            java.util.concurrent.CompletableFuture.anyOf(
                            running.stream()
                                    .map(k -> processes.get(k).onExit())
                                    .toArray(java.util.concurrent.CompletableFuture[]::new))
                    .join();
            for (int k : List.copyOf(running)) {
                Process p = processes.get(k);
                if (p.isAlive()) {
                    continue;
                }
                running.remove(k);
                int code = p.exitValue();
                if (code == ExitCodes.OK || Signals.STOP.isRequested() || stoppingOthers) {
                    worst = Math.max(worst, code);
                    continue;
                }
                // The first worker that failed on its own is the cause, and its code the answer.
                cause = cause == ExitCodes.OK ? code : cause;
                commandLine
                        .getErr()
                        .println(
                                "error: worker "
                                        + k
                                        + "/"
                                        + workers
                                        + " ended with exit code "
                                        + code
                                        + (code > 128 ? " (signal " + (code - 128) + ")" : ""));
                if (dependent && !running.isEmpty()) {
                    commandLine
                            .getErr()
                            .println(
                                    "the other workers of a search would wait for its cells:"
                                            + " stopping them (each writes a checkpoint); rerun the"
                                            + " same command to resume");
                    stoppingOthers = true;
                    running.forEach(
                            other -> Signals.forward("TERM", processes.get(other).toHandle()));
                }
                commandLine.getErr().flush();
            }
        }
        if (Signals.STOP.isRequested()) {
            commandLine
                    .getErr()
                    .println(
                            "stopped by "
                                    + Signals.STOP.reason()
                                    + ": every worker stopped with a checkpoint; rerun the same"
                                    + " command to resume");
            return Signals.exitCode(Signals.STOP.reason());
        }
        if (stoppingOthers) {
            return cause;
        }
        // Every worker ended on its own: the merged report shows what they trained, also when
        // some cells failed (their workers' exit code is then the answer).
        try {
            Experiments.report(out, List.of(out));
        } catch (dev.labelsmooth.core.UsageException e) {
            if (cause == ExitCodes.OK) {
                throw e;
            }
            // The failed workers wrote nothing to merge; their errors above are the answer.
            return cause;
        }
        commandLine.getOut().println("report: " + out.resolve("report.md"));
        commandLine.getOut().flush();
        return cause != ExitCodes.OK ? cause : worst;
    }
}
