package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
        // Paired by seed: d = (2, 1.5), mean 1.75, SE 0.25, t(0.975, 1) = 12.706205.
        double p = new TTest().pairedTTest(new double[] {92.0, 92.5}, new double[] {90.0, 91.0});
        assertThat(report)
                .contains(
                        String.format(
                                java.util.Locale.ROOT,
                                "| 0.9 | 92.25 | 90.50 | %.3f | +1.75 [%+.2f, %+.2f] | %.3g | 2 |",
                                diff,
                                1.75 - 12.706205 * 0.25,
                                1.75 + 12.706205 * 0.25,
                                p));
        assertThat(report)
                .contains(
                        "### Against plain cross-entropy, paired by seed",
                        String.format(java.util.Locale.ROOT, "| γ=0.9 | +1.75 | [-1.43, +4.93] |"),
                        "With 2 pairs the exact sign-flip test cannot go below 0.500");
        assertThat(out.resolve("comparisons.csv")).isNotEmptyFile();
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

    private static final String FAMILIES =
            """
            dataset,model,gamma,beta,alpha,seed,best_val_acc,status,val_nll,val_ece
            mnist,resnet20-v1,1.0,0,0,1,90.0,done,0.30,0.010
            mnist,resnet20-v1,1.0,0,0,2,91.0,done,0.32,0.020
            mnist,resnet20-v1,1.0,0.5,0,1,92.0,done,0.28,0.030
            mnist,resnet20-v1,1.0,0.5,0,2,92.5,done,0.26,0.050
            mnist,resnet20-v1,1.0,0.1,0,1,91.0,done,0.29,0.010
            mnist,resnet20-v1,1.0,0.1,0,2,91.0,done,0.29,0.010
            mnist,resnet20-v1,1.0,0,0.1,1,89.0,done,0.35,0.020
            mnist,resnet20-v1,1.0,0,0.1,2,89.5,done,0.36,0.020
            mnist,resnet20-v1,0.9,0,0,1,91.5,done,0.40,0.100
            mnist,resnet20-v1,0.9,0,0,2,92.0,done,0.42,0.120
            mnist,resnet20-v1,0.9,0.5,0,1,93.0,done,0.45,0.150
            mnist,resnet20-v1,0.9,0.5,0,2,93.4,done,0.47,0.170
            mnist,resnet20-v1,1.0,0,0.4,1,,diverged,,
            """;

    private static double paired(double[] a, double[] b) {
        return new TTest().pairedTTest(a, b);
    }

    private static String g(double v) {
        return String.format(java.util.Locale.ROOT, "%.3g", v);
    }

    /** Holm's step-down adjustment, written out independently of the report's own. */
    private static double[] holm(double[] p) {
        Integer[] order = {0, 1, 2, 3, 4};
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> p[i]));
        double[] out = new double[p.length];
        double running = 0;
        for (int j = 0; j < order.length; j++) {
            running = Math.max(running, Math.min(1, (order.length - j) * p[order[j]]));
            out[order[j]] = running;
        }
        return out;
    }

    @Test
    void withTheOtherRegularizersEveryConfigurationAndEachFamilysBestAreComparedWithCrossEntropy()
            throws IOException {
        Path results = tmp.resolve("results.csv");
        Files.writeString(results, FAMILIES);
        CliRun run = CliRun.of("report", "--results", results.toString());
        assertThat(run.exitCode).as(run.err).isEqualTo(ExitCodes.OK);
        String report = Files.readString(tmp.resolve("report.md"));
        double[] ce = {90.0, 91.0};
        double[] penalty = {92.0, 92.5};
        double[] disturb = {89.0, 89.5};
        double[] smoothing = {91.5, 92.0};
        double[] mix = {93.0, 93.4};
        double[] weak = {91.0, 91.0};
        // Paired t-tests by seed, then Holm over the five configurations, worked out here.
        double[] raw = {
            paired(smoothing, ce),
            paired(weak, ce),
            paired(penalty, ce),
            paired(disturb, ce),
            paired(mix, ce)
        };
        double[] holm = holm(raw);
        // Cross-entropy first, then each family by strength, then the mixes; Δ and Holm p.
        assertThat(report)
                .containsSubsequence(
                        "| gamma=1 | cross-entropy | 90.50 ± 0.71 | — | — | 0.0150 ± 0.0071 |"
                                + " 0.3100 ± 0.0141 | 2 |",
                        "| gamma=0.9 | label smoothing | 91.75 ± 0.35 | +1.25 | " + g(holm[0]),
                        "| gamma=1 beta=0.1 | confidence penalty | 91.00 ± 0.00 | +0.50 | "
                                + g(holm[1]),
                        "| gamma=1 beta=0.5 | confidence penalty | 92.25 ± 0.35 | +1.75 | "
                                + g(holm[2]),
                        "| gamma=1 alpha=0.1 | DisturbLabel | 89.25 ± 0.35 | -1.25 | " + g(holm[3]),
                        "| gamma=0.9 beta=0.5 | mix | 93.20 ± 0.28 | +2.70 | " + g(holm[4]));
        assertThat(report)
                .containsSubsequence(
                        "### Against plain cross-entropy, paired by seed",
                        "| gamma=0.9 | +1.25 | ",
                        "| " + g(raw[0]) + " | " + g(holm[0]),
                        "| gamma=1 beta=0.5 | +1.75 | ",
                        "| " + g(raw[2]) + " | " + g(holm[2]));
        assertThat(report)
                .contains(
                        String.format(
                                java.util.Locale.ROOT,
                                "| confidence penalty | gamma=1 beta=0.5 | 92.25 | 90.50 | %.3f |"
                                        + " +1.75 [%+.2f, %+.2f] | %s | 0.0400 | 0.0150 | 2 |",
                                (92.25 - 90.5) / 92.25 * 100,
                                1.75 - 12.706205 * 0.25,
                                1.75 + 12.706205 * 0.25,
                                g(raw[2])),
                        String.format(
                                java.util.Locale.ROOT,
                                "| DisturbLabel | gamma=1 alpha=0.1 | 89.25 | 90.50 | %.3f |",
                                (89.25 - 90.5) / 89.25 * 100),
                        "| mix | gamma=0.9 beta=0.5 | 93.20 | 90.50 |",
                        "| mnist | resnet20-v1 | gamma=1 alpha=0.4 | 1 | diverged |");
        assertThat(tmp.resolve("accuracy-vs-strength-mnist-resnet20-v1.png")).isNotEmptyFile();
        assertThat(tmp.resolve("accuracy-vs-strength-mnist-resnet20-v1.svg")).isNotEmptyFile();
        List<String> families = Files.readAllLines(tmp.resolve("families.csv"));
        assertThat(families)
                .hasSize(6)
                .first()
                .isEqualTo(
                        "dataset,model,family,gamma,beta,alpha,best_val_acc,std,val_acc_ce,"
                                + "diff_pct,welch_p,val_ece,val_nll,n_seeds,mean_diff,ci_low,"
                                + "ci_high,p,holm_p");
        assertThat(families.get(1)).startsWith("mnist,resnet20-v1,cross-entropy,1,0,0,90.5,");
        assertThat(families.get(3)).startsWith("mnist,resnet20-v1,penalty,1,0.5,0,92.25,");
        // Table 3 over gamma keeps to the cells of smoothing alone.
        assertThat(Files.readAllLines(tmp.resolve("summary.csv")).get(1))
                .startsWith("mnist,resnet20-v1,0.9,91.75,90.5,");
    }

    @Test
    void theGammaOnlyReportIsTheSameWithOrWithoutTheBetaAndAlphaColumns() throws IOException {
        String old =
                """
                dataset,model,gamma,seed,best_val_acc,status
                mnist,resnet20-v1,1.0,1,90.0,done
                mnist,resnet20-v1,1.0,2,91.0,done
                mnist,resnet20-v1,0.9,1,92.0,done
                mnist,resnet20-v1,0.9,2,92.5,done
                """;
        String current =
                old.replace("gamma,seed", "gamma,beta,alpha,seed")
                        .replace(",1.0,", ",1.0,0,0,")
                        .replace(",0.9,", ",0.9,0.0,0,");
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(a.resolve("results.csv"), old);
        Files.writeString(b.resolve("results.csv"), current);
        assertThat(CliRun.of("report", "--results", a.toString()).exitCode).isEqualTo(ExitCodes.OK);
        assertThat(CliRun.of("report", "--results", b.toString()).exitCode).isEqualTo(ExitCodes.OK);
        String reportA = Files.readString(a.resolve("report.md"));
        String reportB = Files.readString(b.resolve("report.md"));
        assertThat(reportB.replaceAll(" at [0-9T:.\\-]+Z\\.", ""))
                .isEqualTo(reportA.replaceAll(" at [0-9T:.\\-]+Z\\.", ""))
                .startsWith("# Label smoothing sweep");
        assertThat(b.resolve("families.csv")).doesNotExist();
        assertThat(Files.readAllLines(b.resolve("summary.csv")))
                .isEqualTo(Files.readAllLines(a.resolve("summary.csv")));
    }
}
