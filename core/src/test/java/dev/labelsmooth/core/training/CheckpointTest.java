package dev.labelsmooth.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @TempDir Path dir;

    private static Block block(NDManager manager, int seed) {
        ai.djl.engine.Engine.getInstance().setRandomSeed(seed);
        Block block =
                new SequentialBlock()
                        .add(Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(64).build())
                        .add(Linear.builder().setUnits(10).build());
        block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 1, 28, 28));
        return block;
    }

    private static List<float[]> values(Block block) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, ai.djl.nn.Parameter> p : block.getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    /**
     * Restored parameters own their memory: a garbage collection after the restore, and new buffers
     * of the same sizes written over whatever it freed, leave them unchanged. (They once borrowed a
     * buffer that the collector freed, and training went on over freed memory until glibc aborted
     * with "corrupted double-linked list".)
     */
    @Test
    void restoredParametersAndAdamMomentsSurviveGarbageCollection()
            throws IOException, InterruptedException {
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());
                Model model = Model.newInstance("checkpoint-test", ai.djl.Device.cpu())) {
            Block saved = block(manager, 1);
            ai.djl.training.optimizer.Adam optimizer = Optimizer.adam().build();
            // Adam's moments as a trained optimizer holds them: one per parameter and device.
            List<float[]> expectedMoments = new ArrayList<>();
            for (Pair<String, ai.djl.nn.Parameter> p : saved.getParameters()) {
                for (int which = 0; which < 2; which++) {
                    ai.djl.ndarray.NDArray moment =
                            manager.randomUniform(0, 1, p.getValue().getArray().getShape());
                    expectedMoments.add(moment.toFloatArray());
                    AdamMoments.state(optimizer, which)
                            .computeIfAbsent(
                                    p.getValue().getId(),
                                    k -> new java.util.concurrent.ConcurrentHashMap<>())
                            .put(ai.djl.Device.cpu(), moment);
                }
            }
            Checkpoint checkpoint = new Checkpoint(dir);
            Checkpoint.State state = new Checkpoint.State(1, 50, 1, 50, 1.0, 0.1, List.of(), 1.0);
            checkpoint.write(saved, optimizer, state);
            List<float[]> expected = values(saved);

            Block restored = block(manager, 2);
            model.setBlock(restored);
            assertThat(values(restored).get(0)).isNotEqualTo(expected.get(0));
            ai.djl.training.optimizer.Adam fresh = Optimizer.adam().build();
            checkpoint.restore(restored, fresh, checkpoint.readState(1));

            List<ByteBuffer> pressure = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                System.gc();
                Thread.sleep(50);
                for (float[] v : expected) {
                    ByteBuffer b = ByteBuffer.allocateDirect(v.length * Float.BYTES);
                    while (b.hasRemaining()) {
                        b.put((byte) 0x7f);
                    }
                    pressure.add(b);
                }
            }
            List<float[]> after = values(restored);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(after.get(i)).as("parameter %d", i).containsExactly(expected.get(i));
            }
            List<float[]> moments = new ArrayList<>();
            for (Pair<String, ai.djl.nn.Parameter> p : restored.getParameters()) {
                for (int which = 0; which < 2; which++) {
                    moments.add(
                            AdamMoments.state(fresh, which)
                                    .get(p.getValue().getId())
                                    .get(ai.djl.Device.cpu())
                                    .toFloatArray());
                }
            }
            for (int i = 0; i < expectedMoments.size(); i++) {
                assertThat(moments.get(i))
                        .as("moment %d", i)
                        .containsExactly(expectedMoments.get(i));
            }
            // And the restored block still computes.
            ParameterStore store = new ParameterStore(manager, false);
            assertThat(
                            restored.forward(
                                            store,
                                            new ai.djl.ndarray.NDList(
                                                    manager.ones(new Shape(2, 1, 28, 28))),
                                            false)
                                    .head()
                                    .getShape())
                    .isEqualTo(new Shape(2, 10));
            assertThat(pressure).isNotEmpty();
        }
    }
}
