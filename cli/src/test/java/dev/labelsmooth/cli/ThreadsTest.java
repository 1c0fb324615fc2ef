package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadsTest {

    @Test
    void aWorkersShareWinsThenSlurmThenARestrictedProcessorCount() {
        assertThat(
                        Threads.intraOp(
                                Map.of("LABELSMOOTH_THREADS", "1", "SLURM_CPUS_PER_TASK", "8"),
                                16,
                                16))
                .hasValue(1);
        assertThat(Threads.intraOp(Map.of("SLURM_CPUS_PER_TASK", "3"), 16, 16)).hasValue(3);
        // A cgroup quota or affinity mask of 4 CPUs on a 16-CPU host.
        assertThat(Threads.intraOp(Map.of(), 4, 16)).hasValue(4);
        // The whole host: libtorch keeps its own default (physical cores).
        assertThat(Threads.intraOp(Map.of(), 16, 16)).isEmpty();
        assertThat(Threads.hostCpus())
                .isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void aThreadCountThatIsNotOneToTheHostsCpusIsRefusedByName() {
        for (String bad : new String[] {"abc", "0", "-1", "99999", "1.5", ""}) {
            assertThatThrownBy(() -> Threads.intraOp(Map.of("LABELSMOOTH_THREADS", bad), 16, 16))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "LABELSMOOTH_THREADS must be a whole number of threads from 1 to 16"
                                    + " (the CPUs of this host), got '"
                                    + bad
                                    + "'");
        }
        assertThatThrownBy(() -> Threads.intraOp(Map.of("SLURM_CPUS_PER_TASK", "many"), 16, 0))
                .hasMessage(
                        "SLURM_CPUS_PER_TASK must be a whole number of threads, 1 or more, got"
                                + " 'many'");
        assertThat(Threads.intraOp(Map.of("LABELSMOOTH_THREADS", " 16 "), 16, 16)).hasValue(16);
    }

    @Test
    void workersGetTheUsersArgumentsWithoutWorkersPlusTheirShard() {
        assertThat(
                        LocalWorkers.workerArgs(
                                java.util.List.of("sweep", "--workers", "2", "--epochs", "3"),
                                1,
                                2))
                .containsExactly("sweep", "--epochs", "3", "--shard", "1/2");
        assertThat(LocalWorkers.workerArgs(java.util.List.of("sweep", "--workers=4"), 0, 4))
                .containsExactly("sweep", "--shard", "0/4");
    }

    @Test
    void gpuWorkersTrainOnTheOneGpuTheySeeWhateverDeviceTheUserGave() {
        assertThat(
                        LocalWorkers.gpuWorkerArgs(
                                java.util.List.of(
                                        "sweep", "--gpus", "2", "--device=gpu:3", "--epochs", "3"),
                                1,
                                2))
                .containsExactly("sweep", "--epochs", "3", "--device", "gpu", "--shard", "1/2");
        java.util.List<LocalWorkers.Launch> launches =
                LocalWorkers.plan(
                        java.util.List.of("sweep", "--gpus", "2", "--device", "gpu:3"),
                        1,
                        java.util.List.of(3, 4),
                        16);
        assertThat(launches).hasSize(2);
        assertThat(launches.get(1).environment())
                .containsEntry("CUDA_VISIBLE_DEVICES", "4")
                .containsEntry(LocalWorkers.THREADS, "8");
        assertThat(launches.get(1).describe())
                .isEqualTo(
                        "CUDA_VISIBLE_DEVICES=4 LABELSMOOTH_THREADS=8 sweep --device gpu --shard"
                                + " 1/2");
    }
}
