package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labelsmooth.experiment.device.DeviceSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grid split into shards, each trained into its own directory and merged by {@code report}, ends
 * exactly as the same grid trained in one process (same threads per process).
 */
@Tag("slow")
class ShardedSweepTest {

    @TempDir Path tmp;

    private static String[] sweep(Path out, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "sweep",
                                "--limit-train",
                                "200",
                                "--limit-val",
                                "100",
                                "--epochs",
                                "1",
                                "--batch-size",
                                "50",
                                "--gammas",
                                "1.0,0.9,0.7",
                                "--out",
                                out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static void ok(CliRun run) {
        assertThat(run.exitCode).as(run.err).isEqualTo(ExitCodes.OK);
    }

    @Test
    void shardsMergedByReportEqualAnUnshardedRun() throws IOException {
        Path whole = tmp.resolve("whole");
        ok(CliRun.of(sweep(whole)));
        Path sharded = tmp.resolve("sharded");
        ok(CliRun.of(sweep(sharded, "--shard", "1/2")));

        // A partial grid renders with its progress and the missing cells.
        ok(CliRun.of("report", "--results", sharded.toString()));
        assertThat(Files.readString(sharded.resolve("report.md")))
                .contains("**1 of 3 cells done, 0 failed.** Not finished yet:")
                .contains("embedded resnet20-v1 gamma=1 seed=1");
        CliRun status = CliRun.of("status", "--results", sharded.toString());
        ok(status);
        assertThat(status.out)
                .containsPattern("0-of-2 +2 +0 +0 +0 +2")
                .containsPattern("1-of-2 +1 +1 +0 +0 +0  finished");

        ok(CliRun.of(sweep(sharded, "--shard", "0/2")));
        assertThat(Files.readAllLines(sharded.resolve("shards/0-of-2/results.csv"))).hasSize(3);
        assertThat(Files.readAllLines(sharded.resolve("shards/1-of-2/results.csv"))).hasSize(2);
        ok(CliRun.of("report", "--results", sharded.toString()));
        assertThat(RunFiles.resultsWithoutTimes(sharded))
                .isEqualTo(RunFiles.resultsWithoutTimes(whole));
        assertThat(Files.readAllLines(sharded.resolve("summary.csv")))
                .isEqualTo(Files.readAllLines(whole.resolve("summary.csv")));
        assertThat(RunFiles.reportBody(sharded)).isEqualTo(RunFiles.reportBody(whole));

        // A copy of a shard's folder brought back from another machine merges as well.
        Path copied = Files.createDirectories(tmp.resolve("copied"));
        for (String file : List.of("results.csv", "provenance.json", "calibration.csv")) {
            Files.copy(sharded.resolve("shards/0-of-2").resolve(file), copied.resolve(file));
        }
        Path merged = tmp.resolve("merged");
        ok(
                CliRun.of(
                        "report",
                        "--results",
                        sharded.resolve("shards/1-of-2").toString(),
                        copied.toString(),
                        "--out",
                        merged.toString()));
        assertThat(RunFiles.resultsWithoutTimes(merged))
                .isEqualTo(RunFiles.resultsWithoutTimes(whole));

        // A results file alone cannot be checked to come from this sweep: not merged.
        Path bare = tmp.resolve("bare.csv");
        Files.copy(copied.resolve("results.csv"), bare);
        CliRun unchecked =
                CliRun.of(
                        "report",
                        "--results",
                        sharded.resolve("shards/1-of-2").toString(),
                        bare.toString(),
                        "--out",
                        tmp.resolve("unchecked").toString());
        assertThat(unchecked.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(unchecked.err)
                .contains("every results file merged with others must have the provenance.json")
                .contains("got " + bare.toAbsolutePath() + " without one");
        assertThat(tmp.resolve("unchecked")).doesNotExist();
    }

    @Test
    void aShardDeletedAfterAReportIsNotReportedFromTheStaleMergedResults() throws IOException {
        Path run = tmp.resolve("run");
        ok(CliRun.of(sweep(run, "--shard", "0/2")));
        ok(CliRun.of(sweep(run, "--shard", "1/2")));
        ok(CliRun.of("report", "--results", run.toString()));
        assertThat(Files.readAllLines(run.resolve("results.csv"))).hasSize(4);

        RunFiles.deleteTree(run.resolve("shards/1-of-2"));
        ok(CliRun.of("report", "--results", run.toString()));
        assertThat(Files.readAllLines(run.resolve("results.csv"))).hasSize(3);
        assertThat(Files.readString(run.resolve("report.md")))
                .contains("**2 of 3 cells done, 0 failed.** Not finished yet:");
    }

    /** A Fashion-MNIST folder of Debian's files; {@code altered}: its test labels re-compressed. */
    private Path fashionMnist(String name, boolean altered) throws IOException {
        Path debian = Path.of("/usr/share/datasets/fashion-mnist");
        Path dir = Files.createDirectories(tmp.resolve(name).resolve("fashion-mnist"));
        try (var files = Files.list(debian)) {
            for (Path f : files.toList()) {
                Path link = dir.resolve(f.getFileName());
                if (altered && f.getFileName().toString().startsWith("t10k-labels")) {
                    // The same labels, other bytes: gzip at another level and time stamp.
                    byte[] labels;
                    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(f))) {
                        labels = in.readAllBytes();
                    }
                    try (var out =
                            new java.util.zip.GZIPOutputStream(Files.newOutputStream(link))) {
                        out.write(labels);
                    }
                } else {
                    Files.createSymbolicLink(link, f);
                }
            }
        }
        return dir.getParent();
    }

