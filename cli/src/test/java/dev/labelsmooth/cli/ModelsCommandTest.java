package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelsCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void listsFamiliesWithValidDepths() {
        assertThat(run("models")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("6n+2: 20, 32").contains("9n+2: 29, 47, 65, 83");
    }

    @Test
    void summaryEndsWithKerasParameterCounts() {
        assertThat(run("models", "--model", "resnet20-v1", "--input", "3x32x32", "--classes", "10"))
                .isEqualTo(ExitCodes.OK);
        assertThat(out.toString().strip()).endsWith("parameters: 274442 (trainable 273066)");
        assertThat(out.toString()).contains("Conv2d").contains("BatchNorm").contains("Linear");
    }

    @Test
    void badDepthIsUsageErrorNamingTheForm() {
        assertThat(run("models", "--model", "resnet21-v1")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("depth 21 is not 6n+2: 20, 32, 44, 56, 110, ...");
    }

    @Test
    void badInputIsUsageErrorNamingIt() {
        assertThat(run("models", "--model", "resnet20-v1", "--input", "32x32")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("'32x32'").contains("CxHxW");
        assertThat(run("models", "--model", "resnet20-v1", "--input", "2x32x32")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("input channels must be 1 or 3, got 2");
        assertThat(run("models", "--model", "resnet20-v1", "--classes", "1")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--classes must be >= 2, got 1");
    }
}
