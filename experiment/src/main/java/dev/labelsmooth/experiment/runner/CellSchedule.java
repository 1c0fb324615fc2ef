package dev.labelsmooth.experiment.runner;

import dev.labelsmooth.datasets.DataSplits;
import dev.labelsmooth.experiment.shard.Shard;
import dev.labelsmooth.experiment.store.RunDirectory;
import dev.labelsmooth.experiment.sweep.Cell;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import dev.labelsmooth.models.ModelName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Which cells a run trains, in what order and how far, once {@link SweepRunner} has validated the
 * grid, decided the resume and loaded the data: every unfinished cell in grid order for a sweep
 * ({@link #EVERY_CELL}), rung by rung for a search.
 */
@FunctionalInterface
public interface CellSchedule {

    /** Trains every unfinished cell of this process to its last epoch, in grid order. */
    CellSchedule EVERY_CELL =
            run -> {
                int index = run.own().size() - run.todo().size();
                for (Cell cell : run.todo()) {
                    run.trainer()
                            .train(
                                    cell,
                                    ++index,
                                    run.own().size(),
                                    run.data().get(cell.dataset()),
                                    run.models().get(cell.model()));
                }
                return run.todo().size();
            };

    /**
     * Trains the cells of {@code run}.
     *
     * @return how many cells were trained (to any epoch) in this session
     */
    int train(Run run) throws IOException;

    /**
     * What a schedule works with.
     *
     * @param config the resolved configuration (the device kind chosen)
     * @param root the run directory given (the parent of {@code shards/} when sharded)
     * @param directory the directory this process writes
     * @param shard the part of the grid this process trains
     * @param grid every cell of the run in grid order
     * @param own this process's cells in grid order
     * @param todo its cells without a finished result row
     * @param data the loaded data sets by name (those with cells left to train)
     * @param models the models by name
     * @param trainer trains one cell into {@code directory}
     */
    record Run(
            SweepConfig config,
            Path root,
            RunDirectory directory,
            Shard shard,
            List<Cell> grid,
            List<Cell> own,
            List<Cell> todo,
            Map<String, DataSplits> data,
            Map<String, ModelName> models,
            CellTrainer trainer) {}
}
