package dev.labelsmooth.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints read Adam's moment estimates from DJL's private fields. This test pins the DJL
 * behaviour they rely on: if an upgrade renames the fields or stops keeping the moments there, it
 * fails here instead of resumes silently stopping to be exact.
 */
class AdamMomentsTest {

    @Test
    void djlAdamKeepsItsMomentsWhereCheckpointsReadThem() {
        assertThat(AdamMoments.supported())
                .as("Adam's 'means' and 'variances' fields are readable")
                .isTrue();
        assertThat(Checkpoint.holdsAdamMoments()).isTrue();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Adam adam = Optimizer.adam().build();
            NDArray weight = manager.create(new float[] {1f, 2f, 3f});
            NDArray gradient = manager.create(new float[] {0.5f, -1f, 2f});
            adam.update("w", weight, gradient);

            Map<String, Map<Device, NDArray>> means = AdamMoments.state(adam, 0);
            Map<String, Map<Device, NDArray>> variances = AdamMoments.state(adam, 1);
            assertThat(means).containsKey("w");
            assertThat(variances).containsKey("w");
            // After one step from zero: m = (1 - beta1) g, v = (1 - beta2) g^2.
            float[] m = means.get("w").get(Device.cpu()).toFloatArray();
            float[] v = variances.get("w").get(Device.cpu()).toFloatArray();
            assertThat(m).containsExactly(new float[] {0.05f, -0.1f, 0.2f}, within(1e-6f));
            assertThat(v).containsExactly(new float[] {0.00025f, 0.001f, 0.004f}, within(1e-7f));
        }
    }

    private static org.assertj.core.data.Offset<Float> within(float tolerance) {
        return org.assertj.core.data.Offset.offset(tolerance);
    }
}
