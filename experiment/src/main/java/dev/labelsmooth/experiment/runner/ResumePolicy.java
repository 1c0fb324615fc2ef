package dev.labelsmooth.experiment.runner;

import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.datasets.folder.ImageFolder;
import dev.labelsmooth.experiment.shard.Shard;
import dev.labelsmooth.experiment.store.CellKey;
import dev.labelsmooth.experiment.store.ResultRow;
import dev.labelsmooth.experiment.store.RunDirectory;
import dev.labelsmooth.experiment.store.RunLock;
import dev.labelsmooth.experiment.store.RunProvenance;
import dev.labelsmooth.experiment.store.RunProvenance.DatasetRecord;
import dev.labelsmooth.experiment.sweep.Cell;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a sweep does with a run directory that already holds one: resume it when it is the
 * same experiment on the same data, start over with {@code --force}, refuse otherwise.
 */
final class ResumePolicy {

    private static final Logger LOG = LoggerFactory.getLogger(ResumePolicy.class);

    private ResumePolicy() {}

    /**
     * @return the earlier sweep's provenance to resume, or empty for a fresh start
     * @throws UsageException when the directory holds another sweep and {@code force} is off
     */
    static Optional<RunProvenance> decide(RunDirectory dir, SweepConfig config, boolean force)
            throws IOException {
        if (!dir.hasRun()) {
            return Optional.empty();
        }
        String problem;
        RunProvenance previous = null;
        try {
            previous = java.nio.file.Files.exists(dir.provenance()) ? dir.readProvenance() : null;
            problem =
                    previous == null
                            ? "no provenance.json"
                            : previous.config().sameExperiment(config)
                                    ? null
                                    : "a different configuration ("
                                            + previous.config().differences(config)
                                            + ")";
        } catch (UsageException e) {
            problem = "an unreadable provenance.json (" + e.getMessage() + ")";
        }
        if (problem == null) {
            return Optional.of(previous);
        }
        if (!force) {
            throw new UsageException(
                    "run directory "
                            + dir.root()
                            + " must hold the same sweep to resume, got "
                            + problem
                            + "; use 'force' to start over or 'runDirectory' for a new directory");
        }
        LOG.warn("'force': discarding the earlier sweep in {} ({})", dir.root(), problem);
        dir.clear();
        return Optional.empty();
    }

    /**
     * The cells a resume keeps, after checking that every row of {@code results.csv} belongs to
     * this sweep's grid (a row of another grid would otherwise enter the report).
     *
     * @throws UsageException naming a row outside the grid
     */
    static Set<CellKey> finishedCells(RunDirectory dir, List<Cell> cells) throws IOException {
        Set<CellKey> grid = cells.stream().map(CellKey::of).collect(Collectors.toSet());
        Set<CellKey> finished = new HashSet<>();
        for (ResultRow row : dir.readResults()) {
            if (!grid.contains(row.key())) {
                throw new UsageException(
                        dir.results()
                                + " must hold only cells of this sweep's grid, got "
                                + row.key()
                                + "; delete that row, or rerun with 'force' to start over");
            }
            if (row.status().finished()) {
                finished.add(row.key());
            }
        }
        return finished;
    }

    /**
     * Checks that a resumed sweep trains on the data its earlier cells were trained on: the same
     * files (by name and SHA-256), split sizes and mean image.
     *
     * @throws UsageException naming the data set, the file and both hashes
     */
    static void requireSameData(
            RunDirectory dir,
            RunProvenance previous,
            Collection<DatasetRecord> now,
            Map<String, String> manifests) {
        for (DatasetRecord current : now) {
            DatasetRecord earlier =
                    previous.datasets().stream()
                            .filter(d -> d.name().equals(current.name()))
                            .findFirst()
                            .orElse(null);
            if (earlier == null) {
                continue; // not loaded by the earlier session: nothing was trained on it yet
            }
            String why = current.differenceFrom(earlier);
            if (why != null && manifests.containsKey(current.name())) {
                String recorded = dir.readManifest(current.name());
                String changed =
                        recorded == null
                                ? null
                                : ImageFolder.manifestDifference(
                                        recorded, manifests.get(current.name()));
                if (changed != null) {
                    why = changed;
                }
            }
            if (why != null) {
                throw new UsageException(
                        "data set "
                                + current.name()
                                + " must be the data the run in "
                                + dir.root()
                                + " was trained on, got "
                                + why
                                + "; use the same 'dataDir' and files, 'force' to start over,"
                                + " or 'runDirectory' for a new run");
            }
        }
    }

