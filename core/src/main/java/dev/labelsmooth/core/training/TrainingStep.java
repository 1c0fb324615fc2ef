package dev.labelsmooth.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;

/**
 * One optimizer update on one batch: forward and backward on each device's share, then the
 * optimizer step, unless the loss is not finite. Shared by {@link TrainingLoop} and the throughput
 * benchmark, so the benchmark times exactly what a sweep runs.
 */
public final class TrainingStep {

    private TrainingStep() {}

    /**
     * What a step saw.
     *
     * @param lossSum the loss summed over the batch's samples (NaN or infinite: no update was made)
     * @param correct samples whose top logit was the label
     * @param count samples
     */
    public record Result(double lossSum, long correct, long count) {}

    /** Trains on {@code batch}; the caller closes it. */
    public static Result run(Trainer trainer, Batch batch) {
        double lossSum = 0;
        long correct = 0;
        long count = 0;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            for (Batch split : batch.split(trainer.getDevices(), false)) {
                NDList data = split.getData();
                NDList labels = split.getLabels();
                NDList predictions = trainer.forward(data, labels);
                NDArray value = trainer.getLoss().evaluate(labels, predictions);
                collector.backward(value);
                long n = labels.head().getShape().get(0);
                lossSum += value.getFloat() * n;
                correct +=
                        predictions
                                .head()
                                .argMax(1)
                                .eq(labels.head().toType(DataType.INT64, false).reshape(-1))
                                .sum()
                                .getLong();
                count += n;
            }
        }
        if (Double.isFinite(lossSum)) {
            trainer.step();
        }
        return new Result(lossSum, correct, count);
    }
}