    @Test
    void shardsTrainedOnDifferentDataAreRefusedBySweepAndByReport() throws IOException {
        Path a = fashionMnist("a", false);
        Path b = fashionMnist("b", true);
        Path run = tmp.resolve("data");
        String[] onA = {"--dataset", "fashion-mnist", "--data-dir", a.toString()};
        String[] onB = {"--dataset", "fashion-mnist", "--data-dir", b.toString()};
        ok(CliRun.of(sweep(run, concat(onA, "--shard", "0/2"))));
        CliRun other = CliRun.of(sweep(run, concat(onB, "--shard", "1/2")));
        assertThat(other.exitCode).as(other.err).isEqualTo(ExitCodes.USAGE);
        assertThat(other.err)
                .contains("shard 1/2 must train on the data of shard 0/2")
                .containsPattern("t10k-labels-idx1-ubyte.gz with SHA-256 [0-9a-f]{64} where")
                .contains("use the same --data-dir and files for every shard");
        assertThat(run.resolve("shards/1-of-2")).doesNotExist();

        // The other shard trained elsewhere on the other data, then merged by report.
        Path elsewhere = tmp.resolve("elsewhere");
        ok(CliRun.of(sweep(elsewhere, concat(onB, "--shard", "1/2"))));
        CliRun report =
                CliRun.of(
                        "report",
                        "--results",
                        run.toString(),
                        elsewhere.toString(),
                        "--out",
                        tmp.resolve("both").toString());
        assertThat(report.exitCode).as(report.err).isEqualTo(ExitCodes.USAGE);
        assertThat(report.err)
                .contains("--results must all be trained on the same data")
                .contains("data set fashion-mnist: ")
                .contains("t10k-labels-idx1-ubyte.gz with SHA-256");
        assertThat(tmp.resolve("both")).doesNotExist();
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void aShardWithAnotherConfigurationOrCountIsRefusedAndChangesNothing() throws IOException {
        Path run = tmp.resolve("run");
        ok(CliRun.of(sweep(run, "--shard", "0/2")));
        List<String> before = Files.readAllLines(run.resolve("shards/0-of-2/results.csv"));
        CliRun other = CliRun.of(sweep(run, "--shard", "1/2", "--bn-momentum", "0.5"));
        assertThat(other.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(other.err)
                .contains("shard 1/2 must have the configuration of shard 0/2")
                .contains("recipe.bnMomentum 0.9 -> 0.5");
        CliRun count = CliRun.of(sweep(run, "--shard", "0/3"));
        assertThat(count.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(count.err).contains("--shard 0/3 must split the grid into as many shards as");
        assertThat(run.resolve("shards/1-of-2")).doesNotExist();
        assertThat(run.resolve("shards/0-of-3")).doesNotExist();
        assertThat(Files.readAllLines(run.resolve("shards/0-of-2/results.csv"))).isEqualTo(before);

        // --force starts the sharded run over with the new configuration.
        ok(CliRun.of(sweep(run, "--shard", "1/2", "--bn-momentum", "0.5", "--force")));
        assertThat(run.resolve("shards/0-of-2")).doesNotExist();
        assertThat(Files.readString(run.resolve("shards/1-of-2/provenance.json")))
                .contains("\"bnMomentum\": 0.5");
    }

    @Test
    void reportOverRunsOfDifferentSweepsIsRefused() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        ok(CliRun.of(sweep(a)));
        ok(CliRun.of(sweep(b, "--bn-momentum", "0.5")));
        CliRun run =
                CliRun.of(
                        "report",
                        "--results",
                        a.toString(),
                        b.toString(),
                        "--out",
                        tmp.resolve("ab").toString());
        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err)
                .contains("--results must all hold one sweep")
                .contains("recipe.bnMomentum 0.9 -> 0.5");
        assertThat(tmp.resolve("ab")).doesNotExist();
    }

    @Test
    void localWorkersTrainTheShardsSideBySideAndMergeTheReport() throws IOException {
        Path run = tmp.resolve("workers");
        // More workers than the grid's three cells: one worker per cell.
        CliRun workers = CliRun.of(sweep(run, "--workers", "5"));
        ok(workers);
        assertThat(workers.err).contains("--workers 5 on a grid of 3 cells: starting 3 workers");
        for (int k = 0; k < 3; k++) {
            assertThat(Files.readAllLines(run.resolve("shards/" + k + "-of-3/results.csv")))
                    .hasSize(2);
        }
        assertThat(Files.readAllLines(run.resolve("results.csv"))).hasSize(4);
        assertThat(Files.readString(run.resolve("shards/0-of-3/sweep.log")))
                .contains("with 1 threads");

        // An array task whose shard holds no cell has nothing to do and writes nothing.
        Path wide = tmp.resolve("wide");
        CliRun empty = CliRun.of(sweep(wide, "--shard", "3/4"));
        ok(empty);
        assertThat(empty.out).contains("shard 3/4 holds no cell of this grid: nothing to do");
        assertThat(wide).doesNotExist();
    }

    @Test
    void gpusStartOneWorkerPerGpuEachSeeingOnlyItsOwn() throws Exception {
        Path run = tmp.resolve("gpus");
        ProcessBuilder parent =
                new ProcessBuilder(
                                RunFiles.javaCommand(
                                        sweep(run, "--device", "gpu:1", "--gpus", "2")))
                        .redirectErrorStream(true);
        // Three GPUs that are the CPU: the workers must get GPUs 1 and 2.
        parent.environment().put(DeviceSelection.PRETEND_GPUS, "3");
        Process p = parent.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isEqualTo(ExitCodes.OK);
        int cpus = Runtime.getRuntime().availableProcessors();
        String threads = "LABELSMOOTH_THREADS=" + Math.max(1, cpus / 2);
        String args = String.join(" ", sweep(run)) + " --device gpu --shard ";
        assertThat(out)
                .contains("worker 0/2: CUDA_VISIBLE_DEVICES=1 " + threads + " " + args + "0/2")
                .contains("worker 1/2: CUDA_VISIBLE_DEVICES=2 " + threads + " " + args + "1/2");
        assertThat(Files.readAllLines(run.resolve("results.csv"))).hasSize(4);
        for (String shard : List.of("0-of-2", "1-of-2")) {
            String provenance =
                    Files.readString(run.resolve("shards/" + shard + "/provenance.json"));
            assertThat(provenance).contains("\"device\": \"gpu\"");
            assertThat(provenance)
                    .contains("\"cudaVisibleDevices\": \"" + (shard.startsWith("0") ? 1 : 2));
        }

        // The run was trained on (pretend) GPUs: finishing it on the CPU is refused.
        CliRun cpu = CliRun.of(sweep(run, "--shard", "0/2", "--device", "cpu"));
        assertThat(cpu.exitCode).as(cpu.err).isEqualTo(ExitCodes.USAGE);
        assertThat(cpu.err).contains("device kind gpu -> cpu");
    }
}
