package dev.labelsmooth.experiment.sweep;

import dev.labelsmooth.core.Checks;
import dev.labelsmooth.core.loss.Smoothing;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The smoothing values a sweep tries, as gammas, as Szegedy et al.'s epsilons, or the paper's grid
 * (the multiples of 0.1 from 1.0 down that are strictly above 1/K, per data set). Values are kept
 * as the decimals the user typed; {@link #smoothingsFor} resolves them against a data set's K.
 *
 * @param form how {@code values} are meant
 * @param values gammas or epsilons in the order given (empty for {@code PAPER})
 */
public record SmoothingGrid(Form form, List<BigDecimal> values) {

    /** How the values are given. */
    public enum Form {
        /** Probabilities on the true class. */
        GAMMA,
        /** Szegedy et al.'s epsilons. */
        EPSILON,
        /** The paper's grid, derived per data set from K. */
        PAPER
    }

    /**
     * Checks what can be checked without K: each value in (0, 1] as gamma or [0, 1) as epsilon, and
     * no value twice.
     */
    public SmoothingGrid {
        values = List.copyOf(values);
        String name = form.name().toLowerCase(Locale.ROOT);
        if (form != Form.PAPER && values.isEmpty()) {
            throw new IllegalArgumentException(name + " list must be non-empty, got []");
        }
        for (int i = 0; i < values.size(); i++) {
            BigDecimal v = values.get(i);
            if (form == Form.GAMMA && v.signum() > 0 && v.doubleValue() == 0) {
                throw new IllegalArgumentException("gamma must be in (1/K, 1], got " + v);
            }
            if (form == Form.GAMMA && (v.signum() <= 0 || v.compareTo(BigDecimal.ONE) > 0)) {
                throw new IllegalArgumentException("gamma must be in (1/K, 1], got " + v);
            }
            if (form == Form.EPSILON
                    && (v.signum() < 0
                            || v.compareTo(BigDecimal.ONE) >= 0
                            || v.doubleValue() >= 1)) {
                throw new IllegalArgumentException("epsilon must be in [0, 1), got " + v);
            }
            for (int j = 0; j < i; j++) {
                if (values.get(j).compareTo(v) == 0) {
                    throw new IllegalArgumentException(
                            name
                                    + " list must not repeat a value (a repeated cell would count"
                                    + " as another seed), got "
                                    + values.get(j)
                                    + " and "
                                    + v
                                    + " in "
                                    + values);
                }
            }
        }
        DecimalValues.requireDistinctDoubles(values, name + " list");
    }

    /** The paper's grid. */
    public static SmoothingGrid paper() {
        return new SmoothingGrid(Form.PAPER, List.of());
    }

    /** Gammas given as numbers, e.g. from code. */
    public static SmoothingGrid gammas(List<Double> gammas) {
        return new SmoothingGrid(Form.GAMMA, gammas.stream().map(BigDecimal::valueOf).toList());
    }

    /** Epsilons given as numbers, e.g. from code. */
    public static SmoothingGrid epsilons(List<Double> epsilons) {
        return new SmoothingGrid(Form.EPSILON, epsilons.stream().map(BigDecimal::valueOf).toList());
    }

    /** Parses {@code --gammas}: {@code paper} or a comma-separated list. */
    public static SmoothingGrid parseGammas(String text) {
        if (text.strip().equalsIgnoreCase("paper")) {
            return paper();
        }
        return new SmoothingGrid(Form.GAMMA, parseList(text, "gammas"));
    }

    /** Parses {@code --epsilons}: a comma-separated list. */
    public static SmoothingGrid parseEpsilons(String text) {
        return new SmoothingGrid(Form.EPSILON, parseList(text, "epsilons"));
    }

    private static List<BigDecimal> parseList(String text, String what) {
        List<BigDecimal> values = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String s = part.strip();
            try {
                values.add(new BigDecimal(s));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        what
                                + " must be a comma-separated list of numbers"
                                + ("gammas".equals(what) ? " or 'paper'" : "")
                                + ", got '"
                                + s
                                + "' in '"
                                + text
                                + "'");
            }
        }
        return values;
    }

    /**
     * The smoothing values of this grid for a data set with {@code k} classes.
     *
     * @param k K of the data set
     * @param dataset its name, for the message
     * @return one smoothing per value, in the grid's order
     * @throws IllegalArgumentException naming the first value outside (1/K, 1] for this K
     */
    public List<Smoothing> smoothingsFor(int k, String dataset) {
        List<Smoothing> out = new ArrayList<>();
        if (form == Form.PAPER) {
            for (int tenths = 10; tenths >= 1; tenths--) {
                if (tenths * k > 10) {
                    out.add(Smoothing.ofGamma(BigDecimal.valueOf(tenths, 1), k));
                }
            }
            return out;
        }
        Smoothing.Form as = form == Form.GAMMA ? Smoothing.Form.GAMMA : Smoothing.Form.EPSILON;
        for (BigDecimal v : values) {
            try {
                out.add(Smoothing.of(as, v, k));
            } catch (IllegalArgumentException e) {
                // Only a gamma can fall outside: every epsilon in [0, 1) maps into (1/K, 1].
                throw new IllegalArgumentException(
                        "gamma must be in (1/K, 1] = ("
                                + Checks.format(1.0 / k)
                                + ", 1] for K="
                                + k
                                + " (data set "
                                + dataset
                                + "), got "
                                + v,
                        e);
            }
        }
        return out;
    }

    /** Equal when the form and the values are equal as numbers ({@code 1} equals {@code 1.0}). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SmoothingGrid g) || g.form != form || g.values.size() != values.size()) {
            return false;
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).compareTo(g.values.get(i)) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return form.hashCode() * 31
                + values.stream().map(BigDecimal::stripTrailingZeros).toList().hashCode();
    }

    @Override
    public String toString() {
        return switch (form) {
            case PAPER -> "gammas paper";
            case GAMMA -> "gammas " + join(values);
            case EPSILON -> "epsilons " + join(values);
        };
    }

    private static String join(List<BigDecimal> values) {
        return String.join(",", values.stream().map(BigDecimal::toString).toList());
    }
}
