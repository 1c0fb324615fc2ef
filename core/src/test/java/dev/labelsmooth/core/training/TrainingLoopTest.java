package dev.labelsmooth.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
        assertThat(checkpoint.resolve("parameters-2.bin")).exists();
        assertThat(checkpoint.resolve("optimizer-2.bin")).exists();
        assertThat(checkpoint.resolve("parameters-1.bin")).doesNotExist();

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
    void theScheduleFollowsTheLoopsStepsAcrossAResume() throws IOException {
        // Stopped after epoch 2 of 5 and resumed: every epoch's rate is the one the optimizer was
        // given, and equals the closed form for its epoch of the 5-epoch schedule.
        Path checkpoint = dir.resolve("stopped");
        List<TrainingLoop.EpochMetrics> seen = new ArrayList<>();
        TrainingLoop.Outcome stopped =
                loop(LabelSmoothingLoss.ofGamma(1), 5, seen)
                        .optCheckpointDir(checkpoint)
                        .optStopAfter(2)
                        .build()
                        .run();
        assertThat(stopped.status()).isEqualTo(TrainingLoop.Outcome.Status.STOPPED);
        loop(LabelSmoothingLoss.ofGamma(1), 5, seen).optCheckpointDir(checkpoint).build().run();
        assertThat(seen)
                .extracting(TrainingLoop.EpochMetrics::epoch)
                .containsExactly(1, 2, 3, 4, 5);
        for (TrainingLoop.EpochMetrics m : seen) {
            assertThat(m.learningRate())
                    .as("epoch %d", m.epoch())
                    .isEqualTo(KerasLearningRateSchedule.rate(0.05, m.epoch() - 1, 5));
        }
        // 0.4E = 2: epochs 1-3 at the base rate, epoch 4 (index 3 > 2) x0.1, epoch 5 (4 > 3) x0.01.
        assertThat(seen.get(3).learningRate()).isCloseTo(5e-3, within(1e-9));
        assertThat(seen.get(4).learningRate()).isCloseTo(5e-4, within(1e-9));
    }

    @Test
    void checkpointsLeaveNoArraysBehindOverManyEpochs() throws IOException {
        // Every epoch writes a checkpoint; the arrays held by the model's manager must not grow
        // (a host copy kept per checkpoint would add one array per parameter and epoch).
        SequentialBlock block =
                new SequentialBlock()
                        .add(Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(2).build());
        List<Integer> held = new ArrayList<>();
        Runtime rt = Runtime.getRuntime();
        List<Long> heap = new ArrayList<>();
        loop(LabelSmoothingLoss.ofGamma(0.9), 40, new ArrayList<>())
                .setBlock(block)
                .optCheckpointDir(dir.resolve("leak"))
                .optObserver(
                        m -> {
                            NDManager manager =
                                    block.getParameters().valueAt(0).getArray().getManager();
                            held.add(manager.getManagedArrays().size());
                            if (m.epoch() % 10 == 0) {
                                System.gc();
                                heap.add(rt.totalMemory() - rt.freeMemory());
                            }
                        })
                .build()
                .run();
        assertThat(held).hasSize(40);
        assertThat(held.subList(2, 40)).allMatch(n -> n.equals(held.get(2)));
        // The Java heap after epoch 40 within 8 MiB of that after epoch 10.
        assertThat(heap.get(3) - heap.get(0)).isLessThan(8L << 20);
    }

    @Test
    void hostBytesOfAnArrayAreItsBytesAndLeaveNothingAttached() {
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray h =
                    manager.create(new float[] {1, 2})
                            .toType(ai.djl.ndarray.types.DataType.FLOAT16, false);
            int before = manager.getManagedArrays().size();
            assertThat(Checkpoint.hostBytes(a, null)).isEqualTo(a.toByteArray());
            assertThat(Checkpoint.hostBytes(h, ai.djl.ndarray.types.DataType.FLOAT32))
                    .isEqualTo(manager.create(new float[] {1, 2}).toByteArray());
            // the create just above is the only new array
            assertThat(manager.getManagedArrays()).hasSize(before + 1);
        }
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

    /** Stops a run after the checkpoint of {@code epochs} epochs, as a kill would. */
    private static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static TrainingLoop.Observer killAfter(
            int epochs, List<TrainingLoop.EpochMetrics> seen) {
        return m -> {
            if (m.epoch() > epochs) {
                throw new Killed();
            }
            seen.add(m);
        };
    }

    /** Kills a 4-epoch run after epoch 2, resumes it, and compares epochs 3 and 4 bit for bit. */
    private void assertResumeIsExact(java.util.function.Supplier<Loss> loss, String name)
            throws IOException {
        List<TrainingLoop.EpochMetrics> whole = new ArrayList<>();
        loop(loss.get(), 4, whole).build().run();

        Path checkpoint = dir.resolve(name);
        List<TrainingLoop.EpochMetrics> first = new ArrayList<>();
        TrainingLoop.Builder killed = loop(loss.get(), 4, first);
        assertThatThrownBy(
                        () ->
                                killed.optCheckpointDir(checkpoint)
                                        .optObserver(killAfter(2, first))
                                        .build()
                                        .run())
                .isInstanceOf(Killed.class);
        List<TrainingLoop.EpochMetrics> second = new ArrayList<>();
        TrainingLoop.Outcome resumed =
                loop(loss.get(), 4, second).optCheckpointDir(checkpoint).build().run();

        assertThat(resumed.resumedFrom()).isEqualTo(2);
        assertThat(second).extracting(TrainingLoop.EpochMetrics::epoch).containsExactly(3, 4);
        for (int i = 0; i < 2; i++) {
            TrainingLoop.EpochMetrics a = whole.get(2 + i);
            TrainingLoop.EpochMetrics b = second.get(i);
            // Parameters, BatchNorm statistics and Adam's moments all come back bit for bit.
            assertThat(b.trainLoss()).isEqualTo(a.trainLoss());
            assertThat(b.valLoss()).isEqualTo(a.valLoss());
            assertThat(b.validation().nll()).isEqualTo(a.validation().nll());
            assertThat(b.learningRate()).isEqualTo(a.learningRate());
        }
    }

    @Test
    void resumedRunContinuesExactlyAsAnUninterruptedOne() throws IOException {
        assertResumeIsExact(() -> LabelSmoothingLoss.ofGamma(0.9), "cell");
    }

    @Test
    void resumedRunWithDisturbLabelContinuesItsDraws() throws IOException {
        assertResumeIsExact(
                () ->
                        dev.labelsmooth.core.loss.DisturbLabel.builder()
                                .setLoss(LabelSmoothingLoss.ofGamma(0.9))
                                .optAlpha(0.3)
                                .optSeed(9)
                                .build(),
                "disturbed");
    }

    @Test
    void aStopAtAnyStepCheckpointsThatStepAndTheResumedRunEndsAsAnUninterruptedOne()
            throws IOException {
        java.util.function.Supplier<Loss> loss =
                () ->
                        dev.labelsmooth.core.loss.DisturbLabel.builder()
                                .setLoss(LabelSmoothingLoss.ofGamma(0.9))
                                .optAlpha(0.3)
                                .optSeed(9)
                                .build();
        List<TrainingLoop.EpochMetrics> whole = new ArrayList<>();
        TrainingLoop.Outcome uninterrupted =
                loop(loss.get(), 3, whole).setBlock(hidden()).build().run();
        // 4 steps an epoch: stops in the first epoch, at an epoch's first step, mid-epoch and
        // before the last step.
        for (int stopAfter : List.of(1, 4, 6, 11)) {
            Path checkpoint = dir.resolve("stop-" + stopAfter);
            StopRequest stop = new StopRequest();
            int[] steps = {0};
            TrainingLoop.Observer asks =
                    new TrainingLoop.Observer() {
                        @Override
                        public void onBatch(int epoch, int batch, int batches, double loss) {
                            if (++steps[0] == stopAfter) {
                                stop.request("SIGTERM");
                            }
                        }

                        @Override
                        public void onEpoch(TrainingLoop.EpochMetrics m) {}
                    };
            TrainingLoop.Builder first =
                    loop(loss.get(), 3, new ArrayList<>())
                            .setBlock(hidden())
                            .optCheckpointDir(checkpoint)
                            .optObserver(asks)
                            .optStopRequest(stop);
            assertThatThrownBy(() -> first.build().run())
                    .isInstanceOf(TrainingStoppedException.class)
                    .hasMessage(
                            "stopped by SIGTERM at epoch "
                                    + (stopAfter / 4 + 1)
                                    + " step "
                                    + stopAfter % 4);
            String position =
                    stopAfter % 4 == 0
                            ? Integer.toString(stopAfter / 4)
                            : stopAfter / 4 + "-" + stopAfter % 4;
            try (var files = Files.list(checkpoint)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .as("after %d steps", stopAfter)
                        .contains("parameters-" + position + ".bin", "state.json")
                        .allMatch(
                                n ->
                                        n.equals("state.json")
                                                || n.equals(SELECTED)
                                                || n.endsWith("-" + position + ".bin"));
            }

            List<TrainingLoop.EpochMetrics> rest = new ArrayList<>();
            TrainingLoop.Outcome resumed =
                    loop(loss.get(), 3, rest)
                            .setBlock(hidden())
                            .optCheckpointDir(checkpoint)
                            .build()
                            .run();
            assertThat(rest).isNotEmpty();
            for (TrainingLoop.EpochMetrics b : rest) {
                TrainingLoop.EpochMetrics a = whole.get(b.epoch() - 1);
                // The partial epoch's running sums, the batches drawn and dropped, DisturbLabel's
                // draws, Adam's moments and the schedule all continue bit for bit.
                assertThat(b.trainLoss()).as("epoch %d", b.epoch()).isEqualTo(a.trainLoss());
                assertThat(b.trainAccuracy()).isEqualTo(a.trainAccuracy());
                assertThat(b.valLoss()).isEqualTo(a.valLoss());
                assertThat(b.learningRate()).isEqualTo(a.learningRate());
            }
            assertThat(resumed.bestValAcc()).isEqualTo(uninterrupted.bestValAcc());
            assertThat(resumed.bestEpoch()).isEqualTo(uninterrupted.bestEpoch());
        }
    }

    private static final String SELECTED = TrainingLoop.SELECTED_LOGITS;

    /**
     * A hidden layer before the output: a single linear softmax layer's gradients sum to exactly
     * zero over the classes, which DJL's trainer mistakes, on a trainer's first step, for a missing
     * backward pass (it checks only that the sum is not zero).
     */
    private static SequentialBlock hidden() {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(8).build())
                .add(ai.djl.nn.Activation::relu)
                .add(Linear.builder().setUnits(2).build());
    }

    @Test
    void aStopRequestedBeforeTheFirstStepTrainsNothingAndWritesNothing() throws IOException {
        StopRequest stop = new StopRequest();
        assertThat(stop.request("SIGINT")).isTrue();
        assertThat(stop.request("SIGTERM")).isFalse();
        Path checkpoint = dir.resolve("early");
        assertThatThrownBy(
                        () ->
                                loop(LabelSmoothingLoss.ofGamma(1), 2, new ArrayList<>())
                                        .optCheckpointDir(checkpoint)
                                        .optStopRequest(stop)
                                        .build()
                                        .run())
                .isInstanceOf(TrainingStoppedException.class)
                .hasMessage("stopped by SIGINT at epoch 1 step 0");
        assertThat(checkpoint).doesNotExist();
    }

    @Test
    void damagedCheckpointIsMovedAsideAndTheRunStartsOver() throws IOException {
        List<TrainingLoop.EpochMetrics> whole = new ArrayList<>();
        loop(LabelSmoothingLoss.ofGamma(1), 2, whole).build().run();
        for (String damage : List.of("garbage", "epochs", "truncated", "flipped", "edited")) {
            Path checkpoint = dir.resolve(damage);
            loop(LabelSmoothingLoss.ofGamma(1), 1, new ArrayList<>())
                    .optCheckpointDir(checkpoint)
                    .build()
                    .run();
            switch (damage) {
                case "garbage" -> Files.writeString(checkpoint.resolve("state.json"), "{epochs: [");
                case "epochs" ->
                        Files.writeString(
                                checkpoint.resolve("state.json"),
                                Files.readString(checkpoint.resolve("state.json"))
                                        .replace("\"epochs\": 1", "\"epochs\": 7"));
                case "flipped" -> {
                    // Same length, one byte in the middle changed: only the checksum sees it.
                    Path parameters = checkpoint.resolve("parameters-1.bin");
                    byte[] bytes = Files.readAllBytes(parameters);
                    bytes[bytes.length / 2] ^= 0x5a;
                    Files.write(parameters, bytes);
                }
                case "edited" -> {
                    Path state = checkpoint.resolve("state.json");
                    String json = Files.readString(state);
                    Files.writeString(
                            state,
                            json.replaceFirst("\"bestValAcc\": [0-9.]+", "\"bestValAcc\": 99.0"));
                    assertThat(Files.readString(state)).isNotEqualTo(json);
                }
                default -> {
                    Path parameters = checkpoint.resolve("parameters-1.bin");
                    Files.write(
                            parameters,
                            java.util.Arrays.copyOf(Files.readAllBytes(parameters), 100));
                }
            }
            List<String> problems = new ArrayList<>();
            List<TrainingLoop.EpochMetrics> again = new ArrayList<>();
            TrainingLoop.Outcome outcome =
                    loop(LabelSmoothingLoss.ofGamma(1), 2, again)
                            .optCheckpointDir(checkpoint)
                            .optObserver(
                                    new TrainingLoop.Observer() {
                                        @Override
                                        public void onCheckpointDamaged(
                                                String problem, Path movedTo) {
                                            problems.add(problem + " -> " + movedTo.getFileName());
                                        }

                                        @Override
                                        public void onEpoch(TrainingLoop.EpochMetrics m) {
                                            again.add(m);
                                        }
                                    })
                            .build()
                            .run();
            assertThat(problems)
                    .as(damage)
                    .singleElement()
                    .asString()
                    .contains("checkpoint", ".damaged-");
            assertThat(outcome.resumedFrom()).as(damage).isZero();
            assertThat(again.get(1).trainLoss()).as(damage).isEqualTo(whole.get(1).trainLoss());
            try (var entries = Files.list(dir)) {
                assertThat(entries.map(p -> p.getFileName().toString()))
                        .as(damage)
                        .anyMatch(n -> n.startsWith(damage + ".damaged-"));
            }
        }
    }
}
