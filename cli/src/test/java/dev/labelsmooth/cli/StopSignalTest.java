package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM, as {@code timeout}, {@code scancel}, a time limit or Kubernetes send it, at random
 * moments of a sweep: every time the process stops at a step boundary with a checkpoint of that
 * step and exits 143, never with a JVM crash report, and the resumed run ends exactly as an
 * uninterrupted one. Every third stop gets a second SIGTERM while the first is being handled: the
 * checkpoint written (or the one before it) stays whole.
 */
@Tag("slow")
class StopSignalTest {

    private static final int STOPS = 20;

    @TempDir Path tmp;

    private static String[] sweep(Path data, Path out) {
        return new String[] {
            "sweep",
            "--dataset",
            "mnist",
            "--data-dir",
            data.toString(),
            "--gammas",
            "1.0,0.9,0.8",
            "--epochs",
            "6",
            "--batch-size",
            "25",
            "--holdout",
            "20",
            "--out",
            out.toString()
        };
    }

    /** The sweep as a user starts it: the launcher relaunches a tuned training JVM. */
    private static ProcessBuilder launcher(String[] args, Path workDir, Path log) {
        ProcessBuilder builder =
                new ProcessBuilder(RunFiles.javaCommand(args))
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("MALLOC_"));
        builder.environment().remove(NativeMemory.SWITCH);
        return builder;
    }

    @Test
    void sigtermAtRandomMomentsStopsCleanlyAndTheResumedRunEndsAsAnUninterruptedOne()
            throws Exception {
        Path data = TinyData.mnist(tmp.resolve("data"), 3);
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path reference = tmp.resolve("reference");
        CliRun uninterrupted = CliRun.of(sweep(data, reference));
        assertThat(uninterrupted.exitCode).as(uninterrupted.err).isEqualTo(ExitCodes.OK);

        Path run = tmp.resolve("run");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int stops = 0;
        int midEpoch = 0;
        int doubled = 0;
        for (int attempt = 0; attempt < 3 * STOPS && stops < STOPS; attempt++) {
            Path log = tmp.resolve("attempt-" + attempt + ".log");
            Process process = launcher(sweep(data, run), work, log).start();
            RunFiles.awaitTraining(process, log);
            long delay = random.nextInt(1200);
            if (process.waitFor(delay, TimeUnit.MILLISECONDS)) {
                assertThat(process.exitValue()).as(Files.readString(log)).isEqualTo(ExitCodes.OK);
                break; // finished before the signal
            }
            process.destroy(); // SIGTERM to the launcher, which forwards it
            boolean twice = stops % 3 == 2;
            if (twice) {
                // A second signal while the first stop writes its checkpoint: still one clean stop.
                Thread.sleep(random.nextInt(300));
                process.destroy();
                doubled++;
            }
            String where =
                    "seed "
                            + seed
                            + ", SIGTERM "
                            + (stops + 1)
                            + (twice ? " (sent twice)" : "")
                            + " after "
                            + delay
                            + " ms";
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(where).isTrue();
            String text = Files.readString(log);
            assertThat(text)
                    .as(where)
                    .doesNotContain("A fatal error has been detected", "SIGSEGV", "hs_err");
            if (process.exitValue() == ExitCodes.OK) {
                break; // the signal came while the report was written, after the last cell
            }
            assertThat(process.exitValue()).as(where + "\n" + text).isEqualTo(128 + 15);
            assertThat(text)
                    .as(where)
                    .containsPattern(
                            "stopped by SIGTERM at epoch [1-6] step [0-3]; rerun to resume");
            if (text.matches("(?s).*stopped by SIGTERM at epoch [1-6] step [1-3];.*")) {
                midEpoch++;
            }
            stops++;
        }
        System.out.printf(
                "StopSignalTest: %d SIGTERMs landed (%d of them sent twice), %d part-way through an"
                        + " epoch (seed %d)%n",
                stops, doubled, midEpoch, seed);
        CliRun last = CliRun.of(sweep(data, run));
        assertThat(last.exitCode).as(last.err).isEqualTo(ExitCodes.OK);
        assertThat(stops).as("stops that landed (seed %d)", seed).isGreaterThanOrEqualTo(STOPS / 2);
        assertThat(midEpoch).as("stops part-way through an epoch").isPositive();

        List<String> crashReports = new ArrayList<>();
        try (var files = Files.walk(tmp)) {
            files.filter(f -> f.getFileName().toString().startsWith("hs_err"))
                    .forEach(f -> crashReports.add(f.toString()));
        }
        assertThat(crashReports).isEmpty();
        assertThat(RunFiles.resultsWithoutTimes(run))
                .as("seed %d", seed)
                .isEqualTo(RunFiles.resultsWithoutTimes(reference));
        assertThat(RunFiles.epochsWithoutTimes(run))
                .isEqualTo(RunFiles.epochsWithoutTimes(reference));
        assertThat(Files.readAllLines(run.resolve("calibration.csv")))
                .isEqualTo(Files.readAllLines(reference.resolve("calibration.csv")));
    }
}
