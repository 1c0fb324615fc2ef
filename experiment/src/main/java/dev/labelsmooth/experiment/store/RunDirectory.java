package dev.labelsmooth.experiment.store;

import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.metrics.ClassificationMetrics.ReliabilityBin;
import dev.labelsmooth.experiment.shard.Shard;
import dev.labelsmooth.experiment.sweep.Cell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of one run directory: {@code results.csv}, {@code epochs.csv}, {@code calibration.csv},
 * {@code provenance.json}, {@code checkpoints/<cell>/}, {@code sweep.log}, and the report's {@code
 * report.md} and {@code summary.csv}. Rows are appended, flushed and synced as they are written, so
 * a killed process loses at most the epoch in progress.
 */
public final class RunDirectory {

    /** The results file's name. */
    public static final String RESULTS = "results.csv";

    /** The provenance file's name. */
    public static final String PROVENANCE = "provenance.json";

    /** The folder of a sharded sweep's shard directories. */
    public static final String SHARDS = "shards";

    /** The calibration file's name. */
    public static final String CALIBRATION = "calibration.csv";

    /** The per-epoch file's name. */
    public static final String EPOCHS = "epochs.csv";

    /** The folder of the TensorBoard event files a sweep writes as it trains. */
    public static final String TENSORBOARD = "tensorboard";

    private final Path root;

    /**
     * @param root the directory; it need not exist yet
     */
    public RunDirectory(Path root) {
        this.root = root;
    }

    /** The directory of one shard of the sweep in {@code root}: {@code root/shards/I-of-N}. */
    public static Path shardDir(Path root, Shard shard) {
        return root.resolve(SHARDS).resolve(shard.dirName());
    }

