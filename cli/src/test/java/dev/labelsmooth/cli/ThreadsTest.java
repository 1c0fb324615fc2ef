package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadsTest {

    @Test
    void aWorkersShareWinsThenSlurmThenTheProcessorsTheJvmMayUse() {
        assertThat(
                        Threads.intraOp(
                                Map.of("LABELSMOOTH_THREADS", "1", "SLURM_CPUS_PER_TASK", "8"), 16))
                .isEqualTo(1);
        assertThat(Threads.intraOp(Map.of("SLURM_CPUS_PER_TASK", "3"), 16)).isEqualTo(3);
        assertThat(Threads.intraOp(Map.of(), 6)).isEqualTo(6);
        assertThat(Threads.intraOp(Map.of("SLURM_CPUS_PER_TASK", "many"), 6)).isEqualTo(6);
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
}
