package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void versionNamesToolDjlPyTorchAndDevice() {
        assertThat(run("--version")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains("labelsmooth 0.1.0")
                .contains("DJL 0.33.0")
                .contains("PyTorch 2.5.1")
                .contains("device: cpu()");
    }

    @Test
    void helpListsUsage() {
        assertThat(run("--help")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Usage: labelsmooth");
    }

    @Test
    void unknownOptionIsBadUsage() {
        assertThat(run("--no-such-option")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--no-such-option");
    }

    @Test
    void runsOffline() {
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    }
}
