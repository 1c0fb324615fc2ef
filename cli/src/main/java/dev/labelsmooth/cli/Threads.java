package dev.labelsmooth.cli;

import java.util.Map;

/**
 * How many intra-op threads libtorch gets: what this process was given, not the host's core count.
 * In order: a local worker's share ({@code LABELSMOOTH_THREADS}), Slurm's {@code
 * SLURM_CPUS_PER_TASK}, else the processors the JVM may use (its CPU affinity and cgroup quota).
 * Set before the engine starts, as DJL's {@code ai.djl.pytorch.num_threads}; an explicit {@code
 * -Dai.djl.pytorch.num_threads} wins.
 */
final class Threads {

    static final String PROPERTY = "ai.djl.pytorch.num_threads";

    private Threads() {}

    static int intraOp(Map<String, String> env, int availableProcessors) {
        for (String name : new String[] {LocalWorkers.THREADS, "SLURM_CPUS_PER_TASK"}) {
            String value = env.get(name);
            if (value != null) {
                try {
                    int n = Integer.parseInt(value.strip());
                    if (n >= 1) {
                        return n;
                    }
                } catch (NumberFormatException e) {
                    // not a count: fall through to the next source
                }
            }
        }
        return Math.max(1, availableProcessors);
    }

    /** Sets the engine's thread count unless the user did. */
    static void configure() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(
                    PROPERTY,
                    Integer.toString(
                            intraOp(System.getenv(), Runtime.getRuntime().availableProcessors())));
        }
    }
}
