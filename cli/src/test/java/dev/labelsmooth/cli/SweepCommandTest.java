package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {

    @TempDir Path tmp;

    private static final String[] TINY = {
        "--limit-train",
        "200",
        "--limit-val",
        "100",
        "--epochs",
        "1",
        "--batch-size",
        "50",
        "--gammas",
        "1.0,0.8"
    };

    private static String[] args(String command, Path out, String... extra) {
        List<String> all = new java.util.ArrayList<>(List.of(command));
        all.addAll(List.of(TINY));
        all.addAll(List.of("--out", out.toString()));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    /**
     * The tiny real end-to-end sweep CI runs: embedded Fashion-MNIST, 200 images, 1 epoch, 2
     * gammas.
     */
    @Test
    @Tag("slow")
    void tinySweepOnEmbeddedDataWritesTheRunDirectory() throws IOException {
        Path out = tmp.resolve("run");
        CliRun run = CliRun.of(args("sweep", out));
        assertThat(run.exitCode).as(run.err).isEqualTo(ExitCodes.OK);
        assertThat(run.out).contains("report: " + out.resolve("report.md"));
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertThat(results.get(0))
                .startsWith("dataset,model,gamma,beta,alpha,seed,best_val_acc,status");
        assertThat(results).hasSize(3);
        assertThat(results.get(1)).startsWith("embedded,resnet20-v1,1.0,0,0,1,").contains(",done,");
        assertThat(Files.readAllLines(out.resolve("epochs.csv"))).hasSize(3);
        for (String file :
                List.of(
                        "report.md",
                        "summary.csv",
                        "provenance.json",
                        "calibration.csv",
                        "sweep.log",
                        "accuracy-vs-gamma.png",
                        "accuracy-vs-gamma.svg",
                        "reliability-embedded-resnet20-v1.png")) {
            assertThat(out.resolve(file)).as(file).isNotEmptyFile();
        }
        String report = Files.readString(out.resolve("report.md"));
        assertThat(report)
                .contains(
                        "## embedded / resnet20-v1",
                        "γ=0.8",
                        "γ=1",
                        "diff_pct",
                        "## Provenance",
                        "PyTorch 2.5.1");
        String provenance = Files.readString(out.resolve("provenance.json"));
        assertThat(provenance)
                .contains("\"bnMomentum\": 0.9", "\"initSeed\"", "\"finished\": \"20");
        assertThat(Files.readString(out.resolve("summary.csv")))
                .startsWith(
                        "dataset,model,best_gamma,best_val_acc,val_acc_gamma_1,diff_pct,n_seeds\n");

        // A rerun with the same configuration finds everything done and trains nothing.
        CliRun again = CliRun.of(args("sweep", out));
        assertThat(again.exitCode).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(3);

        // Another configuration is refused, naming the difference, unless --force.
        CliRun other = CliRun.of(args("sweep", out, "--seeds", "2"));
        assertThat(other.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(other.err).contains("must hold the same sweep", "seeds 1 -> 2", "--force");
        assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(3);
    }

    @Test
    @Tag("slow")
    void sameSeedAndConfigGiveTheSameResultsOnTheCpu() throws IOException {
        java.util.function.Function<String, CliRun> sweep =
                out ->
                        CliRun.of(
                                "sweep",
                                "--limit-train",
                                "150",
                                "--limit-val",
                                "60",
                                "--epochs",
                                "1",
                                "--batch-size",
                                "50",
                                "--gammas",
                                "0.8",
                                "--device",
                                "cpu",
                                "--out",
                                tmp.resolve(out).toString());
        CliRun first = sweep.apply("a");
        CliRun second = sweep.apply("b");
        assertThat(first.exitCode).isZero();
        assertThat(second.exitCode).isZero();
        // Everything but the wall time is identical.
        assertThat(RunFiles.epochsWithoutTimes(tmp.resolve("a")))
                .isEqualTo(RunFiles.epochsWithoutTimes(tmp.resolve("b")));
        assertThat(RunFiles.resultsWithoutTimes(tmp.resolve("a")))
                .isEqualTo(RunFiles.resultsWithoutTimes(tmp.resolve("b")));
    }

    @Test
    void badGammaForTheDataSetIsRefusedBeforeTraining() {
        Path out = tmp.resolve("bad");
        CliRun run = CliRun.of("sweep", "--gammas", "1.0,0.05", "--out", out.toString());
        assertThat(run.exitCode).as(run.err).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err)
                .contains(
                        "gamma must be in (1/K, 1] = (0.1, 1] for K=10 (data set embedded), got"
                                + " 0.05");
        assertThat(out).doesNotExist();
    }

    @Test
    void badNamesAndNumbersAreUsageErrors() {
        CliRun dataset =
                CliRun.of("sweep", "--dataset", "imagenet", "--out", tmp.resolve("a").toString());
        assertThat(dataset.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(dataset.err).contains("got 'imagenet'");
        CliRun model =
                CliRun.of("sweep", "--model", "resnet21-v1", "--out", tmp.resolve("b").toString());
        assertThat(model.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(model.err).contains("depth 21 is not 6n+2");
        CliRun epochs = CliRun.of("sweep", "--epochs", "0", "--out", tmp.resolve("c").toString());
        assertThat(epochs.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(epochs.err).contains("--epochs must be >= 1, got 0");
        CliRun both =
                CliRun.of(
                        "sweep",
                        "--gammas",
                        "1",
                        "--epsilons",
                        "0.1",
                        "--out",
                        tmp.resolve("d").toString());
        assertThat(both.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err)
                .contains("--gammas=LIST|paper, --epsilons=LIST are mutually exclusive");
        CliRun notANumber = CliRun.of("sweep", "--seeds", "many");
        assertThat(notANumber.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(notANumber.err).contains("'many'");
    }

    @Test
    void missingDataFilesFailAtOnceWithTheLayout() {
        CliRun run =
                CliRun.of(
                        "sweep",
                        "--dataset",
                        "cifar10",
                        "--data-dir",
                        tmp.toString(),
                        "--out",
                        tmp.resolve("e").toString());
        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err)
                .contains(
                        "data set cifar10 must have its files as",
                        "cifar-10-batches-bin",
                        "data_batch_1.bin");
    }

    @Test
    @Tag("slow")
    void trainRunsOneCell() throws IOException {
        Path out = tmp.resolve("one");
        CliRun run =
                CliRun.of(
                        "train",
                        "--limit-train",
                        "100",
                        "--limit-val",
                        "50",
                        "--epochs",
                        "1",
                        "--gammas",
                        "0.9",
                        "--out",
                        out.toString());
        assertThat(run.exitCode).as(run.err).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllLines(out.resolve("results.csv")))
                .hasSize(2)
                .last()
                .asString()
                .startsWith("embedded,resnet20-v1,0.9,0,0,1,");
        CliRun two =
                CliRun.of("train", "--gammas", "0.9,0.8", "--out", tmp.resolve("two").toString());
        assertThat(two.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(two.err)
                .contains(
                        "train must get one data set, one model, one loss configuration and one"
                                + " seed");
        CliRun penalties =
                CliRun.of("train", "--penalties", "0,0.5", "--out", tmp.resolve("four").toString());
        assertThat(penalties.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(penalties.err).contains("--penalties 0,0.5 --seeds 1; use sweep for grids");
        CliRun seeds = CliRun.of("train", "--seeds", "2", "--out", tmp.resolve("three").toString());
        assertThat(seeds.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(seeds.err).contains("--seeds 2; use sweep for grids");
    }
}
