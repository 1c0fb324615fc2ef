package dev.labelsmooth.core;

import java.util.Locale;

/**
 * Argument checks shared by every module. Messages follow one shape, {@code <what> must be
 * <expected>, got <value>}, so a user always sees the bad value next to the accepted range.
 */
public final class Checks {

    private Checks() {}

    /**
     * Throws {@link IllegalArgumentException} with {@code "<what> must be <expected>, got
     * <actual>"} unless {@code condition} holds.
     */
    public static void require(boolean condition, String what, String expected, Object actual) {
        if (!condition) {
            throw new IllegalArgumentException(mustBe(what, expected, actual));
        }
    }

    /**
     * Throws {@link InvalidSettingException} with {@code "'<setting>' must be <expected>, got
     * <actual>"} unless {@code condition} holds.
     */
    public static void requireSetting(
            boolean condition, String setting, String expected, Object actual) {
        if (!condition) {
            throw new InvalidSettingException(setting, expected, actual);
        }
    }

    /** Formats {@code "<what> must be <expected>, got <actual>"}. */
    public static String mustBe(String what, String expected, Object actual) {
        return what + " must be " + expected + ", got " + format(actual);
    }

    /** Formats a number without float noise: 0.1 rather than 0.10000000149011612. */
    public static String format(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return Double.toString(d);
            }
            String s = String.format(Locale.ROOT, "%.6g", d);
            if (s.contains("e")) {
                return s;
            }
            s = s.contains(".") ? s.replaceAll("0+$", "") : s;
            return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        }
        return String.valueOf(value);
    }
}
