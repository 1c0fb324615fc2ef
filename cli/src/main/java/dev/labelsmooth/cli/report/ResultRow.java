package dev.labelsmooth.cli.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * One row of {@code results.csv} as the report needs it. Only the required columns {@code
 * dataset,model,gamma,seed,best_val_acc,status} must be present; the calibration columns are NaN
 * when absent.
 *
 * @param dataset data set name
 * @param model model name
 * @param gamma probability on the true class
 * @param seed seed index
 * @param bestValAcc best validation accuracy, percent
 * @param status done, diverged or failed
 * @param valNll validation NLL at the best epoch
 * @param valEce validation ECE at the best epoch
 */
public record ResultRow(
        String dataset,
        String model,
        double gamma,
        int seed,
        double bestValAcc,
        String status,
        double valNll,
        double valEce) {

    static final List<String> REQUIRED =
            List.of("dataset", "model", "gamma", "seed", "best_val_acc", "status");

    /** Reads a results file, failing with the file, line and column on a bad or missing value. */
    public static List<ResultRow> read(Path file) throws IOException {
        List<ResultRow> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            var parser =
                    CSVFormat.DEFAULT
                            .builder()
                            .setHeader()
                            .setSkipHeaderRecord(true)
                            .setTrim(true)
                            .get()
                            .parse(reader);
            List<String> header = parser.getHeaderNames();
            for (String column : REQUIRED) {
                if (!header.contains(column)) {
                    throw new IllegalArgumentException(
                            "results file "
                                    + file
                                    + " must have the columns "
                                    + REQUIRED
                                    + ", got "
                                    + header
                                    + " (missing "
                                    + column
                                    + ")");
                }
            }
            for (CSVRecord r : parser) {
                rows.add(
                        new ResultRow(
                                r.get("dataset"),
                                r.get("model"),
                                number(r, "gamma", file),
                                (int) number(r, "seed", file),
                                number(r, "best_val_acc", file),
                                r.get("status"),
                                optional(r, "val_nll", file),
                                optional(r, "val_ece", file)));
            }
        }
        return rows;
    }

    private static double optional(CSVRecord r, String column, Path file) {
        return r.isMapped(column) && r.isSet(column) && !r.get(column).isEmpty()
                ? number(r, column, file)
                : Double.NaN;
    }

    private static double number(CSVRecord r, String column, Path file) {
        String value = r.get(column);
        if (value.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    column
                            + " must be a number, got '"
                            + value
                            + "' on line "
                            + r.getRecordNumber()
                            + " of "
                            + file);
        }
    }

    public boolean done() {
        return status.equals("done");
    }
}
