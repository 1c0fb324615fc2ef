package dev.labelsmooth.experiment.report;

import dev.labelsmooth.core.loss.LossConfig.Family;
import dev.labelsmooth.experiment.store.CellKey;
import java.util.Arrays;
import org.apache.commons.math3.stat.StatUtils;

/**
 * One loss configuration of one data set and model over its finished seeds: the numbers behind a
 * row of the report's tables.
 *
 * @param config the configuration (data set, model, γ, β, α; seed 0)
 * @param family plain cross-entropy, smoothing, penalty, DisturbLabel or a mix
 * @param accuracies each finished seed's best validation accuracy (%), in seed order
 * @param meanEce the seeds' mean validation ECE at the best epoch
 * @param meanNll the seeds' mean validation NLL at the best epoch
 */
public record ConfigStats(
        CellKey config, Family family, double[] accuracies, double meanEce, double meanNll) {

    /** The mean best validation accuracy over the seeds (%). */
    public double mean() {
        return StatUtils.mean(accuracies);
    }

    /** The sample standard deviation over the seeds; 0 for a single seed. */
    public double std() {
        return accuracies.length < 2 ? 0 : Math.sqrt(StatUtils.variance(accuracies));
    }

    /** How many seeds finished. */
    public int seeds() {
        return accuracies.length;
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

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigStats s
                && config.equals(s.config)
                && family == s.family
                && Arrays.equals(accuracies, s.accuracies)
                && Double.compare(meanEce, s.meanEce) == 0
                && Double.compare(meanNll, s.meanNll) == 0;
    }

    @Override
    public int hashCode() {
        return config.hashCode() * 31 + Arrays.hashCode(accuracies);
    }

    @Override
    public String toString() {
        return config.configLabel()
                + ": "
                + String.format(
                        java.util.Locale.ROOT, "%.2f ± %.2f (n=%d)", mean(), std(), seeds());
    }
}
