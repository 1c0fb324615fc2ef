package dev.labelsmooth.experiment.sweep;

import java.math.BigDecimal;
import java.util.List;

/**
 * Checks that grid values written as decimals survive training, which sees them as doubles: a value
 * must be finite as a double, a non-zero value must not round to 0, and two values of one list must
 * differ as doubles (else two cells would train the same loss and count as two seeds).
 */
final class DecimalValues {

    private DecimalValues() {}

    /**
     * @param values the values as written
     * @param name what they are, for the message, e.g. {@code 'penalties'}
     * @throws IllegalArgumentException naming the first value that fails
     */
    static void requireDistinctDoubles(List<BigDecimal> values, String name) {
        for (int i = 0; i < values.size(); i++) {
            BigDecimal v = values.get(i);
            double d = v.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(
                        name
                                + " must hold values a double can hold (at most "
                                + Double.MAX_VALUE
                                + "), got "
                                + v);
            }
            if (d == 0 && v.signum() != 0) {
                throw new IllegalArgumentException(
                        name
                                + " must hold 0 or values a double tells apart from 0 (at least "
                                + Double.MIN_VALUE
                                + "), got "
                                + v);
            }
            for (int j = 0; j < i; j++) {
                if (values.get(j).doubleValue() == d) {
                    throw new IllegalArgumentException(
                            name
                                    + " must hold values that differ as doubles (a repeated cell"
                                    + " would count as another seed), got "
                                    + values.get(j)
                                    + " and "
                                    + v
                                    + ", both "
                                    + d);
                }
            }
        }
    }
}
