package dev.labelsmooth.experiment.store;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * How numbers are written to the run directory's CSV files: unrounded, as Java prints a double (the
 * shortest text that reads back as the same value), lower-case exponent, and an empty field for NaN
 * (an unfinished metric).
 */
public final class Numbers {

    private Numbers() {}

    /** A double as a CSV field. */
    public static String csv(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        return Double.toString(value).toLowerCase(Locale.ROOT);
    }

    /** A decimal as a CSV field, exactly as held. */
    public static String csv(BigDecimal value) {
        return value == null ? "" : value.toString().toLowerCase(Locale.ROOT);
    }
}
