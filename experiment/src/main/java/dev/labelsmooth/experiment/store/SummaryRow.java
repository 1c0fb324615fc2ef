package dev.labelsmooth.experiment.store;

import dev.labelsmooth.core.io.AtomicFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * One row of {@code summary.csv}: the paper's Table 3 for one data set and model.
 *
 * @param dataset data set name
 * @param model model name
 * @param bestGamma the gamma with the best mean accuracy (ties to the larger gamma)
 * @param bestValAcc its mean best validation accuracy
 * @param valAccGamma1 the mean at gamma = 1 (NaN when not run)
 * @param diffPct {@code (best - at gamma 1) / best * 100}
 * @param seeds seeds behind the best gamma's mean
 */
public record SummaryRow(
        String dataset,
        String model,
        double bestGamma,
        double bestValAcc,
        double valAccGamma1,
        double diffPct,
        int seeds) {

    /** Every column, in file order. */
    public static final List<String> COLUMNS =
            List.of(
                    "dataset",
                    "model",
                    "best_gamma",
                    "best_val_acc",
                    "val_acc_gamma_1",
                    "diff_pct",
                    "n_seeds");

    /** Writes {@code rows} as {@code file}, atomically. */
    public static void write(Path file, List<SummaryRow> rows) throws IOException {
        StringWriter text = new StringWriter();
        try (CSVPrinter printer =
                new CSVPrinter(text, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
            printer.printRecord(COLUMNS);
            for (SummaryRow r : rows) {
                printer.printRecord(
                        r.dataset,
                        r.model,
                        dev.labelsmooth.core.Checks.format(r.bestGamma),
                        Numbers.csv(r.bestValAcc),
                        Numbers.csv(r.valAccGamma1),
                        Numbers.csv(r.diffPct),
                        r.seeds);
            }
        }
        AtomicFiles.write(file, text.toString());
    }
}
