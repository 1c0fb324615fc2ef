package dev.labelsmooth.core.sweep;

import dev.labelsmooth.core.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The smoothing values a sweep tries, as gammas, as Szegedy et al.'s epsilons, or the paper's grid
 * (the multiples of 0.1 from 1.0 down that are strictly above 1/K, per data set).
 *
 * @param form how {@code values} are meant
 * @param values gammas or epsilons in the order given (empty for {@code PAPER})
 */
public record SmoothingGrid(Form form, List<Double> values) {

    /** How the values are given. */
    public enum Form {
        GAMMA,
        EPSILON,
        PAPER
    }

    public SmoothingGrid {
        values = List.copyOf(values);
        if (form != Form.PAPER && values.isEmpty()) {
            throw new IllegalArgumentException(
                    Checks.mustBe(
                            form.name().toLowerCase(Locale.ROOT) + " list", "non-empty", "[]"));
        }
        for (double v : values) {
            if (form == Form.GAMMA) {
                Checks.require(v > 0 && v <= 1, "gamma", "in (1/K, 1]", v);
            } else if (form == Form.EPSILON) {
                Checks.require(v >= 0 && v < 1, "epsilon", "in [0, 1)", v);
            }
        }
    }

    public static SmoothingGrid paper() {
        return new SmoothingGrid(Form.PAPER, List.of());
    }

    public static SmoothingGrid gammas(List<Double> gammas) {
        return new SmoothingGrid(Form.GAMMA, gammas);
    }

    public static SmoothingGrid epsilons(List<Double> epsilons) {
        return new SmoothingGrid(Form.EPSILON, epsilons);
    }

    /** Parses {@code --gammas}: {@code paper} or a comma-separated list. */
    public static SmoothingGrid parseGammas(String text) {
        if (text.strip().equalsIgnoreCase("paper")) {
            return paper();
        }
        return gammas(parseList(text, "gammas"));
    }

    /** Parses {@code --epsilons}: a comma-separated list. */
    public static SmoothingGrid parseEpsilons(String text) {
        return epsilons(parseList(text, "epsilons"));
    }

    private static List<Double> parseList(String text, String what) {
        List<Double> values = new ArrayList<>();
        for (String part : text.split(",")) {
            String s = part.strip();
            try {
                values.add(Double.parseDouble(s));
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
     * The gammas of this grid for a data set with {@code k} classes, each validated against K.
     *
     * @throws IllegalArgumentException naming the first value outside (1/K, 1] for this K
     */
    public List<Double> gammasFor(int k, String dataset) {
        List<Double> gammas = new ArrayList<>();
        switch (form) {
            case PAPER -> {
                for (int tenths = 10; tenths >= 1; tenths--) {
                    if (tenths * k > 10) {
                        gammas.add(tenths / 10.0);
                    }
                }
            }
            case GAMMA -> gammas.addAll(values);
            case EPSILON -> values.forEach(eps -> gammas.add(1 - eps * (k - 1) / k));
        }
        for (int i = 0; i < gammas.size(); i++) {
            double g = gammas.get(i);
            if (!(g > 1.0 / k && g <= 1)) {
                throw new IllegalArgumentException(
                        "gamma must be in (1/K, 1] = ("
                                + Checks.format(1.0 / k)
                                + ", 1] for K="
                                + k
                                + " (data set "
                                + dataset
                                + "), got "
                                + Checks.format(form == Form.EPSILON ? values.get(i) : g)
                                + (form == Form.EPSILON ? " as epsilon" : ""));
            }
        }
        return gammas;
    }

    @Override
    public String toString() {
        return switch (form) {
            case PAPER -> "gammas paper";
            case GAMMA -> "gammas " + join(values);
            case EPSILON -> "epsilons " + join(values);
        };
    }

    private static String join(List<Double> values) {
        return String.join(",", values.stream().map(Checks::format).toList());
    }
}
