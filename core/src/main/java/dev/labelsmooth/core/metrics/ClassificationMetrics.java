package dev.labelsmooth.core.metrics;

import static dev.labelsmooth.core.Checks.require;

import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates accuracy, negative log-likelihood and expected calibration error (Guo et al., "On
 * Calibration of Modern Neural Networks", 2017) over batches of predicted probabilities.
 *
 * <p>ECE uses equal-width confidence bins over (0, 1] (15 by default, as Guo et al.): a prediction
 * with confidence c (its top probability) falls in bin {@code ceil(c * M) - 1}, and {@code ECE =
 * Σ_m |B_m| / n * |acc(B_m) - conf(B_m)|}.
 */
public final class ClassificationMetrics {

    /** Guo et al.'s number of bins. */
    public static final int DEFAULT_BINS = 15;

    /** Probabilities below this are clamped when taking the log for NLL. */
    private static final double MIN_PROBABILITY = 1e-12;

    private final int bins;
    private final long[] binCount;
    private final double[] binConfidence;
    private final long[] binCorrect;
    private long count;
    private long correct;
    private double nllSum;
    private double brierSum;
    private double confidenceSum;

    public ClassificationMetrics() {
        this(DEFAULT_BINS);
    }

    /**
     * @param bins the number of equal-width confidence bins of the ECE
     */
    public ClassificationMetrics(int bins) {
        require(bins >= 1, "number of ECE bins", ">= 1", bins);
        this.bins = bins;
        binCount = new long[bins];
        binConfidence = new double[bins];
        binCorrect = new long[bins];
    }

    /**
     * Adds a batch.
     *
     * @param probabilities row-major (n, K) probabilities, each row summing to 1
     * @param labels n true classes
     * @param k K
     */
    public void add(float[] probabilities, long[] labels, int k) {
        require(
                probabilities.length == labels.length * k,
                "probabilities",
                "n * K = " + labels.length * k + " values",
                probabilities.length);
        for (int i = 0; i < labels.length; i++) {
            int offset = i * k;
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (probabilities[offset + j] > probabilities[offset + best]) {
                    best = j;
                }
            }
            double confidence = probabilities[offset + best];
            boolean hit = best == labels[i];
            nllSum -= Math.log(Math.max(MIN_PROBABILITY, probabilities[offset + (int) labels[i]]));
            for (int j = 0; j < k; j++) {
                double target = j == labels[i] ? 1 : 0;
                double diff = probabilities[offset + j] - target;
                brierSum += diff * diff;
            }
            confidenceSum += confidence;
            int bin = Math.min(bins - 1, Math.max(0, (int) Math.ceil(confidence * bins) - 1));
            binCount[bin]++;
            binConfidence[bin] += confidence;
            count++;
            if (hit) {
                correct++;
                binCorrect[bin]++;
            }
        }
    }

    public long count() {
        return count;
    }

    /** Accuracy in percent (0-100). */
    public double accuracyPercent() {
        return count == 0 ? Double.NaN : 100.0 * correct / count;
    }

    /** Mean negative log-likelihood of the true class. */
    public double nll() {
        return count == 0 ? Double.NaN : nllSum / count;
    }

    /**
     * The Brier score: the mean over examples of the squared distance between the predicted
     * probabilities and the one-hot label, summed over the K classes (0 is perfect, 2 the worst).
     */
    public double brier() {
        return count == 0 ? Double.NaN : brierSum / count;
    }

    /**
     * Mean confidence (top probability) minus accuracy, both as fractions: positive when the model
     * is over-confident, negative when under-confident.
     */
    public double confidenceGap() {
        return count == 0 ? Double.NaN : (confidenceSum - correct) / count;
    }

    /** Expected calibration error in [0, 1]. */
    public double ece() {
        if (count == 0) {
            return Double.NaN;
        }
        double ece = 0;
        for (int m = 0; m < bins; m++) {
            if (binCount[m] > 0) {
                double accuracy = (double) binCorrect[m] / binCount[m];
                double confidence = binConfidence[m] / binCount[m];
                ece += (double) binCount[m] / count * Math.abs(accuracy - confidence);
            }
        }
        return ece;
    }

    /** The reliability diagram: per bin its bounds, size, mean confidence and accuracy. */
    public List<ReliabilityBin> reliability() {
        List<ReliabilityBin> out = new ArrayList<>();
        for (int m = 0; m < bins; m++) {
            long n = binCount[m];
            out.add(
                    new ReliabilityBin(
                            (double) m / bins,
                            (double) (m + 1) / bins,
                            n,
                            n == 0 ? Double.NaN : binConfidence[m] / n,
                            n == 0 ? Double.NaN : (double) binCorrect[m] / n));
        }
        return out;
    }

    /**
     * One confidence bin.
     *
     * @param lower the bin's lower bound (exclusive)
     * @param upper its upper bound (inclusive)
     * @param count predictions in it
     * @param confidence their mean top probability
     * @param accuracy the fraction of them that were right
     */
    public record ReliabilityBin(
            double lower, double upper, long count, double confidence, double accuracy) {}
}
