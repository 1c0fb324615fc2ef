package dev.labelsmooth.core.loss;

import static dev.labelsmooth.core.Checks.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/**
 * How strongly a target is smoothed, for K classes, in the form the user gave it: the paper's gamma
 * (probability on the true class) or Szegedy et al.'s epsilon. The two forms map by
 *
 * <pre>
 *   ε = (1 - γ) K / (K - 1),     γ = 1 - ε (K - 1) / K
 * </pre>
 *
 * and this is the one place that formula and the range check live: a value is validated once, when
 * it is made, against {@code 1/K < γ <= 1} (equivalently {@code 0 <= ε < 1}).
 *
 * <p>The given value is kept as a decimal and the other form is derived in decimal arithmetic (16
 * significant digits), so {@code --epsilons 0.2} at K=10 is gamma 0.82, not 0.8200000000000001, and
 * the value the user typed is written back exactly. Two smoothings are equal when K and gamma are
 * equal as numbers, whichever form and spelling they came in.
 */
public final class Smoothing {

    /** Which of the two forms a value was given in. */
    public enum Form {
        /** The paper's probability on the true class, {@code 1/K < γ <= 1}. */
        GAMMA,
        /** Szegedy et al.'s weight of the uniform term, {@code 0 <= ε < 1}. */
        EPSILON
    }

    private static final MathContext DIGITS = MathContext.DECIMAL64;

    private final Form form;
    private final BigDecimal given;
    private final int numClasses;
    private final BigDecimal gamma;
    private final BigDecimal epsilon;
    private final double gammaValue;
    private final double offTarget;

    private Smoothing(Form form, BigDecimal given, int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException(
                    "number of classes K must be >= 2, got " + numClasses);
        }
        BigDecimal k = BigDecimal.valueOf(numClasses);
        BigDecimal km1 = BigDecimal.valueOf(numClasses - 1L);
        if (form == Form.GAMMA) {
            if (given.multiply(k).compareTo(BigDecimal.ONE) <= 0
                    || given.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException(
                        gammaRange(numClasses) + ", got " + given.toString());
            }
            gamma = given;
            epsilon = BigDecimal.ONE.subtract(given).multiply(k).divide(km1, DIGITS);
        } else {
            if (given.signum() < 0 || given.compareTo(BigDecimal.ONE) >= 0) {
                throw new IllegalArgumentException(
                        "epsilon must be in [0, 1), got " + given.toString());
            }
            epsilon = given;
            gamma = BigDecimal.ONE.subtract(given.multiply(km1).divide(k, DIGITS));
        }
        this.form = form;
        this.given = given;
        this.numClasses = numClasses;
        this.gammaValue = gamma.doubleValue();
        this.offTarget = (1 - gammaValue) / (numClasses - 1);
    }

    /** Probability {@code gamma} on the true class among {@code k} classes. */
    public static Smoothing ofGamma(BigDecimal gamma, int k) {
        return new Smoothing(Form.GAMMA, Objects.requireNonNull(gamma, "gamma"), k);
    }

    /** Probability {@code gamma} on the true class among {@code k} classes. */
    public static Smoothing ofGamma(double gamma, int k) {
        return ofGamma(decimal(gamma, "gamma"), k);
    }

    /** Szegedy et al.'s {@code epsilon} for {@code k} classes. */
    public static Smoothing ofEpsilon(BigDecimal epsilon, int k) {
        return new Smoothing(Form.EPSILON, Objects.requireNonNull(epsilon, "epsilon"), k);
    }

    /** Szegedy et al.'s {@code epsilon} for {@code k} classes. */
    public static Smoothing ofEpsilon(double epsilon, int k) {
        return ofEpsilon(decimal(epsilon, "epsilon"), k);
    }

    /** A value in {@code form} for {@code k} classes. */
    public static Smoothing of(Form form, BigDecimal value, int k) {
        return new Smoothing(form, Objects.requireNonNull(value, "value"), k);
    }

    /** The message prefix of a gamma outside its range for K. */
    static String gammaRange(int k) {
        return "gamma must be in (1/K, 1] = (" + format(1.0 / k) + ", 1] for K=" + k;
    }

    private static BigDecimal decimal(double value, String what) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be a finite number, got " + value);
        }
        // The shortest decimal that reads back as this double: 0.9, not 0.900000000000000022...
        return BigDecimal.valueOf(value);
    }

    /** The form the value was given in. */
    public Form form() {
        return form;
    }

    /** The value as given, in its form. */
    public BigDecimal given() {
        return given;
    }

    /** K. */
    public int numClasses() {
        return numClasses;
    }

    /** The probability on the true class, γ. */
    public double gamma() {
        return gammaValue;
    }

    /** Szegedy et al.'s ε. */
    public double epsilon() {
        return epsilon.doubleValue();
    }

    /** The probability on each other class, {@code (1 - γ) / (K - 1)}. */
    public double offTarget() {
        return offTarget;
    }

    /** Whether this is plain cross-entropy (γ = 1). */
    public boolean isNone() {
        return gamma.compareTo(BigDecimal.ONE) == 0;
    }

    /** γ as written to files: the given text when given as gamma, else the derived number. */
    public String gammaText() {
        return form == Form.GAMMA ? given.toString() : Double.toString(gammaValue);
    }

    /** ε as written to files: the given text when given as epsilon, else the derived number. */
    public String epsilonText() {
        return form == Form.EPSILON ? given.toString() : Double.toString(epsilon.doubleValue());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Smoothing s
                && s.numClasses == numClasses
                && s.gamma.compareTo(gamma) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * numClasses + gamma.stripTrailingZeros().hashCode();
    }

    /** For example {@code gamma=0.9 (K=10)} or {@code epsilon=0.2 (K=10)}. */
    @Override
    public String toString() {
        return form.name().toLowerCase(java.util.Locale.ROOT)
                + "="
                + given
                + " (K="
                + numClasses
                + ")";
    }
}
