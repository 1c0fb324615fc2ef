package dev.labelsmooth.experiment.sweep;

import dev.labelsmooth.core.Checks;
import dev.labelsmooth.core.loss.LossConfig;
import dev.labelsmooth.core.loss.Smoothing;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One explicit combination of the sweep's loss axes ({@code --mix gamma=0.9,beta=0.5}), trained in
 * addition to the product of {@code --gammas}, {@code --penalties} and {@code --disturb}, so a
 * study need not run the full product. Values left out are those of plain cross-entropy.
 *
 * @param gamma probability on the true class, in (1/K, 1]
 * @param beta weight of the confidence penalty, {@code >= 0}
 * @param alpha DisturbLabel's replacement probability, in [0, 1)
 */
public record Mix(BigDecimal gamma, BigDecimal beta, BigDecimal alpha) {

    /** Checks what can be checked without K. */
    public Mix {
        Objects.requireNonNull(gamma, "gamma");
        Objects.requireNonNull(beta, "beta");
        Objects.requireNonNull(alpha, "alpha");
        Checks.require(
                gamma.signum() > 0 && gamma.compareTo(BigDecimal.ONE) <= 0,
                "gamma of 'mixes'",
                "in (1/K, 1]",
                gamma.toPlainString());
        Checks.require(beta.signum() >= 0, "beta of 'mixes'", ">= 0", beta.toPlainString());
        Checks.require(
                alpha.signum() >= 0 && alpha.compareTo(BigDecimal.ONE) < 0,
                "alpha of 'mixes'",
                "in [0, 1)",
                alpha.toPlainString());
    }

    /**
     * Parses {@code gamma=G,beta=B,alpha=A}, any of the three, each at most once.
     *
     * @param text the option's value
     * @return the mix
     * @throws IllegalArgumentException naming the part that is not {@code key=number} with a known
     *     key, or a value out of range
     */
    public static Mix parse(String text) {
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        for (String part : text.split(",", -1)) {
            String[] kv = part.split("=", -1);
            String key = kv[0].strip().toLowerCase(java.util.Locale.ROOT);
            if (kv.length != 2
                    || !(key.equals("gamma") || key.equals("beta") || key.equals("alpha"))) {
                throw new IllegalArgumentException(
                        "'mixes' must be a comma-separated list of gamma=G, beta=B, alpha=A, got '"
                                + part.strip()
                                + "' in '"
                                + text
                                + "'");
            }
            BigDecimal value;
            try {
                value = new BigDecimal(kv[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        key
                                + " of 'mixes' must be a number, got '"
                                + kv[1].strip()
                                + "' in '"
                                + text
                                + "'");
            }
            if (values.put(key, value) != null) {
                throw new IllegalArgumentException(
                        "'mixes' must give " + key + " once, got it twice in '" + text + "'");
            }
        }
        return new Mix(
                values.getOrDefault("gamma", BigDecimal.ONE),
                values.getOrDefault("beta", BigDecimal.ZERO),
                values.getOrDefault("alpha", BigDecimal.ZERO));
    }

    /**
     * This mix for a data set with {@code k} classes.
     *
     * @throws IllegalArgumentException when gamma is not above 1/K
     */
    public LossConfig resolve(int k, String dataset) {
        Smoothing smoothing;
        try {
            smoothing = Smoothing.ofGamma(gamma, k);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "gamma of 'mixes' must be in (1/K, 1] = ("
                            + Checks.format(1.0 / k)
                            + ", 1] for K="
                            + k
                            + " (data set "
                            + dataset
                            + "), got "
                            + gamma.toPlainString(),
                    e);
        }
        return new LossConfig(smoothing, beta, alpha);
    }

    /** Equal when the three values are equal as numbers. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Mix m
                && m.gamma.compareTo(gamma) == 0
                && m.beta.compareTo(beta) == 0
                && m.alpha.compareTo(alpha) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                gamma.stripTrailingZeros(), beta.stripTrailingZeros(), alpha.stripTrailingZeros());
    }

    /** As {@code --mix} takes it, e.g. {@code gamma=0.9,beta=0.5,alpha=0}. */
    @Override
    public String toString() {
        return "gamma="
                + gamma.toPlainString()
                + ",beta="
                + beta.toPlainString()
                + ",alpha="
                + alpha.toPlainString();
    }
}
