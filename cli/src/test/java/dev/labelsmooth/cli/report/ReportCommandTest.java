package dev.labelsmooth.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.labelsmooth.cli.CliRun;
import dev.labelsmooth.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

    @TempDir Path tmp;

    @Test
    void rendersFromRequiredColumnsOnly() throws IOException {
        Path results = tmp.resolve("results.csv");
        Files.writeString(
                results,
                """
                dataset,model,gamma,seed,best_val_acc,status
                mnist,resnet20-v1,1.0,1,90.0,done
                mnist,resnet20-v1,1.0,2,91.0,done
                mnist,resnet20-v1,0.9,1,92.0,done
                mnist,resnet20-v1,0.9,2,92.5,done
                mnist,resnet20-v1,0.7,1,,diverged
                """);
        Path out = tmp.resolve("report");
        CliRun run = CliRun.of("report", "--results", results.toString(), "--out", out.toString());
        assertThat(run.exitCode).as(run.err).isEqualTo(ExitCodes.OK);
        String report = Files.readString(out.resolve("report.md"));
        // Gamma ascending, mean ± sample std: 0.9 -> 92.25 ± 0.35, 1.0 -> 90.50 ± 0.71.
        assertThat(report)
                .contains("| | γ=0.9 | γ=1 |", "| accuracy (%) | 92.25 ± 0.35 | 90.50 ± 0.71 |");
        double diff = (92.25 - 90.5) / 92.25 * 100;
        double p = new TTest().tTest(new double[] {92.0, 92.5}, new double[] {90.0, 91.0});
        assertThat(report)
                .contains(
                        String.format(
                                java.util.Locale.ROOT,
                                "| 0.9 | 92.25 | 90.50 | %.3f | %.3g | 2 |",
                                diff,
                                p));
        assertThat(report)
                .contains(
                        "## Cells that did not finish",
                        "| mnist | resnet20-v1 | 0.7 | 1 | diverged |");
        assertThat(report).contains("No provenance.json was found");
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertThat(summary).hasSize(2);
        String[] row = summary.get(1).split(",");
        assertThat(row[0]).isEqualTo("mnist");
        assertThat(row[2]).isEqualTo("0.9");
        assertThat(Double.parseDouble(row[5])).isCloseTo(diff, within(1e-9));
        assertThat(row[6]).isEqualTo("2");
        assertThat(out.resolve("accuracy-vs-gamma.png")).isNotEmptyFile();
        assertThat(out.resolve("accuracy-vs-gamma.svg")).isNotEmptyFile();
    }

    @Test
    void aTieWithGammaOneIsNoGain() throws IOException {
        Path results = tmp.resolve("results.csv");
        Files.writeString(
                results,
                "dataset,model,gamma,seed,best_val_acc,status\n"
                        + "d,m,0.9,1,75.6,done\n"
                        + "d,m,1.0,1,75.6,done\n");
        assertThat(CliRun.of("report", "--results", results.toString()).exitCode)
                .isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllLines(tmp.resolve("summary.csv")).get(1))
                .startsWith("d,m,1,75.6,75.6,0.0,1");
    }

    @Test
    void missingRequiredColumnIsUsageError() throws IOException {
        Path results = tmp.resolve("results.csv");
        Files.writeString(
                results, "dataset,model,gamma,best_val_acc,status\nmnist,m,1.0,90,done\n");
        CliRun run = CliRun.of("report", "--results", results.toString(), "--out", tmp.toString());
        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("missing seed");
    }

    /**
     * Copies the committed Fashion-MNIST study's files, written by the first version of the tool.
     */
    private Path committedStudy() throws IOException {
        Path study = Path.of("..", "reports", "fashion-mnist-resnet20-v1");
        Path copy = Files.createDirectories(tmp.resolve("study"));
        for (String f : List.of("results.csv", "calibration.csv", "provenance.json")) {
            Files.copy(study.resolve(f), copy.resolve(f));
        }
        return copy;
    }

    @Test
    void rendersTheCommittedStudyWrittenByTheFirstVersion() throws IOException {
        Path study = committedStudy();
        CliRun run = CliRun.of("report", "--results", study.toString());
        assertThat(run.exitCode).as(run.err).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(study.resolve("report.md")))
                .contains("| 0.8 | 85.89 | 85.71 |")
                .contains("\"recipe\"");
        assertThat(Files.readAllLines(study.resolve("summary.csv")).get(1))
                .startsWith("fashion-mnist,resnet20-v1,0.8,");
    }

    @Test
    void aRowOutsideTheRecordedGridIsRefused() throws IOException {
        Path study = committedStudy();
        Path results = study.resolve("results.csv");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(results));
        lines.add(lines.get(1).replaceFirst(",1.0,1,", ",0.15,1,"));
        Files.write(results, lines);
        CliRun run = CliRun.of("report", "--results", study.toString());
        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err)
                .contains("must hold only cells of the grid in provenance.json")
                .contains("gamma=0.15");
        assertThat(study.resolve("report.md")).doesNotExist();
    }
}
