package dev.labelsmooth.experiment;

import dev.labelsmooth.core.training.StopRequest;
import dev.labelsmooth.datasets.DatasetCatalog;
import dev.labelsmooth.experiment.runner.SweepListener;
import dev.labelsmooth.experiment.search.HalvingSearch;
import dev.labelsmooth.experiment.shard.Shard;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What to run and where: a {@link SweepConfig}, the data and run directories, and how this process
 * takes part. Built with {@link #builder(SweepConfig)}; everything but the configuration has a
 * default.
 *
 * @param config the experiment
 * @param dataDir root of the data sets ({@code $LABELSMOOTH_DATA} or {@code ~/.labelsmooth/data} by
 *     default)
 * @param runDirectory where results, checkpoints and the report go ({@code
 *     runs/<preset>-<datasets>-<models>} by default, {@code search-} in front for a search)
 * @param force start over when the run directory holds a different experiment
 * @param shard the part of the grid this process trains ({@link Shard#whole()} by default)
 * @param listener told of progress ({@link SweepListener#NONE} by default)
 * @param stop a request, from any thread, to stop at the next training step with a checkpoint of it
 *     (a signal handler sets it); by default one nobody makes
 * @param shardWaitLimit how long a shard of a search waits for the other shards' cells of a rung
 *     before it gives up ({@link HalvingSearch#WAIT_LIMIT} by default)
 * @param tensorboard whether to write TensorBoard event files under {@code
 *     <runDirectory>/tensorboard/} while training (true by default)
 */
public record SweepRequest(
        SweepConfig config,
        Path dataDir,
        Path runDirectory,
        boolean force,
        Shard shard,
        SweepListener listener,
        StopRequest stop,
        Duration shardWaitLimit,
        boolean tensorboard) {

    /** Checks that every part is there. */
    public SweepRequest {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(runDirectory, "runDirectory");
        Objects.requireNonNull(shard, "shard");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(shardWaitLimit, "shardWaitLimit");
        if (shardWaitLimit.isNegative() || shardWaitLimit.isZero()) {
            throw new IllegalArgumentException(
                    "'shardWait' must be a positive duration, got " + shardWaitLimit);
        }
    }

    /** A builder for a request to run {@code config}. */
    public static Builder builder(SweepConfig config) {
        return new Builder(config);
    }

    /**
     * The default run directory of {@code config}: {@code
     * runs/[search-]<preset>-<datasets>-<models>} relative to the working directory.
     */
    public static Path defaultRunDirectory(SweepConfig config) {
        String name =
                (config.search() != null ? "search-" : "")
                        + config.preset()
                        + "-"
                        + String.join("+", config.datasets())
                        + "-"
                        + String.join("+", config.models());
        return Path.of("runs", name.replace('/', '-'));
    }

    /** Builds a {@link SweepRequest}. */
    public static final class Builder {
        private final SweepConfig config;
        private Path dataDir;
        private Path runDirectory;
        private boolean force;
        private Shard shard = Shard.whole();
        private SweepListener listener = SweepListener.NONE;
        private StopRequest stop = new StopRequest();
        private Duration shardWaitLimit = HalvingSearch.WAIT_LIMIT;
        private boolean tensorboard = true;

        private Builder(SweepConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The root of the data sets. */
        public Builder optDataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** The run directory. */
        public Builder optRunDirectory(Path runDirectory) {
            this.runDirectory = runDirectory;
            return this;
        }

        /** Whether to start over when the run directory holds a different experiment. */
        public Builder optForce(boolean force) {
            this.force = force;
            return this;
        }

        /** Train only {@code shard} of the grid, into {@code <runDirectory>/shards/I-of-N/}. */
        public Builder optShard(Shard shard) {
            this.shard = shard;
            return this;
        }

        /** Where progress goes. */
        public Builder optListener(SweepListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * A request to stop at the next training step: the cell in training writes a checkpoint of
         * that step and the sweep throws {@link
         * dev.labelsmooth.core.training.TrainingStoppedException}; the same request run again
         * resumes there.
         */
        public Builder optStopRequest(StopRequest stop) {
            this.stop = stop;
            return this;
        }

        /**
         * How long a shard of a search waits for the other shards' cells of a rung before it gives
         * up with a {@link dev.labelsmooth.experiment.search.SearchStalledException}.
         */
        public Builder optShardWaitLimit(Duration shardWaitLimit) {
            this.shardWaitLimit = shardWaitLimit;
            return this;
        }

        /** Whether to write TensorBoard event files while training (true by default). */
        public Builder optTensorBoard(boolean tensorboard) {
            this.tensorboard = tensorboard;
            return this;
        }

        /** The request. */
        public SweepRequest build() {
            return new SweepRequest(
                    config,
                    dataDir != null ? dataDir : DatasetCatalog.defaultDataDir(),
                    runDirectory != null ? runDirectory : defaultRunDirectory(config),
                    force,
                    shard,
                    listener,
                    stop,
                    shardWaitLimit,
                    tensorboard);
        }
    }
}
