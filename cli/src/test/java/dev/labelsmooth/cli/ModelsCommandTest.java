package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelsCommandTest {

    @Test
    void listsFamiliesWithTheirFormsAndParameterCounts() {
        CliRun run = CliRun.of("models");
        assertThat(run.exitCode).isEqualTo(ExitCodes.OK);
        assertThat(run.out)
                .contains("resnet<D>-v1")
                .contains("D = 6n+2")
                .contains("wrn-<d>-<k>[-drop<p>]")
                .contains("preact-resnet<D>")
                .contains("densenet-bc-<L>-<k>")
                .contains("zoo-<name>");
        assertThat(run.out)
                .containsPattern("wrn-28-10 +36,479,194 +36,536,884 +5\\.243 G")
                .containsPattern("densenet-bc-100-12 +769,162 +800,032 +0\\.288 G")
                .containsPattern("resnet20-v1 +273,066 ");
    }

    @Test
    void aZooModelThatCannotTakeTheInputIsAUsageErrorNamingWhatItTakes() {
        CliRun run = CliRun.of("models", "--model", "zoo-alexnet", "--input", "3x32x32");
        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err)
                .contains("model zoo-alexnet takes images of at least 67x67 pixels, got 3x32x32");
        CliRun fits = CliRun.of("models", "--model", "zoo-alexnet", "--input", "3x67x67");
        assertThat(fits.exitCode).isEqualTo(ExitCodes.OK);
        assertThat(fits.out).contains("source: AlexNet of DJL's zoo");
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
        assertThat(run.out).contains("parameters: 274442 (trainable 273066)");
        assertThat(run.out.strip()).endsWith("multiply-adds per image: 40813184 (0.041 G)");
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
