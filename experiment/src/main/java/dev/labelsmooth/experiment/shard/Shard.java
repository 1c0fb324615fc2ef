package dev.labelsmooth.experiment.shard;

import dev.labelsmooth.experiment.sweep.Cell;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of N parts of a sweep's grid, trained by its own process (a Slurm array task, a Kubernetes
 * indexed pod, a local worker) into its own directory. Every process computes the same assignment
 * on its own, with no coordinator: the cells are ordered by estimated cost, largest first (ties in
 * grid order), and dealt round-robin, so the shards finish close together.
 *
 * @param index I, 0-based
 * @param count N
 */
public record Shard(int index, int count) {

    private static final Pattern FORM = Pattern.compile("(-?\\d{1,6})/(-?\\d{1,6})");

    /** Checks {@code 0 <= I < N}. */
    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException(
                    "'shard' must be I/N with 0 <= I < N, got " + index + "/" + count);
        }
    }

    /** The whole grid as one shard. */
    public static Shard whole() {
        return new Shard(0, 1);
    }

    /** Parses {@code I/N}. */
    public static Shard parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'shard' must be I/N (e.g. 0/4) or auto, got '" + text + "'");
        }
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /**
     * The shard a scheduler gave this process: Slurm's array variables ({@code SLURM_ARRAY_TASK_ID}
     * minus {@code SLURM_ARRAY_TASK_MIN} of {@code SLURM_ARRAY_TASK_COUNT}), else Kubernetes'
     * {@code JOB_COMPLETION_INDEX} of {@code shards}.
     *
     * @param env the environment
     * @param shards {@code --shards N}, required with Kubernetes
     * @return the shard
     * @throws IllegalArgumentException naming a missing or inconsistent variable
     */
    public static Shard fromEnvironment(Map<String, String> env, OptionalInt shards) {
        String task = env.get("SLURM_ARRAY_TASK_ID");
        if (task != null) {
            int id = number(env, "SLURM_ARRAY_TASK_ID");
            int min =
                    env.containsKey("SLURM_ARRAY_TASK_MIN")
                            ? number(env, "SLURM_ARRAY_TASK_MIN")
                            : 0;
            int count = number(env, "SLURM_ARRAY_TASK_COUNT");
            if (shards.isPresent() && shards.getAsInt() != count) {
                throw new IllegalArgumentException(
                        "'shards' must equal SLURM_ARRAY_TASK_COUNT="
                                + count
                                + " under Slurm, got "
                                + shards.getAsInt());
            }
            if (id - min < 0 || id - min >= count) {
                throw new IllegalArgumentException(
                        "SLURM_ARRAY_TASK_ID must be in [SLURM_ARRAY_TASK_MIN, MIN + COUNT) = ["
                                + min
                                + ", "
                                + (min + count)
                                + ") for 'shard' auto (use --array=0-"
                                + (count - 1)
                                + " without steps or gaps), got "
                                + id);
            }
            return new Shard(id - min, count);
        }
        if (env.containsKey("JOB_COMPLETION_INDEX")) {
            if (shards.isEmpty()) {
                throw new IllegalArgumentException(
                        "'shard' auto with JOB_COMPLETION_INDEX (Kubernetes) must have 'shards' N"
                                + " (the Job's completions), got none");
            }
            int index = number(env, "JOB_COMPLETION_INDEX");
            if (index >= shards.getAsInt()) {
                throw new IllegalArgumentException(
                        "JOB_COMPLETION_INDEX must be below 'shards' "
                                + shards.getAsInt()
                                + ", got "
                                + index);
            }
            return new Shard(index, shards.getAsInt());
        }
        throw new IllegalArgumentException(
                "'shard' auto must run under a Slurm job array (SLURM_ARRAY_TASK_ID,"
                    + " SLURM_ARRAY_TASK_COUNT) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX"
                    + " with 'shards' N), got neither in the environment");
    }

    private static int number(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " must be set for 'shard' auto, got nothing");
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    name + " must be a whole number, got '" + value + "'");
        }
    }

    /** The directory name under {@code shards/}, e.g. {@code 0-of-4}. */
    public String dirName() {
        return index + "-of-" + count;
    }

    /** Whether this is the whole grid. */
    public boolean isWhole() {
        return count == 1;
    }

    /**
     * Deals the cells onto {@code count} shards: by cost, largest first (ties keep grid order),
     * round-robin.
     *
     * @param cells the grid in run order
     * @param cost each cell's estimated cost
     * @param count N
     * @return the shard index of each cell, in grid order
     */
    public static int[] assign(List<Cell> cells, ToDoubleFunction<Cell> cost, int count) {
        double[] costs = cells.stream().mapToDouble(cost).toArray();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -costs[i]).thenComparingInt(i -> i));
        int[] shard = new int[cells.size()];
        for (int position = 0; position < order.size(); position++) {
            shard[order.get(position)] = position % count;
        }
        return shard;
    }

    /** This shard's cells, in grid order. */
    public List<Cell> cellsOf(List<Cell> cells, ToDoubleFunction<Cell> cost) {
        return cellsOf(cells, assign(cells, cost, count));
    }

    /** This shard's cells, in grid order, given every cell's shard from {@link #assign}. */
    public List<Cell> cellsOf(List<Cell> cells, int[] shard) {
        List<Cell> mine = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            if (shard[i] == index) {
                mine.add(cells.get(i));
            }
        }
        return mine;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
