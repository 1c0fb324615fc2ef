package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labelsmooth.core.tensorboard.ScalarEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export --tensorboard} on the committed studies. */
class ExportCommandTest {

    @TempDir Path tmp;

    private static final Path REPORTS = Path.of("..", "reports");

    @Test
    void theCommittedStudiesExportOneTensorBoardRunPerCell() throws IOException {
        Path quick = tmp.resolve("quick");
        CliRun run =
                CliRun.of(
                        "export",
                        "--tensorboard",
                        quick.toString(),
                        "--results",
                        REPORTS.resolve("quick-embedded-resnet20-v1").toString());
        assertThat(run.exitCode).as(run.err).isEqualTo(ExitCodes.OK);
        assertThat(run.out)
                .contains("TensorBoard files of 5 cells in " + quick)
                .contains("tensorboard --logdir " + quick);
        List<ScalarEvents.Scalar> gamma09 =
                ScalarEvents.read(only(quick.resolve("embedded/resnet20-v1/gamma=0.9/seed-1")));
        // epochs.csv of the committed quick study: gamma 0.9, epoch 3 has holdout accuracy 73.3
        assertThat(gamma09)
                .filteredOn(s -> s.tag().equals("holdout/accuracy"))
                .extracting(ScalarEvents.Scalar::step)
                .containsExactly(1L, 2L, 3L);

        // A study trained as two shards: its cells come from shards/*/epochs.csv.
        Path overconfident = tmp.resolve("overconfident");
        CliRun sharded =
                CliRun.of(
                        "export",
                        "--tensorboard",
                        overconfident.toString(),
                        "--results",
                        REPORTS.resolve("fashion-mnist-overconfident-resnet20-v1").toString());
        assertThat(sharded.exitCode).as(sharded.err).isEqualTo(ExitCodes.OK);
        assertThat(sharded.out).contains("TensorBoard files of 30 cells");

        CliRun again =
                CliRun.of(
                        "export",
                        "--tensorboard",
                        quick.toString(),
                        "--results",
                        REPORTS.resolve("quick-embedded-resnet20-v1").toString());
        assertThat(again.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err).contains("must hold no event files yet");
        CliRun notARun =
                CliRun.of(
                        "export",
                        "--tensorboard",
                        tmp.resolve("x").toString(),
                        "--results",
                        "nope");
        assertThat(notARun.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(notARun.err).contains("--results must name run directories, got nope");
    }

    private static Path only(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.findFirst().orElseThrow();
        }
    }
}
