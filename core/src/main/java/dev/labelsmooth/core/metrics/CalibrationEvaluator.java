package dev.labelsmooth.core.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.evaluator.Evaluator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Expected calibration error or negative log-likelihood as a DJL {@link Evaluator}, so a program
 * training with DJL's {@code EasyTrain} gets them per epoch beside its accuracy ({@code
 * config.addEvaluator(CalibrationEvaluator.ece())}). Predictions are logits (B x K); labels are
 * class indices. The accumulated value is exact over the epoch: ECE pools the bins of every batch
 * (Guo et al. 2017, 15 equal-width bins), NLL averages over every example.
 */
public final class CalibrationEvaluator extends Evaluator {

    private final ToDoubleFunction<ClassificationMetrics> metric;
    private final Map<String, ClassificationMetrics> accumulators = new ConcurrentHashMap<>();

    private CalibrationEvaluator(String name, ToDoubleFunction<ClassificationMetrics> metric) {
        super(name);
        this.metric = metric;
    }

    /** Expected calibration error with 15 bins, named {@code ECE}. */
    public static CalibrationEvaluator ece() {
        return new CalibrationEvaluator("ECE", ClassificationMetrics::ece);
    }

    /** Mean negative log-likelihood of the true class (natural log), named {@code NLL}. */
    public static CalibrationEvaluator nll() {
        return new CalibrationEvaluator("NLL", ClassificationMetrics::nll);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        ClassificationMetrics batch = new ClassificationMetrics();
        add(batch, labels, predictions);
        return predictions.head().getManager().create((float) metric.applyAsDouble(batch));
    }

    @Override
    public void addAccumulator(String key) {
        accumulators.put(key, new ClassificationMetrics());
    }

    @Override
    public void updateAccumulator(String key, NDList labels, NDList predictions) {
        ClassificationMetrics m =
                accumulators.computeIfAbsent(key, k -> new ClassificationMetrics());
        synchronized (m) {
            add(m, labels, predictions);
        }
    }

    @Override
    public void resetAccumulator(String key) {
        accumulators.put(key, new ClassificationMetrics());
    }

    @Override
    public float getAccumulator(String key) {
        ClassificationMetrics m = accumulators.get(key);
        if (m == null) {
            throw new IllegalArgumentException(
                    getName() + " has no accumulator '" + key + "' (add it first)");
        }
        return m.count() == 0 ? Float.NaN : (float) metric.applyAsDouble(m);
    }

    private static void add(ClassificationMetrics m, NDList labels, NDList predictions) {
        NDArray logits = predictions.head();
        int k = Math.toIntExact(logits.getShape().get(logits.getShape().dimension() - 1));
        float[] probabilities = logits.softmax(-1).toType(DataType.FLOAT32, false).toFloatArray();
        long[] classes = labels.head().toType(DataType.INT64, false).toLongArray();
        m.add(probabilities, classes, k);
    }
}
