package dev.labelsmooth.core.metrics;

import static dev.labelsmooth.core.Checks.require;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Selective classification with the top softmax probability as the confidence (Geifman and
 * El-Yaniv, 2017): the area under the risk-coverage curve (AURC). Sort the examples by confidence,
 * most confident first; at coverage i/n the risk is the error rate among the first i; AURC is the
 * mean of those n risks. Lower is better; it rewards confidences that rank errors last, whatever
 * their calibration.
 */
public final class SelectiveRisk {

    private SelectiveRisk() {}

    /**
     * The AURC of row-major (n, K) probabilities against {@code labels}; ties in confidence are
     * taken in example order.
     */
    public static double aurc(float[] probabilities, long[] labels, int k) {
        int n = labels.length;
        require(n >= 1, "examples", ">= 1", n);
        require(
                probabilities.length == n * k,
                "probabilities",
                "n * K = " + n * k + " values",
                probabilities.length);
        double[] confidence = new double[n];
        boolean[] correct = new boolean[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (probabilities[i * k + j] > probabilities[i * k + best]) {
                    best = j;
                }
            }
            confidence[i] = probabilities[i * k + best];
            correct[i] = best == labels[i];
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -confidence[i]));
        double area = 0;
        long errors = 0;
        for (int i = 0; i < n; i++) {
            if (!correct[order[i]]) {
                errors++;
            }
            area += (double) errors / (i + 1);
        }
        return area / n;
    }
}
