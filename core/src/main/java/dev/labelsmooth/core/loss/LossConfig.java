package dev.labelsmooth.core.loss;

import static dev.labelsmooth.core.Checks.require;

import ai.djl.training.loss.Loss;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The output regularizers of one training run: label smoothing (γ), the confidence penalty (β) and
 * DisturbLabel (α), alone or mixed. γ = 1, β = 0, α = 0 is plain cross-entropy. β and α are kept as
 * the decimals given and compared as numbers, like the smoothing.
 *
 * @param smoothing the label smoothing, resolved against K
 * @param beta weight of the confidence penalty, {@code >= 0}
 * @param alpha DisturbLabel's replacement probability, in [0, 1)
 */
public record LossConfig(Smoothing smoothing, BigDecimal beta, BigDecimal alpha) {

    /** The kinds of configuration a study compares. */
    public enum Family {
        /** γ = 1, β = 0, α = 0. */
        CROSS_ENTROPY("cross-entropy", "none"),
        /** Only γ &lt; 1. */
        SMOOTHING("label smoothing", "1 - gamma"),
        /** Only β &gt; 0. */
        PENALTY("confidence penalty", "beta"),
        /** Only α &gt; 0. */
        DISTURB("DisturbLabel", "alpha"),
        /** Two or three of them. */
        MIX("mix", "");

        private final String title;
        private final String strength;

        Family(String title, String strength) {
            this.title = title;
            this.strength = strength;
        }

        /** The name a report shows, e.g. {@code confidence penalty}. */
        public String title() {
            return title;
        }

        /** What {@link LossConfig#strength()} measures for this family, e.g. {@code 1 - gamma}. */
        public String strengthName() {
            return strength;
        }

        /**
         * The family of a configuration that uses the given regularizers.
         *
         * @param smooths γ &lt; 1
         * @param penalises β &gt; 0
         * @param disturbs α &gt; 0
         * @return the family
         */
        public static Family of(boolean smooths, boolean penalises, boolean disturbs) {
            int used = (smooths ? 1 : 0) + (penalises ? 1 : 0) + (disturbs ? 1 : 0);
            if (used == 0) {
                return CROSS_ENTROPY;
            }
            if (used > 1) {
                return MIX;
            }
            return smooths ? SMOOTHING : penalises ? PENALTY : DISTURB;
        }

        /**
         * The strength of a configuration of this family, growing to the right for all three:
         * {@code 1 - γ} for smoothing, β, α; 0 for plain cross-entropy, NaN for a mix.
         */
        public double strength(double gamma, double beta, double alpha) {
            return switch (this) {
                case CROSS_ENTROPY -> 0;
                case SMOOTHING -> 1 - gamma;
                case PENALTY -> beta;
                case DISTURB -> alpha;
                case MIX -> Double.NaN;
            };
        }
    }

    /** Checks the ranges; β and α are normalised so that equal numbers give equal configs. */
    public LossConfig {
        Objects.requireNonNull(smoothing, "smoothing");
        Objects.requireNonNull(beta, "beta");
        Objects.requireNonNull(alpha, "alpha");
        require(beta.signum() >= 0, "confidence penalty beta", ">= 0", beta.toPlainString());
        require(
                alpha.signum() >= 0 && alpha.compareTo(BigDecimal.ONE) < 0,
                "DisturbLabel alpha",
                "in [0, 1)",
                alpha.toPlainString());
        beta = normalise(beta);
        alpha = normalise(alpha);
    }

    private static BigDecimal normalise(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** Label smoothing alone (β = 0, α = 0). */
    public static LossConfig of(Smoothing smoothing) {
        return new LossConfig(smoothing, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /** The data set's K. */
    public int numClasses() {
        return smoothing.numClasses();
    }

    /** The family: plain cross-entropy, one regularizer alone, or a mix. */
    public Family family() {
        return Family.of(!smoothing.isNone(), beta.signum() > 0, alpha.signum() > 0);
    }

    /**
     * How strongly the single regularizer acts, growing to the right for all three: {@code 1 - γ}
     * for smoothing, β, α; 0 for plain cross-entropy, NaN for a mix.
     */
    public double strength() {
        return family().strength(smoothing.gamma(), beta.doubleValue(), alpha.doubleValue());
    }

    /**
     * For example {@code gamma=0.9}, {@code gamma=1 beta=0.5} or {@code gamma=0.9 alpha=0.1}: γ
     * always, β and α when not 0.
     */
    public String label() {
        List<String> parts = new ArrayList<>();
        parts.add("gamma=" + dev.labelsmooth.core.Checks.format(smoothing.gamma()));
        if (beta.signum() > 0) {
            parts.add("beta=" + beta.toPlainString());
        }
        if (alpha.signum() > 0) {
            parts.add("alpha=" + alpha.toPlainString());
        }
        return String.join(" ", parts);
    }

    /**
     * The training loss: the smoothed cross-entropy with the confidence penalty, wrapped in
     * DisturbLabel when α &gt; 0.
     *
     * @param disturbSeed the seed of DisturbLabel's draws (unused when α = 0)
     * @return the loss
     */
    public Loss loss(long disturbSeed) {
        LabelSmoothingLoss base =
                LabelSmoothingLoss.builder()
                        .optSmoothing(smoothing)
                        .optConfidencePenalty(beta.doubleValue())
                        .build();
        if (alpha.signum() == 0) {
            return base;
        }
        return DisturbLabel.builder()
                .setLoss(base)
                .optAlpha(alpha.doubleValue())
                .optSeed(disturbSeed)
                .build();
    }

    @Override
    public String toString() {
        return label() + " (K=" + numClasses() + ")";
    }
}
