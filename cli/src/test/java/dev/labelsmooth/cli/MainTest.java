package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

    private String out = "";
    private String err = "";

    private int run(String... args) {
        CliRun run = CliRun.of(args);
        out += run.out;
        err += run.err;
        return run.exitCode;
    }

    @Test
    void versionNamesToolDjlPyTorchAndDevice() {
        assertThat(run("--version")).isEqualTo(ExitCodes.OK);
        assertThat(out)
                .contains("labelsmooth 0.1.0")
                .contains("DJL 0.33.0")
                .contains("PyTorch 2.5.1")
                .contains("device: cpu()");
    }

    @Test
    void helpListsUsage() {
        assertThat(run("--help")).isEqualTo(ExitCodes.OK);
        assertThat(out).contains("Usage: labelsmooth");
    }

    @Test
    void unknownOptionIsBadUsage() {
        assertThat(run("--no-such-option")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("--no-such-option");
    }

    @Test
    void runsOffline() {
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    }
}
