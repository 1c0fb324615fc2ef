package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code search --replay} on the committed Fashion-MNIST gamma study: output and option errors. */
class SearchReplayCommandTest {

    private static final Path STUDY = Path.of("..", "reports", "fashion-mnist-resnet20-v1");

    @Test
    void replayCommandPrintsTheRungsAndTheCost() {
        CliRun run = CliRun.of("search", "--replay", STUDY.toString());
        assertThat(run.exitCode).as(run.err).isEqualTo(ExitCodes.OK);
        assertThat(run.out)
                .contains("| 0 | 1 | **gamma=0.8: 60.23**, **gamma=0.9: 58.87**")
                .contains("Chosen: gamma=0.8, full-grid accuracy 85.89")
                .contains("Epochs trained: 93 of the grid's 270 (34.4%)");
        CliRun bad = CliRun.of("search", "--replay", STUDY.toString(), "--eta", "1");
        assertThat(bad.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err).contains("--eta must be >= 2, got 1");
    }
}
