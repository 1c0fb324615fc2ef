package dev.labelsmooth.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.translate.Batchifier;
import dev.labelsmooth.core.loss.LabelSmoothingLoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class TrainingLoopTest {

    @TempDir Path dir;

    /**
     * Two separable Gaussian blobs in 4-d, 64 points, batches of 16 in a seeded order per epoch.
     */
    private static final class Blobs implements TrainingLoop.EpochData {
        private final float[] x = new float[64 * 4];
        private final long[] y = new long[64];

        Blobs(long seed) {
            Random r = new Random(seed);
            for (int i = 0; i < 64; i++) {
                y[i] = i % 2;
                for (int j = 0; j < 4; j++) {
                    x[i * 4 + j] = (float) (r.nextGaussian() * 0.5 + (y[i] == 0 ? -1 : 1));
                }
            }
        }

        @Override
        public Iterable<Batch> batches(NDManager manager, int epoch) {
            List<Batch> batches = new ArrayList<>();
            for (int b = 0; b < 4; b++) {
                NDManager sub = manager.newSubManager();
                float[] bx = new float[16 * 4];
                long[] by = new long[16];
                System.arraycopy(x, b * 64, bx, 0, 64);
                System.arraycopy(y, b * 16, by, 0, 16);
                NDArray data = sub.create(bx, new Shape(16, 4));
                batches.add(
                        new Batch(
                                sub,
                                new NDList(data),
                                new NDList(sub.create(by)),
                                16,
                                Batchifier.STACK,
                                Batchifier.STACK,
                                b,
                                4));
            }
            return batches;
        }

        @Override
        public int size() {
            return 64;
        }
    }

    private static TrainingLoop.Builder loop(
            Loss loss, int epochs, List<TrainingLoop.EpochMetrics> seen) {
        SequentialBlock block =
                new SequentialBlock()
                        .add(Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(2).build());
        Blobs data = new Blobs(5);
        return TrainingLoop.builder()
                .setBlock(block)
                .setLoss(loss)
                .setRecipe(
                        TrainingRecipe.paper().toBuilder().optLearningRate(0.05).optL2(0).build())
                .setData(data, data)
                .setInputShape(new Shape(1, 4))
                .setEpochs(epochs)
                .setBatchSize(16)
                .setInitSeed(3)
                .optObserver(seen::add);
    }

    @Test
    void learnsSeparableDataAndKeepsTheBestEpoch() throws IOException {
        List<TrainingLoop.EpochMetrics> seen = new ArrayList<>();
        TrainingLoop.Outcome outcome = loop(LabelSmoothingLoss.ofGamma(0.9), 5, seen).build().run();
        assertThat(outcome.status()).isEqualTo(TrainingLoop.Outcome.Status.DONE);
        assertThat(seen).hasSize(5);
        assertThat(outcome.bestValAcc()).isGreaterThan(90);
        assertThat(outcome.bestValAcc())
                .isEqualTo(
                        seen.stream()
                                .mapToDouble(m -> m.validation().accuracyPercent())
                                .max()
                                .orElseThrow());
        assertThat(seen.get(4).trainLoss()).isLessThan(seen.get(0).trainLoss());
        assertThat(seen.get(0).learningRate()).isEqualTo(0.05);
        // Epoch index 4 of 5 is past 0.4E and 0.6E but not 0.8E: times 0.01.
        assertThat(seen.get(4).learningRate())
                .isCloseTo(5e-4, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void resumesAfterTheLastCheckpointedEpoch() throws IOException {
        Path checkpoint = dir.resolve("cell");
        List<TrainingLoop.EpochMetrics> first = new ArrayList<>();
        TrainingLoop.Outcome partial =
                loop(LabelSmoothingLoss.ofGamma(1), 2, first)
                        .optCheckpointDir(checkpoint)
                        .build()
                        .run();
        assertThat(partial.epochs()).isEqualTo(2);
        assertThat(Files.exists(checkpoint.resolve("parameters.bin"))).isTrue();

        List<TrainingLoop.EpochMetrics> second = new ArrayList<>();
        TrainingLoop.Outcome resumed =
                loop(LabelSmoothingLoss.ofGamma(1), 4, second)
                        .optCheckpointDir(checkpoint)
                        .build()
                        .run();
        assertThat(resumed.resumedFrom()).isEqualTo(2);
        assertThat(second).extracting(TrainingLoop.EpochMetrics::epoch).containsExactly(3, 4);
        // The resumed model starts where the first left off, not from scratch.
        assertThat(second.get(0).validation().accuracyPercent())
                .isGreaterThanOrEqualTo(first.get(0).validation().accuracyPercent());
        assertThat(resumed.epochs()).isEqualTo(4);
        assertThat(resumed.seconds()).isGreaterThan(partial.seconds());
    }

    @Test
    void nonFiniteLossEndsTheRunAsDiverged() throws IOException {
        Loss nan =
                new Loss("nan") {
                    @Override
                    public NDArray evaluate(NDList labels, NDList predictions) {
                        return predictions.head().sum().mul(Float.NaN);
                    }
                };
        TrainingLoop.Outcome outcome = loop(nan, 3, new ArrayList<>()).build().run();
        assertThat(outcome.status()).isEqualTo(TrainingLoop.Outcome.Status.DIVERGED);
        assertThat(outcome.epochs()).isZero();
    }
}
