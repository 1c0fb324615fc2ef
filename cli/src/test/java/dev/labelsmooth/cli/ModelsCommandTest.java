package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelsCommandTest {

    @Test
    void listsFamiliesWithValidDepths() {
        CliRun run = CliRun.of("models");
        assertThat(run.exitCode).isEqualTo(ExitCodes.OK);
        assertThat(run.out).contains("6n+2: 20, 32").contains("9n+2: 29, 47, 65, 83");
    }

    @Test
    void summaryEndsWithKerasParameterCounts() {
        CliRun run =
                CliRun.of(
                        "models",
                        "--model",
                        "resnet20-v1",
                        "--input",
                        "3x32x32",
                        "--classes",
                        "10");
        assertThat(run.exitCode).isEqualTo(ExitCodes.OK);
        assertThat(run.out.strip()).endsWith("parameters: 274442 (trainable 273066)");
        assertThat(run.out).contains("Conv2d").contains("BatchNorm").contains("Linear");
    }

    @Test
    void badDepthIsUsageErrorNamingTheForm() {
        CliRun run = CliRun.of("models", "--model", "resnet21-v1");
        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("depth 21 is not 6n+2: 20, 32, 44, 56, 110, ...");
    }

    @Test
    void badInputIsUsageErrorNamingIt() {
        CliRun form = CliRun.of("models", "--model", "resnet20-v1", "--input", "32x32");
        assertThat(form.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(form.err).contains("'32x32'").contains("CxHxW");
        CliRun channels = CliRun.of("models", "--model", "resnet20-v1", "--input", "2x32x32");
        assertThat(channels.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(channels.err).contains("input channels must be 1 or 3, got 2");
        CliRun classes = CliRun.of("models", "--model", "resnet20-v1", "--classes", "1");
        assertThat(classes.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(classes.err).contains("--classes must be >= 2, got 1");
    }
}
