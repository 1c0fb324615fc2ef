package dev.labelsmooth.experiment.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.labelsmooth.experiment.device.DeviceSelection.Gpus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceSelectionTest {

    private static final Gpus NONE = Gpus.of(0, "the natives are the CPU build");

    @Test
    void autoPicksTheFirstGpuWhenThereIsOneElseTheCpu() {
        assertThat(DeviceSelection.select("auto", NONE)).isEqualTo(Device.cpu());
        assertThat(DeviceSelection.select("auto", Gpus.of(2, ""))).isEqualTo(Device.gpu(0));
        assertThat(DeviceSelection.select("cpu", Gpus.of(4, ""))).isEqualTo(Device.cpu());
        assertThat(DeviceSelection.select("GPU:1", Gpus.of(4, ""))).isEqualTo(Device.gpu(1));
        assertThat(DeviceSelection.kind("auto", NONE)).isEqualTo("cpu");
        assertThat(DeviceSelection.kind("auto", Gpus.of(1, ""))).isEqualTo("gpu");
        assertThat(DeviceSelection.kind("gpu:3", NONE)).isEqualTo("gpu");
    }

    @Test
    void aGpuOnAHostWithoutOneIsRefusedSayingWhy() {
        assertThatThrownBy(() -> DeviceSelection.select("gpu", NONE))
                .hasMessage(
                        "'device' gpu needs GPU 0, but the engine sees 0: the natives are the CPU"
                                + " build");
        assertThatThrownBy(() -> DeviceSelection.select("gpu:2", Gpus.of(2, "")))
                .hasMessage("'device' gpu:2 needs GPU 2, but the engine sees 2");
        assertThatThrownBy(() -> DeviceSelection.select("tpu", NONE))
                .hasMessage("'device' must be cpu, gpu, gpu:N or auto, got 'tpu'");
    }

    @Test
    void gpusGiveOneWorkerPerGpuFromTheDeviceOne() {
        assertThat(DeviceSelection.workerGpus("gpu", 3, 1, Gpus.of(4, "")))
                .containsExactly(0, 1, 2);
        assertThat(DeviceSelection.workerGpus("gpu:2", 2, 1, Gpus.of(4, ""))).containsExactly(2, 3);
        // --workers on a GPU device means the same; on the CPU the workers share the cores.
        assertThat(DeviceSelection.workerGpus("auto", 0, 2, Gpus.of(2, ""))).containsExactly(0, 1);
        assertThat(DeviceSelection.workerGpus("auto", 0, 2, NONE)).isEmpty();
        assertThat(DeviceSelection.workerGpus("cpu", 0, 2, Gpus.of(2, ""))).isEmpty();
        assertThat(DeviceSelection.workerGpus("auto", 0, 1, Gpus.of(2, ""))).isEmpty();
    }

    @Test
    void workerCombinationsTheMachineCannotRunAreRefused() {
        assertThatThrownBy(() -> DeviceSelection.workerGpus("gpu:1", 2, 1, Gpus.of(2, "")))
                .hasMessage("'gpus' 2 from 'device' gpu:1 needs GPUs 1..2, but the engine sees 2");
        assertThatThrownBy(() -> DeviceSelection.workerGpus("cpu", 2, 1, Gpus.of(4, "")))
                .hasMessage("'gpus' must be 0 with 'device' cpu, got 2");
        assertThatThrownBy(() -> DeviceSelection.workerGpus("gpu", 2, 3, Gpus.of(4, "")))
                .hasMessageContaining("'workers' 3 and 'gpus' 2 disagree");
        assertThatThrownBy(() -> DeviceSelection.workerGpus("gpu", 2, 1, NONE))
                .hasMessage(
                        "'gpus' 2 from 'device' gpu needs GPUs 0..1, but the engine sees 0: the"
                                + " natives are the CPU build");
    }

    @Test
    void pretendGpusAreTheCpu() {
        Gpus pretend = Gpus.detect(Map.of(DeviceSelection.PRETEND_GPUS, "2"));
        assertThat(pretend.count()).isEqualTo(2);
        assertThat(DeviceSelection.select("gpu:1", pretend)).isEqualTo(Device.cpu());
        assertThat(DeviceSelection.kind("gpu:1", pretend)).isEqualTo("gpu");
    }
}
