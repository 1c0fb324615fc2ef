package dev.labelsmooth.experiment.shard;

import dev.labelsmooth.core.Checks;
import dev.labelsmooth.core.InvalidSettingException;
import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.experiment.sweep.Cell;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A grid split into shards: every cell with its shard and estimated cost, the total, and how much
 * of it the largest shard carries, so a user can size a job array before submitting it ({@code
 * sweep --plan} prints {@link #render()}).
 *
 * @param cells every cell of the grid in run order, with its shard and cost
 * @param shards how many shards
 * @param shardCosts the summed cost of each shard (multiply-adds)
 * @param macsPerSecond training multiply-adds per second measured on this host, NaN when not
 *     measured: the basis of the wall-time estimate
 * @param speedBasis how {@code macsPerSecond} was measured, or why there is no estimate, for the
 *     printed plan (empty when no estimate was asked for)
 */
public record ShardPlan(
        List<PlannedCell> cells,
        int shards,
        List<Double> shardCosts,
        double macsPerSecond,
        String speedBasis) {

    /**
     * One cell of the plan.
     *
     * @param cell the cell
     * @param shard the index of the shard that trains it
     * @param cost training images x epochs x forward multiply-adds
     * @param sizeAssumed whether the data set's size was assumed (its files are not here)
     */
    public record PlannedCell(Cell cell, int shard, double cost, boolean sizeAssumed) {}

    /** Copies the lists. */
    public ShardPlan {
        cells = List.copyOf(cells);
        shardCosts = List.copyOf(shardCosts);
    }

    /**
     * The plan of {@code config} split into {@code shards}.
     *
     * @throws UsageException for a grid value that does not fit a data set, or fewer than one shard
     */
    public static ShardPlan of(SweepConfig config, int shards) {
        if (shards < 1) {
            throw new UsageException(
                    Checks.mustBe(InvalidSettingException.quoted("shards"), ">= 1", shards));
        }
        List<Cell> grid;
        try {
            grid = config.cells();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        CellCosts costs = new CellCosts(config);
        int[] shardOf = Shard.assign(grid, costs, shards);
        double[] perShard = new double[shards];
        List<PlannedCell> planned = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            Cell c = grid.get(i);
            double cost = costs.applyAsDouble(c);
            perShard[shardOf[i]] += cost;
            planned.add(new PlannedCell(c, shardOf[i], cost, costs.assumed(c.dataset())));
        }
        return new ShardPlan(
                planned, shards, Arrays.stream(perShard).boxed().toList(), Double.NaN, "");
    }

    /**
     * This plan with a measured speed, so that it estimates wall time.
     *
     * @param macsPerSecond training multiply-adds per second (images/s x forward MACs per image)
     * @param basis what was measured, e.g. {@code resnet20-v1 1x28x28 batch 128: 745 images/s}
     */
    public ShardPlan withSpeed(double macsPerSecond, String basis) {
        return new ShardPlan(cells, shards, shardCosts, macsPerSecond, basis);
    }

    /** The estimated hours of the whole grid on one such process, NaN without a speed. */
    public double totalHours() {
        return total() / macsPerSecond / 3600;
    }

    /** The estimated hours of the largest shard, NaN without a speed. */
    public double largestShardHours() {
        return largest() / macsPerSecond / 3600;
    }

    /** The grid's total cost (multiply-adds). */
    public double total() {
        return shardCosts.stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The largest shard's cost (multiply-adds). */
    public double largest() {
        return shardCosts.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** The plan as a table with its summary line and the job array sizes to ask for. */
    public String render() {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        double sum = total();
        // Tera multiply-adds for real studies, giga for smoke tests.
        double unit = sum >= 1e13 ? 1e12 : 1e9;
        String name = unit == 1e12 ? "TMAC" : "GMAC";
        out.printf(Locale.ROOT, "%-58s %6s %14s%n", "cell", "shard", "cost (" + name + ")");
        for (PlannedCell p : cells) {
            Cell c = p.cell();
            String cell =
                    c.dataset() + " " + c.model() + " " + c.loss().label() + " seed=" + c.seed();
            out.printf(
                    Locale.ROOT,
                    "%-58s %6d %14.1f%s%n",
                    cell,
                    p.shard(),
                    p.cost() / unit,
                    p.sizeAssumed() ? " (size assumed)" : "");
        }
        out.printf(
                Locale.ROOT,
                "total %.1f %s (training images x epochs x forward multiply-adds) in %d cells on"
                        + " %d shards; the largest shard carries %.1f %s, %.1f%% of the total"
                        + " (%.1f%% would be even)%n",
                sum / unit,
                name,
                cells.size(),
                shards,
                largest() / unit,
                name,
                100 * largest() / sum,
                100.0 / shards);
        if (Double.isNaN(macsPerSecond) && !speedBasis.isEmpty()) {
            out.println(speedBasis);
        }
        if (!Double.isNaN(macsPerSecond)) {
            out.printf(
                    Locale.ROOT,
                    "estimated wall time on this host: %s for the whole grid in one process, %s"
                            + " for the largest of %d shards (from %s; training steps only,"
                            + " each epoch's validation adds a little, about a third of the"
                            + " validation images' share)%n",
                    hours(totalHours()),
                    hours(largestShardHours()),
                    shards,
                    speedBasis);
        }
        if (shards > 1) {
            out.printf(
                    Locale.ROOT,
                    "Slurm: sbatch --array=0-%d deploy/slurm/sweep-array.sbatch ...   Kubernetes:"
                            + " completions = parallelism = %d%n",
                    shards - 1,
                    shards);
        }
        out.flush();
        return text.toString();
    }

    private static String hours(double h) {
        if (h >= 48) {
            return String.format(Locale.ROOT, "%.1f days", h / 24);
        }
        if (h >= 1) {
            return String.format(Locale.ROOT, "%.1f h", h);
        }
        return String.format(Locale.ROOT, "%.0f min", Math.max(1, h * 60));
    }
}
