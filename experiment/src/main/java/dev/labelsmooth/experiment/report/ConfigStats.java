package dev.labelsmooth.experiment.report;

import dev.labelsmooth.core.loss.LossConfig.Family;
import dev.labelsmooth.experiment.store.CellKey;
import dev.labelsmooth.experiment.store.ResultRow;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.StatUtils;

/**
 * One loss configuration of one data set and model over its finished seeds: the numbers behind a
 * row of the report's tables. The arrays are parallel, one entry per finished seed in seed order.
 *
 * @param config the configuration (data set, model, γ, β, α; seed 0)
 * @param family plain cross-entropy, smoothing, penalty, DisturbLabel or a mix
 * @param seedIndices each finished seed's index (1, 2, ...): the pairing key across configurations,
 *     since a seed index starts every configuration from the same weights and batch order
 * @param accuracies each seed's accuracy (%): the test accuracy at the epoch selected on the
 *     holdout when the run has one, else the best validation accuracy over the epochs
 * @param eces each seed's validation ECE at its selected epoch
 * @param nlls each seed's validation NLL at its selected epoch
 * @param holdoutAccuracies each seed's holdout accuracy at its selected epoch (%), NaN without a
 *     holdout
 * @param paperAccuracies each seed's best validation accuracy over the epochs (%): the paper's
 *     figure, optimistic where the validation split is the test split
 * @param heldOut each seed's held-out figures (temperature, calibration before and after scaling),
 *     {@link ResultRow.HeldOut#NONE} without a holdout
 */
public record ConfigStats(
        CellKey config,
        Family family,
        int[] seedIndices,
        double[] accuracies,
        double[] eces,
        double[] nlls,
        double[] holdoutAccuracies,
        double[] paperAccuracies,
        List<ResultRow.HeldOut> heldOut) {

    /** Statistics of a run without a holdout: the accuracies are the paper's figure. */
    public ConfigStats(
            CellKey config,
            Family family,
            int[] seedIndices,
            double[] accuracies,
            double[] eces,
            double[] nlls) {
        this(
                config,
                family,
                seedIndices,
                accuracies,
                eces,
                nlls,
                nans(accuracies.length),
                accuracies,
                java.util.Collections.nCopies(accuracies.length, ResultRow.HeldOut.NONE));
    }

    /** The mean over the seeds of one held-out figure, e.g. {@code HeldOut::testEceTs}. */
    public double heldOutMean(ToDoubleFunction<ResultRow.HeldOut> figure) {
        return StatUtils.mean(heldOut.stream().mapToDouble(figure).toArray());
    }

    /** The sample standard deviation over the seeds of one held-out figure. */
    public double heldOutStd(ToDoubleFunction<ResultRow.HeldOut> figure) {
        return sampleStd(heldOut.stream().mapToDouble(figure).toArray());
    }

    private static double[] nans(int n) {
        double[] out = new double[n];
        Arrays.fill(out, Double.NaN);
        return out;
    }

    /** Checks the arrays are parallel. */
    public ConfigStats {
        if (accuracies.length != seedIndices.length
                || eces.length != seedIndices.length
                || nlls.length != seedIndices.length
                || holdoutAccuracies.length != seedIndices.length
                || paperAccuracies.length != seedIndices.length
                || heldOut.size() != seedIndices.length) {
            throw new IllegalArgumentException(
                    "per-seed arrays must have one value per seed index, got "
                            + seedIndices.length
                            + " seeds and "
                            + accuracies.length
                            + "/"
                            + eces.length
                            + "/"
                            + nlls.length
                            + " values");
        }
    }

    /** The mean best validation accuracy over the seeds (%). */
    public double mean() {
        return StatUtils.mean(accuracies);
    }

    /** The sample standard deviation of the accuracies; 0 for a single seed. */
    public double std() {
        return sampleStd(accuracies);
    }

    /** Whether every seed has a holdout accuracy: then choices are made on it. */
    public boolean hasHoldout() {
        return accuracies.length > 0 && Arrays.stream(holdoutAccuracies).noneMatch(Double::isNaN);
    }

    /** The mean holdout accuracy over the seeds (%), NaN without a holdout. */
    public double holdoutMean() {
        return StatUtils.mean(holdoutAccuracies);
    }

    /** The mean of the paper's figure, the best validation accuracy over the epochs (%). */
    public double paperMean() {
        return StatUtils.mean(paperAccuracies);
    }

    /** What a choice among configurations ranks by: the holdout mean where there is one. */
    public double selectionScore() {
        return hasHoldout() ? holdoutMean() : mean();
    }

    /** How many seeds finished. */
    public int seeds() {
        return accuracies.length;
    }

    /** The mean ECE over the seeds (NaN where files lack it). */
    public double meanEce() {
        return StatUtils.mean(eces);
    }

    /** The sample standard deviation of the ECE over the seeds. */
    public double eceStd() {
        return sampleStd(eces);
    }

    /** The mean NLL over the seeds (NaN where files lack it). */
    public double meanNll() {
        return StatUtils.mean(nlls);
    }

    /** The sample standard deviation of the NLL over the seeds. */
    public double nllStd() {
        return sampleStd(nlls);
    }

    /** This configuration's accuracy of seed index {@code seed}, NaN when it did not finish. */
    public double accuracyOfSeed(int seed) {
        for (int i = 0; i < seedIndices.length; i++) {
            if (seedIndices[i] == seed) {
                return accuracies[i];
            }
        }
        return Double.NaN;
    }

    /** 1 - γ, β or α: grows to the right for every family; NaN for a mix. */
    public double strength() {
        return family.strength(
                config.gamma().doubleValue(),
                config.beta().doubleValue(),
                config.alpha().doubleValue());
    }

    /** Whether this is plain cross-entropy (γ = 1, β = 0, α = 0). */
    public boolean isCrossEntropy() {
        return family == Family.CROSS_ENTROPY;
    }

    private static double sampleStd(double[] values) {
        return values.length < 2 ? 0 : Math.sqrt(StatUtils.variance(values));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigStats s
                && config.equals(s.config)
                && family == s.family
                && Arrays.equals(seedIndices, s.seedIndices)
                && Arrays.equals(accuracies, s.accuracies)
                && Arrays.equals(eces, s.eces)
                && Arrays.equals(nlls, s.nlls)
                && Arrays.equals(holdoutAccuracies, s.holdoutAccuracies)
                && Arrays.equals(paperAccuracies, s.paperAccuracies)
                && heldOut.equals(s.heldOut);
    }

    @Override
    public int hashCode() {
        return config.hashCode() * 31 + Arrays.hashCode(accuracies);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%s: %.2f ± %.2f (n=%d)",
                config.configLabel(),
                mean(),
                std(),
                seeds());
    }
}
