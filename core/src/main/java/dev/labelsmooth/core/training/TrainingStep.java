package dev.labelsmooth.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;

/**
 * One optimizer update on one batch on the trainer's device: forward, backward, then the optimizer
 * step, unless the loss is not finite. Shared by {@link TrainingLoop} and the throughput benchmark,
 * so the benchmark times exactly what a sweep runs.
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

    /**
     * Trains on {@code batch}; the caller closes it.
     *
     * @throws IllegalArgumentException when the trainer has several devices (data-parallel training
     *     is not supported: run one trainer per device)
     */
    public static Result run(Trainer trainer, Batch batch) {
        if (trainer.getDevices().length != 1) {
            throw new IllegalArgumentException(
                    "a trainer must have one device, got "
                            + java.util.Arrays.toString(trainer.getDevices())
                            + " (run one trainer per GPU)");
        }
        double lossSum;
        long correct;
        long count;
        // On the trainer's device (a no-op when the batch is already there).
        Batch onDevice = batch.split(trainer.getDevices(), false)[0];
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDList labels = onDevice.getLabels();
            NDList predictions = trainer.forward(onDevice.getData(), labels);
            NDArray value = trainer.getLoss().evaluate(labels, predictions);
            collector.backward(value);
            count = labels.head().getShape().get(0);
            lossSum = value.getFloat() * count;
            correct =
                    predictions
                            .head()
                            .argMax(1)
                            .eq(labels.head().toType(DataType.INT64, false).reshape(-1))
                            .sum()
                            .getLong();
        }
        if (Double.isFinite(lossSum)) {
            trainer.step();
        }
        return new Result(lossSum, correct, count);
    }
}
