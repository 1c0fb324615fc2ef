package dev.labelsmooth.cli.rundir;

import dev.labelsmooth.core.metrics.ClassificationMetrics.ReliabilityBin;
import dev.labelsmooth.core.sweep.Cell;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@code calibration.csv}: one confidence bin of the reliability diagram of a cell's
 * best epoch.
 *
 * @param key the cell
 * @param bin the bin: bounds, size, mean confidence and accuracy (NaN for an empty bin)
 */
public record CalibrationRow(CellKey key, ReliabilityBin bin) {

    /** Every column, in file order. */
    public static final List<String> COLUMNS =
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

    /** The rows of one cell's bins. */
    public static List<CalibrationRow> of(Cell cell, List<ReliabilityBin> bins) {
        CellKey key = CellKey.of(cell);
        return bins.stream().map(b -> new CalibrationRow(key, b)).toList();
    }

    List<String> fields(Cell cell) {
        return List.of(
                cell.dataset(),
                cell.model(),
                cell.smoothing().gammaText(),
                Integer.toString(cell.seed()),
                Numbers.csv(bin.lower()),
                Numbers.csv(bin.upper()),
                Long.toString(bin.count()),
                Numbers.csv(bin.confidence()),
                Numbers.csv(bin.accuracy()));
    }

    /**
     * Reads a calibration file.
     *
     * @param file a calibration.csv
     * @return its rows
     * @throws dev.labelsmooth.core.UsageException naming the file and line of a bad value
     */
    public static List<CalibrationRow> read(Path file) throws IOException {
        List<CalibrationRow> rows = new ArrayList<>();
        for (CsvFile.Row r : new CsvFile(file, COLUMNS).read(COLUMNS)) {
            rows.add(
                    new CalibrationRow(
                            new CellKey(
                                    r.text("dataset"),
                                    r.text("model"),
                                    r.decimal("gamma"),
                                    r.integer("seed")),
                            new ReliabilityBin(
                                    r.number("bin_lower"),
                                    r.number("bin_upper"),
                                    (long) r.number("count"),
                                    r.number("confidence"),
                                    r.number("accuracy"))));
        }
        return rows;
    }

    /** The gamma of the cell, as a number. */
    public double gamma() {
        return key.gamma().doubleValue();
    }
}
