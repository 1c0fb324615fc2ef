package dev.labelsmooth.experiment.store;

import dev.labelsmooth.core.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of one sweep gathered from wherever they were written: run directories (their own
 * files and every {@code shards/I-of-N/}), and results files copied back from machines without a
 * shared file system. A cell finished in two places with identical rows is read once; with
 * different rows it is an error naming the cell and both files.
 *
 * @param results one row per cell, in the order first found
 * @param calibration the reliability bins of those cells
 * @param provenance the sweep's provenance, if any folder has one
 * @param files the results files read
 */
public record MergedRun(
        List<ResultRow> results,
        List<CalibrationRow> calibration,
        RunProvenance provenance,
        List<Path> files) {

    /**
     * Reads and merges.
     *
     * @param sources run directories or results.csv files
     * @return the merged run
     * @throws UsageException when a source holds no results, two sources disagree on a cell, or
     *     their provenance records different sweeps
     */
    public static MergedRun read(List<Path> sources) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path source : sources) {
            List<Path> found = resultFiles(source);
            if (found.isEmpty()) {
                throw new UsageException(
                        "'results' must be a run directory with results.csv or shards/, or a"
                                + " results.csv file, got "
                                + source);
            }
            for (Path f : found) {
                if (!files.contains(f.toAbsolutePath().normalize())) {
                    files.add(f.toAbsolutePath().normalize());
                }
            }
        }
        Map<CellKey, ResultRow> rows = new LinkedHashMap<>();
        Map<CellKey, Path> from = new LinkedHashMap<>();
        Map<CellKey, List<CalibrationRow>> bins = new LinkedHashMap<>();
        RunProvenance provenance = null;
        Path provenanceFile = null;
        List<Path> unrecorded = new ArrayList<>();
        // One sweep on one data set first: a different configuration or different data is the
        // cause to name, not the rows.
        for (Path file : files) {
            Path folder = file.getParent();
            Path p = folder.resolve(RunDirectory.PROVENANCE);
            if (!Files.isRegularFile(p)) {
                unrecorded.add(file);
                continue;
            }
            RunProvenance current = ProvenanceFile.read(p);
            if (provenance == null) {
                provenance = current;
                provenanceFile = p;
                continue;
            }
            if (!provenance.config().sameExperiment(current.config())) {
                throw new UsageException(
                        "'results' must all hold one sweep, got "
                                + provenanceFile
                                + " and "
                                + p
                                + " with different configurations ("
                                + provenance.config().differences(current.config())
                                + ")");
            }
            String data = dataDifference(provenance, current);
            if (data != null) {
                throw new UsageException(
                        "'results' must all be trained on the same data, got "
                                + p
                                + " with "
                                + data
                                + " in "
                                + provenanceFile);
            }
        }
        if (files.size() > 1 && !unrecorded.isEmpty()) {
            throw new UsageException(
                    "every results file merged with others must have the provenance.json of its"
                            + " sweep beside it, so that its configuration and data can be checked;"
                            + " got "
                            + unrecorded.get(0)
                            + " without one (copy back the whole shard folder, or report it on"
                            + " its own)");
        }
        for (Path file : files) {
            Path folder = file.getParent();
            Map<CellKey, List<CalibrationRow>> folderBins = new LinkedHashMap<>();
            Path calibration = folder.resolve(RunDirectory.CALIBRATION);
            if (Files.isRegularFile(calibration)) {
                for (CalibrationRow row : CalibrationRow.read(calibration)) {
                    folderBins.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row);
                }
            }
            for (ResultRow row : ResultRow.read(file)) {
                CellKey key = row.key();
                ResultRow earlier = rows.get(key);
                if (earlier != null && earlier.status().finished()) {
                    if (row.status().finished() && !sameResult(earlier, row)) {
                        throw new UsageException(
                                "each cell must have one result, got different rows for "
                                        + key
                                        + " in "
                                        + from.get(key)
                                        + " and "
                                        + file
                                        + "; delete the wrong one");
                    }
                    continue;
                }
                rows.put(key, row);
                from.put(key, file);
                if (folderBins.containsKey(key)) {
                    bins.put(key, folderBins.get(key));
                }
            }
        }
        List<CalibrationRow> calibration = new ArrayList<>();
        bins.values().forEach(calibration::addAll);
        return new MergedRun(new ArrayList<>(rows.values()), calibration, provenance, files);
    }

    /** What differs between the data two parts recorded for a data set both trained on, or null. */
    private static String dataDifference(RunProvenance first, RunProvenance other) {
        RunProvenance.DataChange change =
                RunProvenance.firstDataChange(first.datasets(), other.datasets());
        return change == null ? null : "data set " + change.dataset() + ": " + change.why();
    }

    /** Equal results; the wall time may differ between two machines that trained the same cell. */
    private static boolean sameResult(ResultRow a, ResultRow b) {
        return a.equals(
                new ResultRow(
                        b.dataset(),
                        b.model(),
                        b.gamma(),
                        b.beta(),
                        b.alpha(),
                        b.seed(),
                        b.bestValAcc(),
                        b.status(),
                        b.numClasses(),
                        b.epsilon(),
                        b.epochs(),
                        b.bestEpoch(),
                        b.finalValAcc(),
                        b.valNll(),
                        b.valEce(),
                        a.trainSeconds(),
                        b.heldOut()));
    }

    /** A results file itself, or a run directory's results: its shards', else its own. */
    private static List<Path> resultFiles(Path source) throws IOException {
        if (Files.isRegularFile(source)) {
            return List.of(source);
        }
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(source)) {
            List<Path> shards = RunDirectory.shardDirs(source);
            // A sharded run's own results.csv is what the last report merged from its shards;
            // the shards are the record (one deleted or emptied since must not live on in it).
            Path own = source.resolve(RunDirectory.RESULTS);
            boolean sharded = Files.isDirectory(source.resolve(RunDirectory.SHARDS));
            if (!sharded && Files.isRegularFile(own)) {
                files.add(own);
            }
            for (Path shard : shards) {
                Path results = shard.resolve(RunDirectory.RESULTS);
                if (Files.isRegularFile(results)) {
                    files.add(results);
                }
            }
        }
        return files;
    }

    /** Writes the merged results and calibration into {@code dir}, atomically. */
    public void writeTo(Path dir) throws IOException {
        List<List<String>> results = new ArrayList<>();
        this.results.forEach(r -> results.add(r.fields()));
        new CsvFile(dir.resolve(RunDirectory.RESULTS), ResultRow.COLUMNS).rewrite(results);
        if (!calibration.isEmpty()) {
            List<List<String>> bins = new ArrayList<>();
            calibration.forEach(b -> bins.add(b.fields()));
            new CsvFile(dir.resolve(RunDirectory.CALIBRATION), CalibrationRow.COLUMNS)
                    .rewrite(bins);
        }
    }

    /** This run with its results in another order. */
    public MergedRun withResults(List<ResultRow> ordered) {
        return new MergedRun(ordered, calibration, provenance, files);
    }
}
