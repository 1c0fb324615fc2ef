package dev.labelsmooth.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class DeviceSelectionTest {

    @Test
    void autoPicksGpuWhenThereIsOneElseCpu() {
        assertThat(DeviceSelection.select("auto", 0, 0)).containsExactly(Device.cpu());
        assertThat(DeviceSelection.select("auto", 0, 2)).containsExactly(Device.gpu(0));
        assertThat(DeviceSelection.select("cpu", 0, 4)).containsExactly(Device.cpu());
    }

    @Test
    void gpuNAndGpusSelectAConsecutiveRange() {
        assertThat(DeviceSelection.select("gpu:1", 0, 4)).containsExactly(Device.gpu(1));
        assertThat(DeviceSelection.select("gpu", 3, 4))
                .containsExactly(Device.gpu(0), Device.gpu(1), Device.gpu(2));
        assertThat(DeviceSelection.select("gpu:2", 2, 4))
                .containsExactly(Device.gpu(2), Device.gpu(3));
        assertThat(DeviceSelection.select("auto", 2, 2))
                .containsExactly(Device.gpu(0), Device.gpu(1));
    }

    @Test
    void refusesWhatTheMachineCannotDo() {
        assertThatThrownBy(() -> DeviceSelection.select("gpu", 0, 0))
                .hasMessageContaining("needs GPUs 0..0, but the engine sees 0 (build with -Pcuda");
        assertThatThrownBy(() -> DeviceSelection.select("gpu:1", 2, 2))
                .hasMessageContaining("needs GPUs 1..2");
        assertThatThrownBy(() -> DeviceSelection.select("tpu", 0, 0))
                .hasMessage("--device must be cpu, gpu, gpu:N or auto, got 'tpu'");
        assertThatThrownBy(() -> DeviceSelection.select("cpu", 2, 4))
                .hasMessage("--gpus must be 0 with --device cpu, got 2");
    }
}
