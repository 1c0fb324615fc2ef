package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code search} end to end on the embedded data: rungs, stopped cells, the baseline trained to the
 * end, the report, and a search killed in the middle of a rung that resumes to the same decisions
 * and results as an uninterrupted one.
 */
@Tag("slow")
class SearchCommandTest {

    @TempDir Path tmp;

    private static String[] search(Path out) {
        return new String[] {
            "search",
            "--gammas",
            "1.0,0.9,0.7,0.5",
            "--eta",
            "2",
            "--epochs",
            "3",
            "--seeds",
            "2",
            "--limit-train",
            "200",
            "--limit-val",
            "100",
            "--batch-size",
            "50",
            "--out",
            out.toString()
        };
    }

    @Test
    void aSearchKilledInTheMiddleOfARungResumesToTheSameDecisions() throws Exception {
        Path whole = tmp.resolve("whole");
        CliRun run = CliRun.of(search(whole));
        assertThat(run.exitCode).as(run.err).isEqualTo(ExitCodes.OK);
        // Rungs at epochs 1, 2 and 3: 4 configurations, then 2, then 1; gamma = 1 to the end.
        List<String> rows = Files.readAllLines(whole.resolve("results.csv"));
        assertThat(rows).hasSize(1 + 4 * 2);
        long stoppedAt1 = rows.stream().filter(l -> l.matches(".*,stopped,10,[^,]*,1,.*")).count();
        long stoppedAt2 = rows.stream().filter(l -> l.matches(".*,stopped,10,[^,]*,2,.*")).count();
        long done = rows.stream().filter(l -> l.contains(",done,")).count();
        assertThat(rows.stream().filter(l -> l.contains(",stopped,")).count())
                .isEqualTo(stoppedAt1 + stoppedAt2);
        assertThat(rows.stream().filter(l -> l.startsWith("embedded,resnet20-v1,1.0,0,0,")))
                .allSatisfy(l -> assertThat(l).contains(",done,"));
        assertThat(done).isBetween(2L, 4L);
        String report = Files.readString(whole.resolve("report.md"));
        assertThat(report)
                .contains("## Search: successive halving (eta 2, first rung 1 epochs")
                .contains("| 0 | 1 |")
                .contains("2 of 4 |")
                .contains("Chosen: **gamma=")
                .doesNotContain("## Cells that did not finish");
        assertThat(whole.resolve("checkpoints")).doesNotExist();

        // A search's own directory is not a full sweep to replay a search on.
        CliRun replay = CliRun.of("search", "--replay", whole.toString());
        assertThat(replay.exitCode).as(replay.err).isEqualTo(ExitCodes.USAGE);
        assertThat(replay.err)
                .contains("--replay must name the run directory of a full sweep")
                .contains("by a search (this is a search's directory)");

        // Killed once the first survivor of rung 1 has paused, and rerun.
        Path killed = tmp.resolve("killed");
        Path log = tmp.resolve("killed.log");
        Process process =
                new ProcessBuilder(java(search(killed)))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(900);
        while (process.isAlive()
                && System.nanoTime() < deadline
                && !Files.readString(log).contains("paused after epoch 2")) {
            Thread.sleep(20);
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(Files.readString(log)).contains("paused after epoch 2");
        CliRun resumed = CliRun.of(search(killed));
        assertThat(resumed.exitCode).as(resumed.err).isEqualTo(ExitCodes.OK);
        assertThat(RunFiles.resultsWithoutTimes(killed))
                .containsExactlyInAnyOrderElementsOf(RunFiles.resultsWithoutTimes(whole));
        assertThat(RunFiles.reportBody(killed).replaceAll("\\| [0-9.]+ s", ""))
                .isEqualTo(RunFiles.reportBody(whole).replaceAll("\\| [0-9.]+ s", ""));

        // Two shards side by side, each training its cells of every rung and waiting for the
        // other's: the same decisions (which cell stopped at which epoch) and the same choice as
        // one process. (Accuracies differ in the last digits: a worker has one thread, the
        // process above two, and libtorch sums in another order.)
        Path sharded = tmp.resolve("sharded");
        List<String> args = new java.util.ArrayList<>(List.of(search(sharded)));
        args.addAll(List.of("--workers", "2"));
        CliRun two = CliRun.of(args.toArray(String[]::new));
        assertThat(two.exitCode).as(two.err).isEqualTo(ExitCodes.OK);
        assertThat(decisions(sharded)).containsExactlyInAnyOrderElementsOf(decisions(whole));
        assertThat(chosen(sharded)).isEqualTo(chosen(whole));
        assertThat(
                        Files.readString(sharded.resolve("shards/0-of-2/sweep.log"))
                                + Files.readString(sharded.resolve("shards/1-of-2/sweep.log")))
                .contains("waiting for");
    }

    @Test
    void aSearchWorkerKilledOutrightEndsTheSearchInsteadOfLeavingTheOthersWaiting()
            throws Exception {
        Path out = tmp.resolve("workers");
        Path log = tmp.resolve("workers.log");
        List<String> args = new java.util.ArrayList<>(List.of(search(out)));
        args.addAll(List.of("--workers", "2"));
        Process parent =
                new ProcessBuilder(java(args.toArray(String[]::new)))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        Path worker1Log = out.resolve("shards/1-of-2/sweep.log");
        while (parent.isAlive()
                && System.nanoTime() < deadline
                && !(Files.exists(worker1Log)
                        && Files.readString(worker1Log).contains("epoch 1/"))) {
            Thread.sleep(50);
        }
        ProcessHandle worker1 =
                parent.descendants()
                        .filter(p -> p.info().commandLine().orElse("").contains("--shard 1/2"))
                        .reduce((first, last) -> last) // the JVM, not the launcher before it
                        .orElseThrow();
        worker1.destroyForcibly();
        assertThat(parent.waitFor(300, TimeUnit.SECONDS))
                .as("the search parent ends once a worker is gone")
                .isTrue();
        String text = Files.readString(log);
        assertThat(parent.exitValue()).as(text).isEqualTo(137);
        assertThat(text)
                .contains("error: worker 1/2 ended with exit code 137 (signal 9)")
                .contains("the other workers of a search would wait for its cells: stopping them");
        // The other worker stopped with a checkpoint (a resumed search is tested above).
        assertThat(text)
                .containsPattern("stopped by SIGTERM (at epoch \\d+ step \\d+|while waiting)");
    }

    /** The chosen configuration's label, from the report. */
    private static String chosen(Path run) throws java.io.IOException {
        String line =
                Files.readAllLines(run.resolve("report.md")).stream()
                        .filter(l -> l.startsWith("Chosen:"))
                        .findFirst()
                        .orElseThrow();
        return line.substring(0, line.indexOf("**", line.indexOf("**") + 2));
    }

    /** Each cell's configuration, seed, status and epochs trained, from results.csv. */
    private static List<String> decisions(Path run) throws java.io.IOException {
        return Files.readAllLines(run.resolve("results.csv")).stream()
                .skip(1)
                .map(
                        l -> {
                            String[] f = l.split(",");
                            return String.join(",", f[2], f[3], f[4], f[5], f[7], f[10]);
                        })
                .toList();
    }

    @Test
    void badSearchOptionsAreRefusedNamingThem() {
        CliRun eta = CliRun.of("search", "--eta", "1", "--out", tmp.resolve("a").toString());
        assertThat(eta.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(eta.err).contains("--eta must be >= 2, got 1");
        CliRun min =
                CliRun.of(
                        "search",
                        "--min-epochs",
                        "5",
                        "--epochs",
                        "3",
                        "--out",
                        tmp.resolve("b").toString());
        assertThat(min.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(min.err).contains("--min-epochs must be in [1, --epochs=3], got 5");
        CliRun workers =
                CliRun.of("search", "--workers", "0", "--out", tmp.resolve("c").toString());
        assertThat(workers.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(workers.err).contains("--workers must be >= 1, got 0");
        assertThat(tmp.resolve("a")).doesNotExist();
    }

    private static List<String> java(String... args) {
        return RunFiles.javaCommand(args);
    }
}