    /**
     * Checks that the shards already in a sweep's directory split the same grid the same way: the
     * same number of shards and the same configuration.
     *
     * @throws UsageException naming the other shard and what differs
     */
    static void requireSameShards(Path root, Shard shard, SweepConfig config) throws IOException {
        for (Path other : RunDirectory.shardDirs(root)) {
            Shard theirs = RunDirectory.shardOf(other);
            if (theirs.count() != shard.count()) {
                throw new UsageException(
                        "'shard' "
                                + shard
                                + " must split the grid into as many shards as "
                                + other
                                + " does ("
                                + theirs.count()
                                + "), got "
                                + shard.count()
                                + "; use the same N for every shard or another 'runDirectory'");
            }
            Path provenance = other.resolve(RunDirectory.PROVENANCE);
            if (Files.exists(provenance) && !other.equals(RunDirectory.shardDir(root, shard))) {
                SweepConfig theirConfig = new RunDirectory(other).readProvenance().config();
                if (!theirConfig.sameExperiment(config)) {
                    throw new UsageException(
                            "shard "
                                    + shard
                                    + " must have the configuration of shard "
                                    + theirs
                                    + " in "
                                    + other
                                    + ", got a different one ("
                                    + theirConfig.differences(config)
                                    + ")");
                }
            }
        }
    }

    /**
     * Checks that a shard trains on the data the other shards of its sweep recorded: shards that
     * read different files would merge into one report of no one data set.
     *
     * @throws UsageException naming the other shard, the data set and what differs
     */
    static void requireSameDataAsOtherShards(Path root, Shard shard, Collection<DatasetRecord> now)
            throws IOException {
        if (shard.isWhole()) {
            return;
        }
        for (Path other : RunDirectory.shardDirs(root)) {
            Path provenance = other.resolve(RunDirectory.PROVENANCE);
            if (other.equals(RunDirectory.shardDir(root, shard)) || !Files.exists(provenance)) {
                continue;
            }
            RunProvenance theirs = new RunDirectory(other).readProvenance();
            RunProvenance.DataChange change = RunProvenance.firstDataChange(theirs.datasets(), now);
            if (change != null) {
                throw new UsageException(
                        "shard "
                                + shard
                                + " must train on the data of shard "
                                + RunDirectory.shardOf(other)
                                + " in "
                                + other
                                + ", got data set "
                                + change.dataset()
                                + " with "
                                + change.why()
                                + "; use the same 'dataDir' and files for every shard");
            }
        }
    }

    /**
     * For {@code force} on a shard: clears the shards of the run directory that hold another sweep
     * (another configuration or shard count), so that this one can start over. A shard a live
     * process holds is not touched: that is refused.
     *
     * @throws UsageException naming a shard of the other sweep that is still training
     */
    static void clearOtherSweepsShards(Path root, Shard shard, SweepConfig config)
            throws IOException {
        for (Path other : RunDirectory.shardDirs(root)) {
            Shard theirs = RunDirectory.shardOf(other);
            Path provenance = other.resolve(RunDirectory.PROVENANCE);
            boolean another =
                    theirs.count() != shard.count()
                            || Files.exists(provenance)
                                    && !new RunDirectory(other)
                                            .readProvenance()
                                            .config()
                                            .sameExperiment(config);
            if (!another || other.equals(RunDirectory.shardDir(root, shard))) {
                continue;
            }
            if (RunLock.isHeld(other)) {
                throw new UsageException(
                        "'force' must not clear "
                                + other
                                + ", which a running process holds; stop it first");
            }
            LOG.warn("force: clearing {}, a shard of the earlier sweep", other);
            RunDirectory.deleteTree(other);
        }
    }
}
