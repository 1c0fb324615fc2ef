package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelsCommandTest {

    private String out = "";
    private String err = "";

    private int run(String... args) {
        CliRun run = CliRun.of(args);
        out += run.out;
        err += run.err;
        return run.exitCode;
    }

    @Test
    void listsFamiliesWithValidDepths() {
        assertThat(run("models")).isEqualTo(ExitCodes.OK);
        assertThat(out).contains("6n+2: 20, 32").contains("9n+2: 29, 47, 65, 83");
    }

    @Test
    void summaryEndsWithKerasParameterCounts() {
        assertThat(run("models", "--model", "resnet20-v1", "--input", "3x32x32", "--classes", "10"))
                .isEqualTo(ExitCodes.OK);
        assertThat(out.strip()).endsWith("parameters: 274442 (trainable 273066)");
        assertThat(out).contains("Conv2d").contains("BatchNorm").contains("Linear");
    }

    @Test
    void badDepthIsUsageErrorNamingTheForm() {
        assertThat(run("models", "--model", "resnet21-v1")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("depth 21 is not 6n+2: 20, 32, 44, 56, 110, ...");
    }

    @Test
    void badInputIsUsageErrorNamingIt() {
        assertThat(run("models", "--model", "resnet20-v1", "--input", "32x32")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("'32x32'").contains("CxHxW");
        assertThat(run("models", "--model", "resnet20-v1", "--input", "2x32x32")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("input channels must be 1 or 3, got 2");
        assertThat(run("models", "--model", "resnet20-v1", "--classes", "1")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("--classes must be >= 2, got 1");
    }
}
