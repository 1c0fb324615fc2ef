package dev.labelsmooth.experiment;

import dev.labelsmooth.experiment.report.Report;
import dev.labelsmooth.experiment.store.ResultRow;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * What a sweep or a search did.
 *
 * @param directory the directory this process wrote (a shard's own under {@code shards/})
 * @param config the configuration that ran, an {@code auto} device resolved to its kind
 * @param trainedNow cells trained (to any epoch) in this session
 * @param report the report rendered from the directory's files, with every cell's result; for a
 *     shard that holds no cell of the grid (more shards than cells) an empty one, and no file is
 *     written
 */
public record SweepResult(Path directory, SweepConfig config, int trainedNow, Report report) {

    /** Every cell's result row, earlier sessions' included, in grid order. */
    public List<ResultRow> results() {
        return report.results();
    }
}
