package dev.labelsmooth.experiment.sweep;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The sweep's two axes besides the smoothing grid: the confidence penalty's β ({@code --penalties})
 * and DisturbLabel's α ({@code --disturb}). Values are decimals, checked for range and repeats, and
 * normalised so that {@code 0.50} and {@code 0.5} are one value.
 */
public final class LossAxes {

    private LossAxes() {}

    /** Parses {@code --penalties}: a comma-separated list of β &gt;= 0. */
    public static List<BigDecimal> parsePenalties(String text) {
        return penalties(parse(text, "'penalties'"));
    }

    /** Parses {@code --disturb}: a comma-separated list of α in [0, 1). */
    public static List<BigDecimal> parseDisturb(String text) {
        return disturb(parse(text, "'disturb'"));
    }

    /**
     * Checks and normalises β values.
     *
     * @throws IllegalArgumentException naming a negative or repeated value
     */
    public static List<BigDecimal> penalties(List<BigDecimal> values) {
        for (BigDecimal v : values) {
            if (v.signum() < 0) {
                throw new IllegalArgumentException(
                        "'penalties' must hold values >= 0 (beta of the confidence penalty), got "
                                + v.toPlainString());
            }
        }
        return normalise(values, "'penalties'");
    }

    /**
     * Checks and normalises α values.
     *
     * @throws IllegalArgumentException naming a value outside [0, 1) or a repeated one
     */
    public static List<BigDecimal> disturb(List<BigDecimal> values) {
        for (BigDecimal v : values) {
            if (v.signum() < 0 || v.compareTo(BigDecimal.ONE) >= 0 || v.doubleValue() >= 1) {
                throw new IllegalArgumentException(
                        "'disturb' must hold values in [0, 1) (DisturbLabel's alpha), got "
                                + v.toPlainString());
            }
        }
        return normalise(values, "'disturb'");
    }

    private static List<BigDecimal> normalise(List<BigDecimal> values, String option) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException(option + " must hold at least one value, got none");
        }
        List<BigDecimal> out = new ArrayList<>();
        for (BigDecimal v : values) {
            BigDecimal n = v.stripTrailingZeros();
            BigDecimal value = n.scale() < 0 ? n.setScale(0) : n;
            if (out.contains(value)) {
                throw new IllegalArgumentException(
                        option
                                + " must not repeat a value (a repeated cell would count as another"
                                + " seed), got "
                                + value.toPlainString()
                                + " twice in "
                                + values.stream().map(BigDecimal::toPlainString).toList());
            }
            out.add(value);
        }
        DecimalValues.requireDistinctDoubles(values, option);
        return List.copyOf(out);
    }

    private static List<BigDecimal> parse(String text, String option) {
        List<BigDecimal> values = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            try {
                values.add(new BigDecimal(part.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        option
                                + " must be a comma-separated list of numbers, got '"
                                + part.strip()
                                + "' in '"
                                + text
                                + "'");
            }
        }
        return values;
    }
}
