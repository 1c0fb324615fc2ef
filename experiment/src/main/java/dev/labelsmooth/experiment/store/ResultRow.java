package dev.labelsmooth.experiment.store;

import dev.labelsmooth.core.Checks;
import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.experiment.sweep.Cell;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code results.csv}: a finished cell. Accuracies are percentages, unrounded; gamma and
 * epsilon are written as the user gave one of them (the other derived). A file needs only the
 * {@link #REQUIRED} columns to be read; the others read as NaN, 0 or null when absent.
 *
 * @param dataset data set name
 * @param model model name
 * @param gamma probability on the true class
 * @param beta the confidence penalty's weight (0 when absent)
 * @param alpha DisturbLabel's probability (0 when absent)
 * @param seed seed index
 * @param bestValAcc best validation accuracy over the epochs (the paper's figure; optimistic, since
 *     the validation split is the test split)
 * @param status how the cell ended
 * @param numClasses K (0 when absent)
 * @param epsilon Szegedy et al.'s epsilon (null when absent)
 * @param epochs epochs completed (0 when absent)
 * @param bestEpoch the selected 1-based epoch (0 if none): the holdout's best where the run has a
 *     holdout, else the validation's best
 * @param finalValAcc validation accuracy after the last epoch
 * @param valNll validation negative log-likelihood at the selected epoch
 * @param valEce validation expected calibration error (15 bins) at the selected epoch
 * @param trainSeconds wall time spent training and validating, over all sessions
 * @param heldOut the figures of a run with a holdout, all NaN without one
 */
public record ResultRow(
        String dataset,
        String model,
        BigDecimal gamma,
        BigDecimal beta,
        BigDecimal alpha,
        int seed,
        double bestValAcc,
        CellStatus status,
        int numClasses,
        BigDecimal epsilon,
        int epochs,
        int bestEpoch,
        double finalValAcc,
        double valNll,
        double valEce,
        double trainSeconds,
        HeldOut heldOut) {

    /**
     * What a run with a holdout adds: the selected epoch's holdout and test accuracy, and
     * calibration before and after temperature scaling fitted on the holdout (Guo et al. 2017).
     * Test figures are on the validation split (the test split) at the selected epoch.
     *
     * @param holdoutAcc holdout accuracy at the selected epoch, percent
     * @param testAcc test accuracy at the selected epoch, percent
     * @param temperature T fitted on the holdout logits of the selected epoch
     * @param testBrier test Brier score before scaling
     * @param testNllTs test NLL after scaling by T
     * @param testEceTs test ECE (15 bins) after scaling
     * @param testBrierTs test Brier score after scaling
     * @param confidenceGap test mean confidence minus accuracy before scaling (a fraction; positive
     *     is over-confident)
     * @param confidenceGapTs the same after scaling
     * @param aurc area under the test risk-coverage curve of the max-softmax confidence
     */
    public record HeldOut(
            double holdoutAcc,
            double testAcc,
            double temperature,
            double testBrier,
            double testNllTs,
            double testEceTs,
            double testBrierTs,
            double confidenceGap,
            double confidenceGapTs,
            double aurc) {

        /** The figures of a run without a holdout. */
        public static final HeldOut NONE = selectedOnly(Double.NaN, Double.NaN);

        /**
         * The figures of a cell stopped by a search: the accuracies at its selected epoch, no
         * temperature or calibration (those need the selected epoch's logits).
         */
        public static HeldOut selectedOnly(double holdoutAcc, double testAcc) {
            return new HeldOut(
                    holdoutAcc,
                    testAcc,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN);
        }

        /** The columns, in {@link #fields} order. */
        static final List<String> COLUMNS =
                List.of(
                        "holdout_acc",
                        "test_acc",
                        "temperature",
                        "test_brier",
                        "test_nll_ts",
                        "test_ece_ts",
                        "test_brier_ts",
                        "confidence_gap",
                        "confidence_gap_ts",
                        "aurc");

        List<String> fields() {
            return java.util.stream.DoubleStream.of(
                            holdoutAcc,
                            testAcc,
                            temperature,
                            testBrier,
                            testNllTs,
                            testEceTs,
                            testBrierTs,
                            confidenceGap,
                            confidenceGapTs,
                            aurc)
                    .mapToObj(Numbers::csv)
                    .toList();
        }

        static HeldOut read(CsvFile.Row r) {
            double[] v = COLUMNS.stream().mapToDouble(r::optionalNumber).toArray();
            return new HeldOut(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
        }
    }

    /** A row without held-out figures. */
    public ResultRow(
            String dataset,
            String model,
            BigDecimal gamma,
            BigDecimal beta,
            BigDecimal alpha,
            int seed,
            double bestValAcc,
            CellStatus status,
            int numClasses,
            BigDecimal epsilon,
            int epochs,
            int bestEpoch,
            double finalValAcc,
            double valNll,
            double valEce,
            double trainSeconds) {
        this(
                dataset,
                model,
                gamma,
                beta,
                alpha,
                seed,
                bestValAcc,
                status,
                numClasses,
                epsilon,
                epochs,
                bestEpoch,
                finalValAcc,
                valNll,
                valEce,
                trainSeconds,
                HeldOut.NONE);
    }

    /** Whether the run had a holdout (the held-out figures are there). */
    public boolean hasHoldout() {
        return !Double.isNaN(heldOut.holdoutAcc());
    }

    /** This row with held-out figures. */
    public ResultRow withHeldOut(HeldOut figures) {
        return new ResultRow(
                dataset,
                model,
                gamma,
                beta,
                alpha,
                seed,
                bestValAcc,
                status,
                numClasses,
                epsilon,
                epochs,
                bestEpoch,
                finalValAcc,
                valNll,
                valEce,
                trainSeconds,
                figures);
    }

    /** Every column, in file order. */
    public static final List<String> COLUMNS =
            CellKey.columns(
                    "best_val_acc",
                    "status",
                    "num_classes",
                    "epsilon",
                    "epochs",
                    "best_epoch",
                    "final_val_acc",
                    "val_nll",
                    "val_ece",
                    "train_seconds",
                    "holdout_acc",
                    "test_acc",
                    "temperature",
                    "test_brier",
                    "test_nll_ts",
                    "test_ece_ts",
                    "test_brier_ts",
                    "confidence_gap",
                    "confidence_gap_ts",
                    "aurc");

    /** The columns a results file must have. */
    public static final List<String> REQUIRED = CellKey.required("best_val_acc", "status");

    /** The row of a cell that ran to its end (done) or diverged. */
    public static ResultRow of(
            Cell cell,
            CellStatus status,
            double bestValAcc,
            int bestEpoch,
            double finalValAcc,
            double valNll,
            double valEce,
            int epochs,
            double trainSeconds) {
        return new ResultRow(
                cell.dataset(),
                cell.model(),
                new BigDecimal(cell.smoothing().gammaText()),
                cell.loss().beta(),
                cell.loss().alpha(),
                cell.seed(),
                bestValAcc,
                status,
                cell.numClasses(),
                new BigDecimal(cell.smoothing().epsilonText()),
                epochs,
                bestEpoch,
                finalValAcc,
                valNll,
                valEce,
                trainSeconds);
    }

    /** The row of a cell that an error stopped. */
    public static ResultRow failed(Cell cell) {
        return of(cell, CellStatus.FAILED, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, 0, 0);
    }

    /** The cell this row belongs to. */
    public CellKey key() {
        return new CellKey(dataset, model, gamma, beta, alpha, seed);
    }

    /** Whether the cell trained all its epochs. */
    public boolean done() {
        return status == CellStatus.DONE;
    }

    /** The fields in {@link #COLUMNS} order, as written. */
    List<String> fields() {
        List<String> out = new ArrayList<>();
        out.addAll(
                List.of(
                        dataset,
                        model,
                        Numbers.csv(gamma),
                        beta.toPlainString(),
                        alpha.toPlainString(),
                        Integer.toString(seed),
                        Numbers.csv(bestValAcc),
                        status.id(),
                        numClasses == 0 ? "" : Integer.toString(numClasses),
                        Numbers.csv(epsilon),
                        Integer.toString(epochs),
                        Integer.toString(bestEpoch),
                        Numbers.csv(finalValAcc),
                        Numbers.csv(valNll),
                        Numbers.csv(valEce),
                        Numbers.csv(trainSeconds)));
        out.addAll(heldOut.fields());
        return out;
    }

    /**
     * Reads a results file, checking every row, and returns one row per cell: a cell that failed
     * and was trained again is represented by its latest row, and a row repeated exactly is read
     * once.
     *
     * @param file a results.csv
     * @return one row per cell, in the order the cells first appear
     * @throws dev.labelsmooth.core.UsageException naming the file and the editor line of a bad
     *     value or of two different results of one cell, and how to repair it
     */
    public static List<ResultRow> read(Path file) throws IOException {
        Map<CellKey, ResultRow> rows = new LinkedHashMap<>();
        Map<CellKey, Long> lines = new HashMap<>();
        for (CsvFile.Row r : new CsvFile(file, COLUMNS).read(REQUIRED)) {
            ResultRow row;
            try {
                row = parse(r);
            } catch (UsageException e) {
                String where = e.getMessage().contains(r.where()) ? "" : " " + r.where();
                throw new UsageException(e.getMessage() + where + REPAIR, e);
            }
            CellKey key = row.key();
            ResultRow earlier = rows.get(key);
            if (earlier != null && earlier.status.finished() && !earlier.equals(row)) {
                throw new UsageException(
                        "each cell must have one result, got two different rows for "
                                + key
                                + " on lines "
                                + lines.get(key)
                                + " and "
                                + r.line()
                                + " of "
                                + file
                                + "; keep the right one and delete the other");
            }
            if (earlier == null || !earlier.status.finished()) {
                rows.put(key, row);
                lines.put(key, r.line());
            }
        }
        return new ArrayList<>(rows.values());
    }

    private static final String REPAIR =
            "; fix or delete that line (the other rows are kept), or rerun with 'force' to start"
                    + " over";

    private static ResultRow parse(CsvFile.Row r) {
        r.requireComplete();
        ResultRow row =
                new ResultRow(
                        r.text("dataset"),
                        r.text("model"),
                        r.decimal("gamma"),
                        r.optionalDecimal("beta", BigDecimal.ZERO),
                        r.optionalDecimal("alpha", BigDecimal.ZERO),
                        r.integer("seed"),
                        r.number("best_val_acc"),
                        CellStatus.of(r.text("status"), r.where()),
                        r.optionalInteger("num_classes", 0),
                        r.has("epsilon") ? r.decimal("epsilon") : null,
                        r.optionalInteger("epochs", 0),
                        r.optionalInteger("best_epoch", 0),
                        r.optionalNumber("final_val_acc"),
                        r.optionalNumber("val_nll"),
                        r.optionalNumber("val_ece"),
                        r.optionalNumber("train_seconds"),
                        HeldOut.read(r));
        row.validate();
        return row;
    }

    /** Checks every value against its range; NaN stands for a metric a cell never reached. */
    private void validate() {
        require(!dataset.isEmpty(), "dataset", "a data set name", "''");
        require(!model.isEmpty(), "model", "a model name", "''");
        require(
                gamma.signum() > 0 && gamma.compareTo(BigDecimal.ONE) <= 0,
                "gamma",
                "in (0, 1]",
                gamma);
        require(beta.signum() >= 0, "beta", ">= 0", beta.toPlainString());
        require(
                alpha.signum() >= 0 && alpha.compareTo(BigDecimal.ONE) < 0,
                "alpha",
                "in [0, 1)",
                alpha.toPlainString());
        require(seed >= 1, "seed", ">= 1", seed);
        if (status == CellStatus.DONE) {
            require(
                    bestValAcc >= 0 && bestValAcc <= 100,
                    "best_val_acc of a done cell",
                    "a percentage in [0, 100]",
                    bestValAcc);
        }
        percentage("best_val_acc", bestValAcc);
        percentage("final_val_acc", finalValAcc);
        require(
                Double.isNaN(valNll) || (valNll >= 0 && Double.isFinite(valNll)),
                "val_nll",
                "finite and >= 0",
                valNll);
        require(
                Double.isNaN(valEce) || (valEce >= 0 && valEce <= 1),
                "val_ece",
                "in [0, 1]",
                valEce);
        require(numClasses == 0 || numClasses >= 2, "num_classes", ">= 2", numClasses);
        require(epochs >= 0, "epochs", ">= 0", epochs);
        require(
                bestEpoch >= 0 && (epochs == 0 || bestEpoch <= epochs),
                "best_epoch",
                "in [0, epochs=" + epochs + "]",
                bestEpoch);
        require(
                Double.isNaN(trainSeconds) || (trainSeconds >= 0 && Double.isFinite(trainSeconds)),
                "train_seconds",
                "finite and >= 0",
                trainSeconds);
    }

    private static void percentage(String column, double value) {
        require(
                Double.isNaN(value) || (value >= 0 && value <= 100),
                column,
                "a percentage in [0, 100]",
                value);
    }

    private static void require(boolean ok, String what, String expected, Object value) {
        if (!ok) {
            throw new UsageException(Checks.mustBe(what, expected, value));
        }
    }
}
