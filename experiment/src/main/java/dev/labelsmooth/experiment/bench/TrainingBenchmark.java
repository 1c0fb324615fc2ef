package dev.labelsmooth.experiment.bench;

import static dev.labelsmooth.core.Checks.requireSetting;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.optimizer.Optimizer;
import dev.labelsmooth.core.loss.LabelSmoothingLoss;
import dev.labelsmooth.core.loss.Smoothing;
import dev.labelsmooth.core.training.TrainingRecipe;
import dev.labelsmooth.core.training.TrainingStep;
import dev.labelsmooth.datasets.ImageClassificationDataset;
import dev.labelsmooth.datasets.augment.AugmentSpec;
import dev.labelsmooth.datasets.images.LabeledImages;
import dev.labelsmooth.models.ModelName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Times full training steps of a model exactly as a sweep runs them: batches built from uint8
 * images (mean subtraction, shift-and-flip augmentation), forward, the smoothed loss, backward and
 * Adam with the kernel L2 term. Images are random pixels; the first {@code warmup} steps are not
 * timed.
 *
 * @param model the model
 * @param input one image's shape
 * @param numClasses K
 * @param batch batch size
 * @param warmup untimed steps
 * @param steps timed steps
 * @param augment whether batches are augmented
 */
public record TrainingBenchmark(
        ModelName model,
        Shape input,
        int numClasses,
        int batch,
        int warmup,
        int steps,
        boolean augment) {

    /** Checks the sizes, naming the setting of a bad one. */
    public TrainingBenchmark {
        requireSetting(batch >= 1, "batch", ">= 1", batch);
        requireSetting(steps >= 1, "steps", ">= 1", steps);
        requireSetting(warmup >= 0, "warmup", ">= 0", warmup);
        requireSetting(numClasses >= 2, "classes", ">= 2", numClasses);
    }

    /**
     * Images per second of each timed step, and the process's peak resident memory.
     *
     * @param imagesPerSecond one value per timed step
     * @param peakRssMb peak resident set size of this process (Linux VmHWM), -1 where unknown
     */
    public record Measurement(double[] imagesPerSecond, double peakRssMb) {
        /** The median images per second over the timed steps. */
        public double median() {
            double[] sorted = imagesPerSecond.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        public double min() {
            return Arrays.stream(imagesPerSecond).min().orElse(Double.NaN);
        }

        public double max() {
            return Arrays.stream(imagesPerSecond).max().orElse(Double.NaN);
        }
    }

    /**
     * Runs the warm-up and the timed steps.
     *
     * @param device where to train
     * @return the timings and peak memory
     */
    public Measurement run(Device device) throws IOException {
        int total = warmup + steps;
        int c = (int) input.get(0);
        int h = (int) input.get(1);
        int w = (int) input.get(2);
        byte[] pixels = new byte[batch * total * c * h * w];
        new Random(1).nextBytes(pixels);
        int[] labels = IntStream.range(0, batch * total).map(i -> i % numClasses).toArray();
        List<String> names = IntStream.range(0, numClasses).mapToObj(Integer::toString).toList();
        LabeledImages images = new LabeledImages(pixels, labels, c, h, w, names);
        ImageClassificationDataset data =
                ImageClassificationDataset.builder()
                        .setImages(images)
                        .setSampling(batch, true)
                        .optMean(images.meanImage())
                        .optAugmentation(augment ? AugmentSpec.PAPER : null)
                        .optSeed(1)
                        .build();
        Engine.getInstance().setRandomSeed(1);
        TrainingRecipe recipe = TrainingRecipe.paper();
        Block block = model.build(numClasses, new Shape(c, h, w), recipe.bnMomentum());
        LabelSmoothingLoss loss = recipe.loss(Smoothing.ofGamma(0.9, numClasses));
        // One "epoch" as long as the benchmark: the schedule stays at its base rate.
        Optimizer adam = recipe.optimizer(block, 1, total);
        List<Double> rates = new ArrayList<>();
        try (Model m = Model.newInstance("bench", device)) {
            m.setBlock(block);
            try (Trainer trainer =
                    m.newTrainer(
                            new DefaultTrainingConfig(loss)
                                    .optOptimizer(adam)
                                    .optDevices(new Device[] {device}))) {
                trainer.initialize(new Shape(1, c, h, w));
                Iterator<Batch> batches = data.getData(trainer.getManager(), 0).iterator();
                for (int i = 0; i < total; i++) {
                    long start = System.nanoTime();
                    try (Batch b = batches.next()) {
                        TrainingStep.run(trainer, b);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (i >= warmup) {
                        rates.add(batch / seconds);
                    }
                }
            }
        }
        return new Measurement(
                rates.stream().mapToDouble(Double::doubleValue).toArray(), peakRssMb());
    }

    /** VmHWM from /proc/self/status in MiB, or -1 off Linux. */
    static double peakRssMb() {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
