package dev.labelsmooth.core.metrics;

import static dev.labelsmooth.core.Checks.require;

/**
 * Temperature scaling (Guo et al., "On Calibration of Modern Neural Networks", 2017): one scalar T
 * divides the logits before the softmax, fitted on held-out data to minimise the negative
 * log-likelihood. It changes no prediction (the arg max is kept), only the confidence, and is the
 * standard baseline a calibration method must beat.
 *
 * <p>The NLL is convex in 1/T, hence unimodal in log T; {@link #fit} searches log T over [ln 0.05,
 * ln 20] by golden section to a relative precision far below anything that shows in the metrics.
 *
 * @param temperature T (> 0); 1 leaves the probabilities unchanged
 */
public record TemperatureScaling(double temperature) {

    /** The smallest temperature searched. */
    public static final double MIN_TEMPERATURE = 0.05;

    /** The largest temperature searched. */
    public static final double MAX_TEMPERATURE = 20;

    /** Checks the temperature. */
    public TemperatureScaling {
        require(
                temperature > 0 && Double.isFinite(temperature),
                "temperature",
                "finite and > 0",
                temperature);
    }

    /**
     * The temperature minimising the mean NLL of {@code labels} under {@code softmax(logits / T)}.
     *
     * @param logits row-major (n, K) logits
     * @param labels n true classes
     * @param k K
     */
    public static TemperatureScaling fit(float[] logits, long[] labels, int k) {
        require(labels.length >= 1, "examples to fit a temperature on", ">= 1", labels.length);
        require(
                logits.length == labels.length * k,
                "logits",
                "n * K = " + labels.length * k + " values",
                logits.length);
        double lo = Math.log(MIN_TEMPERATURE);
        double hi = Math.log(MAX_TEMPERATURE);
        double ratio = (Math.sqrt(5) - 1) / 2;
        double a = hi - ratio * (hi - lo);
        double b = lo + ratio * (hi - lo);
        double fa = nll(logits, labels, k, Math.exp(a));
        double fb = nll(logits, labels, k, Math.exp(b));
        for (int i = 0; i < 80; i++) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - ratio * (hi - lo);
                fa = nll(logits, labels, k, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + ratio * (hi - lo);
                fb = nll(logits, labels, k, Math.exp(b));
            }
        }
        return new TemperatureScaling(Math.exp((lo + hi) / 2));
    }

    /** The mean NLL (natural log) of {@code labels} under {@code softmax(logits / t)}. */
    public static double nll(float[] logits, long[] labels, int k, double t) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            int offset = i * k;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logits[offset + j] / t);
            }
            double logSum = 0;
            for (int j = 0; j < k; j++) {
                logSum += Math.exp(logits[offset + j] / t - max);
            }
            sum += max + Math.log(logSum) - logits[offset + (int) labels[i]] / t;
        }
        return sum / labels.length;
    }

    /** Row-major (n, K) probabilities {@code softmax(logits / T)}. */
    public float[] probabilities(float[] logits, int k) {
        require(logits.length % k == 0, "logits", "a multiple of K = " + k, logits.length);
        float[] out = new float[logits.length];
        for (int offset = 0; offset < logits.length; offset += k) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logits[offset + j] / temperature);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(logits[offset + j] / temperature - max);
            }
            for (int j = 0; j < k; j++) {
                out[offset + j] = (float) (Math.exp(logits[offset + j] / temperature - max) / sum);
            }
        }
        return out;
    }

    /** Accuracy, NLL, ECE, Brier score and confidence gap of {@code logits} after scaling. */
    public ClassificationMetrics metrics(float[] logits, long[] labels, int k) {
        ClassificationMetrics m = new ClassificationMetrics();
        m.add(probabilities(logits, k), labels, k);
        return m;
    }
}
