package dev.labelsmooth.cli.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.labelsmooth.cli.report.ResultRow;
import dev.labelsmooth.core.Checks;
import dev.labelsmooth.core.metrics.ClassificationMetrics.ReliabilityBin;
import dev.labelsmooth.core.provenance.RunProvenance;
import dev.labelsmooth.core.sweep.Cell;
import dev.labelsmooth.core.sweep.CellResult;
import dev.labelsmooth.core.sweep.EpochRecord;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The files of one run directory (SPEC §6): {@code results.csv}, {@code epochs.csv}, {@code
 * calibration.csv}, {@code provenance.json}, {@code checkpoints/<cell>/} and {@code sweep.log}.
 * Rows are appended, flushed and synced as they are written, so a killed process loses at most the
 * epoch in progress.
 */
public final class RunDirectory {

    public static final List<String> RESULT_COLUMNS =
            List.of(
                    "dataset",
                    "model",
                    "gamma",
                    "seed",
                    "best_val_acc",
                    "status",
                    "num_classes",
                    "epsilon",
                    "epochs",
                    "best_epoch",
                    "final_val_acc",
                    "val_nll",
                    "val_ece",
                    "train_seconds");

    public static final List<String> EPOCH_COLUMNS =
            List.of(
                    "dataset",
                    "model",
                    "gamma",
                    "seed",
                    "epoch",
                    "lr",
                    "train_loss",
                    "train_acc",
                    "val_loss",
                    "val_acc",
                    "val_nll",
                    "val_ece",
                    "seconds");

    public static final List<String> CALIBRATION_COLUMNS =
            List.of(
                    "dataset",
                    "model",
                    "gamma",
                    "seed",
                    "bin_lower",
                    "bin_upper",
                    "count",
                    "confidence",
                    "accuracy");

    /** JSON as written to provenance.json: NaN allowed, readable indentation. */
    public static final Gson GSON =
            new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create();

    private final Path root;

    public RunDirectory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path results() {
        return root.resolve("results.csv");
    }

    public Path epochs() {
        return root.resolve("epochs.csv");
    }

    public Path calibration() {
        return root.resolve("calibration.csv");
    }

    public Path provenance() {
        return root.resolve("provenance.json");
    }

    public Path log() {
        return root.resolve("sweep.log");
    }

