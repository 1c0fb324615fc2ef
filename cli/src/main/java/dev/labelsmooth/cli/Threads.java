package dev.labelsmooth.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How many intra-op threads libtorch gets: what this process was given, not the host's core count.
 * In order: a local worker's share ({@code LABELSMOOTH_THREADS}), Slurm's {@code
 * SLURM_CPUS_PER_TASK}, else the processors the JVM may use when that is fewer than the host has
 * (its CPU affinity or cgroup quota, e.g. a container's CPU limit). Otherwise libtorch keeps its
 * own default (the physical cores). Set before the engine starts, as DJL's {@code
 * ai.djl.pytorch.num_threads}; an explicit {@code -Dai.djl.pytorch.num_threads} wins.
 */
final class Threads {

    static final String PROPERTY = "ai.djl.pytorch.num_threads";

    /** Why the thread count in the environment cannot be used; null when it can. */
    private static String problem;

    private Threads() {}

    /**
     * @param env the environment
     * @param available the processors the JVM may use
     * @param hostCpus the CPUs the host has online (0 if unknown)
     * @return the thread count to set, or empty to keep libtorch's default
     * @throws IllegalArgumentException naming the variable and its value when it is set to anything
     *     but a count from 1 to the host's CPUs (libtorch would hang creating 99999 threads)
     */
    static OptionalInt intraOp(Map<String, String> env, int available, int hostCpus) {
        for (String name : new String[] {LocalWorkers.THREADS, "SLURM_CPUS_PER_TASK"}) {
            String value = env.get(name);
            if (value != null) {
                return OptionalInt.of(count(name, value, hostCpus));
            }
        }
        return hostCpus > 0 && available < hostCpus
                ? OptionalInt.of(Math.max(1, available))
                : OptionalInt.empty();
    }

    private static int count(String name, String value, int hostCpus) {
        String expected =
                hostCpus > 0
                        ? "a whole number of threads from 1 to "
                                + hostCpus
                                + " (the CPUs of this host)"
                        : "a whole number of threads, 1 or more";
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    name + " must be " + expected + ", got '" + value + "'");
        }
        if (n < 1 || hostCpus > 0 && n > hostCpus) {
            throw new IllegalArgumentException(
                    name + " must be " + expected + ", got '" + value + "'");
        }
        return n;
    }

    /**
     * The problem {@link #configure()} found with the environment's thread count, to report as a
     * usage error before any command runs; null when there is none.
     */
    static String problem() {
        return problem;
    }

    /** The CPUs online on this host, from {@code /sys/devices/system/cpu/online} (0 if unknown). */
    static int hostCpus() {
        try {
            String online = Files.readString(Path.of("/sys/devices/system/cpu/online")).strip();
            int count = 0;
            for (String range : online.split(",")) {
                String[] ends = range.split("-");
                count +=
                        ends.length == 1
                                ? 1
                                : Integer.parseInt(ends[1]) - Integer.parseInt(ends[0]) + 1;
            }
            return count;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Sets the engine's thread count unless the user did. */
    static void configure() {
        if (System.getProperty(PROPERTY) == null) {
            try {
                intraOp(System.getenv(), Runtime.getRuntime().availableProcessors(), hostCpus())
                        .ifPresent(n -> System.setProperty(PROPERTY, Integer.toString(n)));
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
    }
}
