package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad shard options are usage errors that name the value; --plan prints and trains nothing. */
class ShardOptionsTest {

    @TempDir Path tmp;

    private String usage(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode).as(run.err + run.out).isEqualTo(ExitCodes.USAGE);
        return run.err;
    }

    @Test
    void badShardsAreNamed() {
        String out = tmp.resolve("run").toString();
        assertThat(usage("sweep", "--shard", "2/2", "--out", out))
                .contains("--shard must be I/N with 0 <= I < N, got 2/2");
        assertThat(usage("sweep", "--shard", "-1/3", "--out", out)).contains("got -1/3");
        assertThat(usage("sweep", "--shard", "a/b", "--out", out))
                .contains("--shard must be I/N (e.g. 0/4) or auto, got 'a/b'");
        // The test JVM runs under neither Slurm nor Kubernetes.
        assertThat(usage("sweep", "--shard", "auto", "--out", out))
                .contains("got neither in the environment");
        assertThat(usage("sweep", "--workers", "2", "--shard", "0/2", "--out", out))
                .contains("--workers 2 must not be combined with --shard, got --shard 0/2");
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    @Test
    void planPrintsEveryCellItsShardAndTheLargestShare() {
        CliRun run =
                CliRun.of(
                        "sweep",
                        "--preset",
                        "paper",
                        "--dataset",
                        "cifar10",
                        "--model",
                        "resnet20-v1,resnet83-v2",
                        "--plan",
                        "--shards",
                        "4",
                        "--out",
                        tmp.resolve("plan").toString());
        assertThat(run.exitCode).as(run.err).isEqualTo(ExitCodes.OK);
        // 2 models x 9 gammas; resnet83-v2 costs about 9x resnet20-v1, so it is dealt first.
        assertThat(run.out.lines().filter(l -> l.startsWith("cifar10 "))).hasSize(18);
        assertThat(run.out)
                .contains("in 18 cells on 4 shards", "(25.0% would be even)", "sbatch --array=0-3");
        assertThat(tmp.resolve("plan")).doesNotExist();
    }
}