    public Path checkpoint(Cell cell) {
        return root.resolve("checkpoints").resolve(cell.id());
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
                        root.resolve("report.md"),
                        root.resolve("summary.csv"))) {
            Files.deleteIfExists(p);
        }
        deleteTree(root.resolve("checkpoints"));
    }

    /** Deletes a cell's checkpoint once its result row is safely written. */
    public void deleteCheckpoint(Cell cell) throws IOException {
        deleteTree(checkpoint(cell));
    }

    /** Removes {@code checkpoints/} once no cell has one left. */
    public void removeEmptyCheckpointsDirectory() throws IOException {
        Path checkpoints = root.resolve("checkpoints");
        if (Files.isDirectory(checkpoints)) {
            try (Stream<Path> entries = Files.list(checkpoints)) {
                if (entries.findAny().isEmpty()) {
                    Files.delete(checkpoints);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    public RunProvenance readProvenance() throws IOException {
        try (Reader reader = Files.newBufferedReader(provenance())) {
            return GSON.fromJson(reader, RunProvenance.class);
        }
    }

    public void writeProvenance(RunProvenance provenance) throws IOException {
        writeAtomically(provenance(), GSON.toJson(provenance));
    }

    /** The cells already finished (done or diverged); failed cells are tried again. */
    public List<String> finishedCellKeys() throws IOException {
        if (!Files.exists(results())) {
            return List.of();
        }
        return ResultRow.read(results()).stream()
                .filter(r -> !r.status().equals(CellResult.Status.FAILED.id()))
                .map(r -> key(r.dataset(), r.model(), r.gamma(), r.seed()))
                .toList();
    }

    /** The key {@link #finishedCellKeys} uses for a cell. */
    public static String key(Cell cell) {
        return key(cell.dataset(), cell.model(), cell.gamma(), cell.seed());
    }

    private static String key(String dataset, String model, double gamma, int seed) {
        return dataset + "|" + model + "|" + Checks.format(gamma) + "|" + seed;
    }

    public void appendResult(CellResult r) throws IOException {
        Cell c = r.cell();
        append(
                results(),
                RESULT_COLUMNS,
                List.of(
                        c.dataset(),
                        c.model(),
                        num(c.gamma()),
                        c.seed(),
                        num(r.bestValAcc()),
                        r.status().id(),
                        c.numClasses(),
                        num(c.epsilon()),
                        r.epochs(),
                        r.bestEpoch(),
                        num(r.finalValAcc()),
                        num(r.valNll()),
                        num(r.valEce()),
                        num(r.trainSeconds())));
    }

    public void appendEpoch(EpochRecord e) throws IOException {
        Cell c = e.cell();
        append(
                epochs(),
                EPOCH_COLUMNS,
                List.of(
                        c.dataset(),
                        c.model(),
                        num(c.gamma()),
                        c.seed(),
                        e.epoch(),
                        num(e.learningRate()),
                        num(e.trainLoss()),
                        num(e.trainAcc()),
                        num(e.valLoss()),
                        num(e.valAcc()),
                        num(e.valNll()),
                        num(e.valEce()),
                        num(e.seconds())));
    }

    /**
     * Drops the cell's rows of epochs after {@code keepThrough} from {@code epochs.csv}: a process
     * killed after writing an epoch's row but before its checkpoint trains that epoch again.
     */
    public void dropEpochsAfter(Cell cell, int keepThrough) throws IOException {
        if (!Files.exists(epochs())) {
            return;
        }
        List<String> lines = Files.readAllLines(epochs(), StandardCharsets.UTF_8);
        String prefix =
                String.join(
                                ",",
                                cell.dataset(),
                                cell.model(),
                                num(cell.gamma()),
                                Integer.toString(cell.seed()))
                        + ",";
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean stale =
                    i > 0
                            && line.startsWith(prefix)
                            && Integer.parseInt(line.substring(prefix.length()).split(",", 2)[0])
                                    > keepThrough;
            if (!stale) {
                kept.add(line);
            }
        }
        if (kept.size() != lines.size()) {
            writeAtomically(epochs(), String.join("\n", kept) + "\n");
        }
    }

    /** The reliability bins of a cell's best epoch. */
    public void appendCalibration(Cell c, List<ReliabilityBin> bins) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        for (ReliabilityBin b : bins) {
            rows.add(
                    List.of(
                            c.dataset(),
                            c.model(),
                            num(c.gamma()),
                            c.seed(),
                            num(b.lower()),
                            num(b.upper()),
                            b.count(),
                            num(b.confidence()),
                            num(b.accuracy())));
        }
        appendRows(calibration(), CALIBRATION_COLUMNS, rows);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return Double.toString(v).replace("E", "e").toLowerCase(Locale.ROOT);
    }

    private static void append(Path file, List<String> header, List<Object> row)
            throws IOException {
        appendRows(file, header, List.of(row));
    }

    private static void appendRows(Path file, List<String> header, List<List<Object>> rows)
            throws IOException {
        Files.createDirectories(file.getParent());
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        try (FileChannel channel =
                        FileChannel.open(
                                file,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE,
                                StandardOpenOption.APPEND);
                Writer writer =
                        java.nio.channels.Channels.newWriter(channel, StandardCharsets.UTF_8);
                CSVPrinter printer =
                        new CSVPrinter(
                                writer,
                                CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
            if (fresh) {
                printer.printRecord(header);
            }
            for (List<Object> row : rows) {
                printer.printRecord(row);
            }
            printer.flush();
            channel.force(true);
        }
    }

    /** Writes {@code text} to a temporary file, syncs it and renames it over {@code file}. */
    public static void writeAtomically(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
