package dev.labelsmooth.experiment.store;

import dev.labelsmooth.core.metrics.ClassificationMetrics.ReliabilityBin;
import dev.labelsmooth.experiment.sweep.Cell;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@code calibration.csv}: one confidence bin of the reliability diagram of a cell's
 * best epoch.
 *
 * @param dataset data set name
 * @param model model name
 * @param gamma gamma as written
 * @param beta the confidence penalty's weight
 * @param alpha DisturbLabel's probability
 * @param seed seed index
 * @param bin the bin: bounds, size, mean confidence and accuracy (NaN for an empty bin)
 */
public record CalibrationRow(
        String dataset,
        String model,
        BigDecimal gamma,
        BigDecimal beta,
        BigDecimal alpha,
        int seed,
        ReliabilityBin bin) {

    /** Every column, in file order. */
    public static final List<String> COLUMNS =
            CellKey.columns("bin_lower", "bin_upper", "count", "confidence", "accuracy");

    /** The columns a calibration file must have. */
    static final List<String> REQUIRED =
            CellKey.required("bin_lower", "bin_upper", "count", "confidence", "accuracy");

    /** The rows of one cell's bins. */
    public static List<CalibrationRow> of(Cell cell, List<ReliabilityBin> bins) {
        BigDecimal gamma = new BigDecimal(cell.smoothing().gammaText());
        return bins.stream()
                .map(
                        b ->
                                new CalibrationRow(
                                        cell.dataset(),
                                        cell.model(),
                                        gamma,
                                        cell.loss().beta(),
                                        cell.loss().alpha(),
                                        cell.seed(),
                                        b))
                .toList();
    }

    /** The cell this bin belongs to. */
    public CellKey key() {
        return new CellKey(dataset, model, gamma, beta, alpha, seed);
    }

    List<String> fields() {
        return List.of(
                dataset,
                model,
                Numbers.csv(gamma),
                beta.toPlainString(),
                alpha.toPlainString(),
                Integer.toString(seed),
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
        for (CsvFile.Row r : new CsvFile(file, COLUMNS).read(REQUIRED)) {
            CellKey key = CellKey.read(r);
            rows.add(
                    new CalibrationRow(
                            key.dataset(),
                            key.model(),
                            r.decimal("gamma"),
                            key.beta(),
                            key.alpha(),
                            key.seed(),
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
    public double gammaValue() {
        return gamma.doubleValue();
    }
}
