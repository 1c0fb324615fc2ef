package dev.labelsmooth.cli.run;

import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.sweep.Cell;
import dev.labelsmooth.core.sweep.Shard;
import dev.labelsmooth.core.sweep.SweepConfig;
import dev.labelsmooth.datasets.DatasetCatalog;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * {@code sweep --plan}: every cell with its shard and estimated cost, the total, and how much of it
 * the largest shard carries, so a user can size a job array before submitting it.
 */
public final class ShardPlan {

    private ShardPlan() {}

    /**
     * Prints the plan of {@code config} split into {@code shards}.
     *
     * @throws UsageException for a grid value that does not fit a data set
     */
    public static void print(SweepConfig config, int shards, PrintWriter out) {
        List<Cell> cells;
        try {
            cells = config.cells(name -> DatasetCatalog.of(name, config.imageSize()).numClasses());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        CellCosts costs = new CellCosts(config);
        double sum = cells.stream().mapToDouble(costs).sum();
        // Tera multiply-adds for real studies, giga for smoke tests.
        double unit = sum >= 1e13 ? 1e12 : 1e9;
        String name = unit == 1e12 ? "TMAC" : "GMAC";
        int[] shardOf = Shard.assign(cells, costs, shards);
        double[] perShard = new double[shards];
        double total = 0;
        out.printf(Locale.ROOT, "%-58s %6s %14s%n", "cell", "shard", "cost (" + name + ")");
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            double cost = costs.applyAsDouble(c);
            perShard[shardOf[i]] += cost;
            total += cost;
            String cell =
                    c.dataset() + " " + c.model() + " " + c.loss().label() + " seed=" + c.seed();
            out.printf(
                    Locale.ROOT,
                    "%-58s %6d %14.1f%s%n",
                    cell,
                    shardOf[i],
                    cost / unit,
                    costs.assumed(c.dataset()) ? " (size assumed)" : "");
        }
        double largest = 0;
        for (double s : perShard) {
            largest = Math.max(largest, s);
        }
        out.printf(
                Locale.ROOT,
                "total %.1f %s (training images x epochs x forward multiply-adds) in %d cells on"
                        + " %d shards; the largest shard carries %.1f %s, %.1f%% of the total"
                        + " (%.1f%% would be even)%n",
                total / unit,
                name,
                cells.size(),
                shards,
                largest / unit,
                name,
                100 * largest / total,
                100.0 / shards);
        if (shards > 1) {
            out.printf(
                    Locale.ROOT,
                    "Slurm: sbatch --array=0-%d deploy/slurm/sweep-array.sbatch ...   Kubernetes:"
                            + " completions = parallelism = %d%n",
                    shards - 1,
                    shards);
        }
        out.flush();
    }
}
