package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void versionNamesToolDjlPyTorchAndDevice() {
        CliRun run = CliRun.of("--version");
        assertThat(run.exitCode).isEqualTo(ExitCodes.OK);
        assertThat(run.out)
                .contains("labelsmooth 0.1.0")
                .contains("DJL 0.33.0")
                .contains("PyTorch 2.5.1")
                .contains("device: cpu()");
    }

    @Test
    void helpListsUsage() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exitCode).isEqualTo(ExitCodes.OK);
        assertThat(run.out).contains("Usage: labelsmooth");
    }

    @Test
    void unknownOptionIsBadUsage() {
        CliRun run = CliRun.of("--no-such-option");
        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("--no-such-option");
    }

    @Test
    void djlsCudaWarningIsShownOnlyWhenAGpuIsAskedFor() {
        assertThat(Main.wantsGpu(new String[] {"sweep", "--device", "gpu:1"})).isTrue();
        assertThat(Main.wantsGpu(new String[] {"sweep", "--device=GPU"})).isTrue();
        assertThat(Main.wantsGpu(new String[] {"sweep", "--gpus", "2"})).isTrue();
        assertThat(Main.wantsGpu(new String[] {"sweep", "--device", "auto"})).isFalse();
        assertThat(Main.wantsGpu(new String[] {"sweep", "--out", "gpu"})).isFalse();
    }
}