    /** The shard directories under {@code root/shards/}, in name order. */
    public static List<Path> shardDirs(Path root) throws IOException {
        Path shards = root.resolve(SHARDS);
        if (!Files.isDirectory(shards)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(shards)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** The shard a directory under {@code shards/} holds, from its name. */
    public static Shard shardOf(Path shardDir) {
        String[] parts = shardDir.getFileName().toString().split("-of-");
        if (parts.length != 2) {
            throw new UsageException("a shard directory must be named I-of-N, got " + shardDir);
        }
        try {
            return new Shard(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (IllegalArgumentException e) {
            throw new UsageException(
                    "a shard directory must be named I-of-N with 0 <= I < N, got " + shardDir, e);
        }
    }

    /** The directory. */
    public Path root() {
        return root;
    }

    /** {@code results.csv}. */
    public Path results() {
        return root.resolve(RESULTS);
    }

    /** {@code epochs.csv}. */
    public Path epochs() {
        return root.resolve(EPOCHS);
    }

    /** {@code calibration.csv}. */
    public Path calibration() {
        return root.resolve(CALIBRATION);
    }

    /** {@code provenance.json}. */
    public Path provenance() {
        return root.resolve(PROVENANCE);
    }

    /**
     * The folder of a cell's selected-epoch logits and labels ({@code logits/<cell id>/}, NumPy
     * files), written for runs with a holdout.
     */
    public Path logits(Cell cell) {
        return root.resolve("logits").resolve(cell.id());
    }

    /** {@code sweep.log}. */
    public Path log() {
        return root.resolve("sweep.log");
    }

    /** {@code report.md}. */
    public Path report() {
        return root.resolve("report.md");
    }

    /** {@code summary.csv}. */
    public Path summary() {
        return root.resolve("summary.csv");
    }

    private Path checkpoints() {
        return root.resolve("checkpoints");
    }

    /** The checkpoint directory of a cell. */
    public Path checkpoint(Cell cell) {
        return checkpoints().resolve(cell.id());
    }

    /**
     * Checks, before any work, that the directory exists as a directory or can be created.
     *
     * @throws UsageException naming the path and what is wrong with it
     */
    public void requireWritable() {
        if (root.toString().isBlank()) {
            throw new UsageException("'runDirectory' must name a directory, got ''");
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new UsageException("'runDirectory' must be a directory, got the file " + root);
        }
        Path existing = root.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new UsageException(
                    "'runDirectory' must be a directory or creatable as one, got "
                            + root
                            + " under "
                            + existing
                            + ", which is not a directory");
        }
        if (!Files.isWritable(existing)) {
            throw new UsageException(
                    "'runDirectory' must be writable, got "
                            + root
                            + " ("
                            + existing
                            + " is read-only)");
        }
    }

    /** Takes this directory's single-writer lock. */
    public RunLock lock() throws IOException {
        return RunLock.acquire(root);
    }

    /** Deletes the directory when it holds nothing but its lock file (a refused first run). */
    public void removeIfOnlyLock() throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            if (entries.allMatch(p -> p.getFileName().toString().equals(RunLock.FILE))) {
                Files.deleteIfExists(root.resolve(RunLock.FILE));
                Files.delete(root);
            }
        }
    }

    /** Whether this directory holds an earlier sweep. */
    public boolean hasRun() {
        return Files.exists(provenance()) || Files.exists(results());
    }

    /** Removes every file an earlier sweep wrote (for {@code --force}). */
    public void clear() throws IOException {
        for (Path p :
                List.of(
                        results(),
                        epochs(),
                        calibration(),
                        provenance(),
                        log(),
                        report(),
                        summary())) {
            Files.deleteIfExists(p);
        }
        Files.deleteIfExists(root.resolve("report.html"));
        deleteTree(checkpoints());
        // What the earlier sweep wrote beside its results: its cells' logits, its data manifests
        // and its TensorBoard runs would otherwise mix with the new sweep's.
        deleteTree(root.resolve("logits"));
        deleteTree(root.resolve("data-manifests"));
        deleteTree(root.resolve(TENSORBOARD));
    }

    /** Deletes a cell's checkpoint once its result row is safely written. */
    public void deleteCheckpoint(Cell cell) throws IOException {
        deleteTree(checkpoint(cell));
    }

    /** Removes {@code checkpoints/} once no cell has one left. */
    public void removeEmptyCheckpointsDirectory() throws IOException {
        if (Files.isDirectory(checkpoints())) {
            try (Stream<Path> entries = Files.list(checkpoints())) {
                if (entries.findAny().isEmpty()) {
                    Files.delete(checkpoints());
                }
            }
        }
    }

    /** Deletes {@code dir} and everything under it; nothing when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The provenance of the earlier sweep, upgraded to the current schema. */
    public RunProvenance readProvenance() throws IOException {
        return ProvenanceFile.read(provenance());
    }

    /**
     * Where the manifest of an image-folder data set is kept: {@code data-manifests/<name with
     * every character but letters, digits, '.', '-' and '_' as '_'>.tsv}.
     */
    public Path manifest(String dataset) {
        return root.resolve("data-manifests")
                .resolve(dataset.replaceAll("[^A-Za-z0-9._-]+", "_") + ".tsv");
    }

    /** Writes a data set's manifest (every file with its size and SHA-256). */
    public void writeManifest(String dataset, String manifest) throws IOException {
        Path file = manifest(dataset);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, manifest, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The manifest written for {@code dataset}, or null if there is none. */
    public String readManifest(String dataset) {
        try {
            Path file = manifest(dataset);
            return Files.isRegularFile(file)
                    ? Files.readString(file, StandardCharsets.UTF_8)
                    : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Replaces {@code provenance.json}, atomically. */
    public void writeProvenance(RunProvenance provenance) throws IOException {
        ProvenanceFile.write(provenance(), provenance);
    }

    /** Every row of {@code results.csv}; none when it does not exist. */
    public List<ResultRow> readResults() throws IOException {
        return Files.exists(results()) ? ResultRow.read(results()) : List.of();
    }

    /** The validation metrics of every epoch in {@code epochs.csv}; none when it does not exist. */
    public List<EpochRow.Validation> readEpochValidation() throws IOException {
        return Files.exists(epochs()) ? EpochRow.readValidation(epochs()) : List.of();
    }

    /**
     * Cuts a row cut short (no line end: a killed process, a full disk) off the end of {@code
     * results.csv}, {@code epochs.csv} and {@code calibration.csv}; the cell it belonged to trains
     * or finishes again and writes it anew. Call it holding the run's lock, before reading them.
     *
     * @return a line per file repaired, naming it and the bytes cut off
     */
    public List<String> repairTornRows() throws IOException {
        List<String> repaired = new ArrayList<>();
        for (CsvFile file :
                List.of(
                        new CsvFile(results(), ResultRow.COLUMNS),
                        new CsvFile(epochs(), EpochRow.COLUMNS),
                        new CsvFile(calibration(), CalibrationRow.COLUMNS))) {
            long cut = file.dropTornTail();
            if (cut > 0) {
                repaired.add(
                        file.path()
                                + " ended in a row cut short ("
                                + cut
                                + " bytes without a line end, from a killed process or a full"
                                + " disk): removed; its cell trains or finishes again");
            }
        }
        return repaired;
    }

    /** Appends a cell's result. */
    public void appendResult(ResultRow row) throws IOException {
        new CsvFile(results(), ResultRow.COLUMNS).append(List.of(row.fields()));
    }

    /** Appends one epoch of a cell. */
    public void appendEpoch(EpochRow row) throws IOException {
        new CsvFile(epochs(), EpochRow.COLUMNS).append(List.of(row.fields()));
    }

    /** Appends the reliability bins of a cell's best epoch. */
    public void appendCalibration(Cell cell, List<ReliabilityBin> bins) throws IOException {
        // A process killed between these rows and the cell's result row trains (or finishes) the
        // cell again: its earlier rows are replaced, not repeated.
        CellKey key = CellKey.of(cell);
        removeRows(
                calibration(),
                CalibrationRow.COLUMNS,
                CalibrationRow.REQUIRED,
                row -> CellKey.read(row).equals(key));
        List<List<String>> rows = new ArrayList<>();
        for (CalibrationRow row : CalibrationRow.of(cell, bins)) {
            rows.add(row.fields());
        }
        new CsvFile(calibration(), CalibrationRow.COLUMNS).append(rows);
    }

    /**
     * Drops the cell's rows of epochs after {@code keepThrough} from {@code epochs.csv}: a process
     * killed after writing an epoch's row but before its checkpoint trains that epoch again. Other
     * rows are kept byte for byte.
     *
     * @return whether any row was dropped
     */
    public boolean dropEpochsAfter(Cell cell, int keepThrough) throws IOException {
        CellKey key = CellKey.of(cell);
        return removeRows(
                epochs(),
                EpochRow.COLUMNS,
                EpochRow.KEY_COLUMNS,
                row -> EpochRow.keyOf(row).equals(key) && row.integer("epoch") > keepThrough);
    }

    /**
     * Rewrites {@code path} (atomically) without the rows {@code remove} matches, the others kept
     * byte for byte; nothing is written when none matches or the file does not exist.
     *
     * @return whether any row was removed
     */
    private static boolean removeRows(
            Path path,
            List<String> columns,
            List<String> required,
            java.util.function.Predicate<CsvFile.Row> remove)
            throws IOException {
        if (!Files.exists(path)) {
            return false;
        }
        CsvFile file = new CsvFile(path, columns);
        List<CsvFile.Row> rows = file.read(required);
        List<List<String>> kept = new ArrayList<>();
        for (CsvFile.Row row : rows) {
            if (!remove.test(row)) {
                kept.add(row.values(columns));
            }
        }
        if (kept.size() == rows.size()) {
            return false;
        }
        file.rewrite(kept);
        return true;
    }
}
