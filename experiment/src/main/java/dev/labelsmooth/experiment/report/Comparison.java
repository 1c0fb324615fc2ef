package dev.labelsmooth.experiment.report;

import dev.labelsmooth.experiment.store.CellKey;

/**
 * One configuration against plain cross-entropy within a data set and model, on the study's paired
 * design: a seed index starts every configuration from the same weights and batch order, so the
 * per-seed differences are what vary, not the two groups. Accuracies in percentage points.
 *
 * @param config the configuration compared
 * @param baseline plain cross-entropy
 * @param paired whether the seeds pair (two or more seed indices finished in both); otherwise the
 *     intervals and p-values are Welch's for two independent groups
 * @param differences per paired seed, configuration minus cross-entropy, in seed order (empty when
 *     unpaired)
 * @param meanDifference the mean difference (paired) or the difference of the means
 * @param ciLow the lower end of the t-based 95% confidence interval of {@code meanDifference}
 * @param ciHigh its upper end
 * @param bootstrapLow the lower end of the 95% percentile bootstrap interval of the mean paired
 *     difference (10,000 resamples of the seeds, fixed seed; NaN when unpaired)
 * @param bootstrapHigh its upper end
 * @param p the two-sided p-value of the paired t-test, or Welch's when unpaired
 * @param signFlipP the exact two-sided sign-flip permutation p-value of the paired differences (all
 *     2^n sign assignments; NaN when unpaired)
 * @param smallestSignFlipP the smallest value {@code signFlipP} can take with this many pairs,
 *     {@code 2 / 2^n}: at five pairs or fewer it cannot reach 0.05
 * @param holmP {@code p} adjusted by Holm's step-down method over every configuration compared with
 *     cross-entropy in the same data set and model
 * @param minimumDetectable the smallest true difference the test would detect with 80% power at a
 *     two-sided 5% level given the observed spread, {@code (t(0.975) + t(0.8)) * SE} (the usual
 *     central-t approximation)
 */
public record Comparison(
        CellKey config,
        CellKey baseline,
        boolean paired,
        double[] differences,
        double meanDifference,
        double ciLow,
        double ciHigh,
        double bootstrapLow,
        double bootstrapHigh,
        double p,
        double signFlipP,
        double smallestSignFlipP,
        double holmP,
        double minimumDetectable) {

    /** The number of paired seeds (0 when unpaired). */
    public int pairs() {
        return differences.length;
    }

    /** Whether the Holm-adjusted p-value is below 0.05. */
    public boolean significant() {
        return holmP < 0.05;
    }

    /** This comparison with {@code holmP} set. */
    Comparison withHolm(double adjusted) {
        return new Comparison(
                config,
                baseline,
                paired,
                differences,
                meanDifference,
                ciLow,
                ciHigh,
                bootstrapLow,
                bootstrapHigh,
                p,
                signFlipP,
                smallestSignFlipP,
                adjusted,
                minimumDetectable);
    }
}
