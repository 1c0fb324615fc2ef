package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep killed with SIGKILL at random moments and resumed each time ends exactly as an
 * uninterrupted one: after every kill results.csv has no duplicate and keeps its earlier rows byte
 * for byte, epochs.csv has at most one row per cell and epoch, and the final files equal those of a
 * run that was never interrupted (checkpoints hold parameters, BatchNorm statistics and Adam's
 * moments, so nothing is lost but time).
 */
@Tag("slow")
class KillAndResumeTest {

    private static final int KILLS = 10;

    @TempDir Path tmp;

    private String[] sweep(Path data, Path out) {
        return new String[] {
            "sweep",
            "--dataset",
            "mnist",
            "--data-dir",
            data.toString(),
            "--gammas",
            "1.0,0.9",
            "--epochs",
            "3",
            "--batch-size",
            "25",
            // 20 of the 100 training images held out: a resume must also restore the
            // selected epoch's logits, or its temperature and test figures would differ.
            "--holdout",
            "20",
            "--out",
            out.toString()
        };
    }

    private static List<String> java(String... args) {
        return RunFiles.javaCommand(args);
    }

    private static void killTree(Process process) throws Exception {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle p : tree) {
            p.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    void killedAtRandomMomentsAndResumedEndsAsAnUninterruptedRun() throws Exception {
        Path data = TinyData.mnist(tmp.resolve("data"), 3);
        Path reference = tmp.resolve("reference");
        CliRun uninterrupted = CliRun.of(sweep(data, reference));
        assertThat(uninterrupted.exitCode).as(uninterrupted.err).isEqualTo(ExitCodes.OK);

        Path run = tmp.resolve("run");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> results = List.of();
        int kills = 0;
        for (int attempt = 0; attempt < 3 * KILLS && kills < KILLS; attempt++) {
            Path log = tmp.resolve("attempt-" + attempt + ".log");
            Process process =
                    new ProcessBuilder(java(sweep(data, run)))
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            // Mostly while training (the kill lands in an epoch, between an epoch's row and its
            // checkpoint, or while a result is written); sometimes while the JVM starts.
            boolean early = random.nextInt(5) == 0;
            long delay = early ? random.nextInt(1500) : random.nextInt(1000);
            if (!early) {
                RunFiles.awaitTraining(process, log);
            }
            if (process.waitFor(delay, TimeUnit.MILLISECONDS)) {
                assertThat(process.exitValue()).as(Files.readString(log)).isEqualTo(ExitCodes.OK);
                break; // finished before the kill
            }
            killTree(process);
            kills++;
            String where =
                    "seed "
                            + seed
                            + ", kill "
                            + kills
                            + " after "
                            + delay
                            + " ms"
                            + (early ? " from the start" : " into training");
            assertThat(Files.readString(log)).as(where).doesNotContain("AutoNonVariableTypeMode");

            List<String> now = lines(run.resolve("results.csv"));
            assertThat(now.size()).as(where).isGreaterThanOrEqualTo(results.size());
            assertThat(now.subList(0, results.size())).as(where).isEqualTo(results);
            Set<String> cells =
                    now.stream()
                            .skip(1)
                            .map(r -> String.join(",", List.of(r.split(",")).subList(0, 6)))
                            .collect(Collectors.toSet());
            assertThat(cells).as(where).hasSize(Math.max(0, now.size() - 1));
            results = now;

            List<String> epochs = lines(run.resolve("epochs.csv"));
            Map<String, Long> perEpoch =
                    epochs.stream()
                            .skip(1)
                            .map(r -> String.join(",", List.of(r.split(",")).subList(0, 7)))
                            .collect(Collectors.groupingBy(k -> k, Collectors.counting()));
            assertThat(perEpoch.values()).as(where).allMatch(n -> n == 1);
        }
        CliRun last = CliRun.of(sweep(data, run));
        assertThat(last.exitCode).as(last.err).isEqualTo(ExitCodes.OK);
        assertThat(kills).as("kills that landed (seed %d)", seed).isEqualTo(KILLS);

        // Every column but the wall times, the holdout's temperature and test figures included.
        assertThat(RunFiles.resultsWithoutTimes(run))
                .as("seed %d", seed)
                .isEqualTo(RunFiles.resultsWithoutTimes(reference));
        assertThat(RunFiles.epochsWithoutTimes(run))
                .isEqualTo(RunFiles.epochsWithoutTimes(reference));
        assertThat(lines(run.resolve("results.csv")).get(1).split(",", -1)[18])
                .as("a temperature was fitted")
                .isNotEmpty();
        assertThat(lines(run.resolve("calibration.csv")))
                .isEqualTo(lines(reference.resolve("calibration.csv")));
        assertThat(lines(run.resolve("summary.csv")))
                .isEqualTo(lines(reference.resolve("summary.csv")));
        assertThat(RunFiles.reportBody(run)).isEqualTo(RunFiles.reportBody(reference));
    }

    @Test
    void aTrainingProcessKilledBySignalIsReportedByItsLauncher() throws Exception {
        Path data = TinyData.mnist(tmp.resolve("data"), 3);
        Path log = tmp.resolve("launcher.log");
        List<String> command = new ArrayList<>(java(sweep(data, tmp.resolve("run"))));
        command.set(command.indexOf("--epochs") + 1, "50"); // far longer than the test waits
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Without the allocator settings in its environment the launcher starts a tuned child.
        builder.environment().keySet().removeIf(k -> k.startsWith("MALLOC_"));
        Process launcher = builder.start();
        // Kill the relaunched training JVM (the launcher's direct child) once it trains.
        RunFiles.awaitTraining(launcher, log);
        ProcessHandle child =
                launcher.children()
                        .filter(
                                p ->
                                        p.info()
                                                .commandLine()
                                                .orElse("")
                                                .contains(Main.class.getName()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no relaunched child: " + read(log)));
        child.destroyForcibly();
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).as(read(log)).isEqualTo(128 + 9);
        assertThat(Files.readString(log))
                .contains(
                        "error: training process killed by signal 9, possibly the out-of-memory"
                                + " killer (see dmesg); rerun the same command to resume");
    }
}
