package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep process killed with SIGKILL mid-cell resumes from the cell's last epoch checkpoint. */
class ResumeAfterKillTest {

    @TempDir Path tmp;

    private String[] sweep(Path out) {
        return new String[] {
            "sweep",
            "--limit-train",
            "600",
            "--limit-val",
            "100",
            "--epochs",
            "3",
            "--batch-size",
            "100",
            "--gammas",
            "1.0",
            "--out",
            out.toString()
        };
    }

    @Test
    @Tag("slow")
    void killedSweepResumesFromTheCheckpointAndLosesAtMostOneEpoch() throws Exception {
        Path out = tmp.resolve("run");
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command =
                new java.util.ArrayList<>(
                        List.of(
                                java.toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                Main.class.getName()));
        command.addAll(List.of(sweep(out)));
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(tmp.resolve("first.log").toFile())
                        .start();
        Path epochs = out.resolve("epochs.csv");
        Path state = out.resolve("checkpoints/embedded__resnet20-v1__g1__s1/state.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        while (!Files.exists(state) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        // Kill the launcher and the tuned JVM it started (as kill -9 of the process group would).
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle p : tree) {
            p.onExit().get(30, TimeUnit.SECONDS);
        }
        assertThat(state).as(Files.readString(tmp.resolve("first.log"))).exists();
        Matcher done = Pattern.compile("\"epochs\": (\\d+)").matcher(Files.readString(state));
        assertThat(done.find()).isTrue();
        int checkpointed = Integer.parseInt(done.group(1));
        assertThat(checkpointed).isBetween(1, 2);
        assertThat(rows(epochs)).isBetween(checkpointed, checkpointed + 1);
        assertThat(out.resolve("results.csv")).doesNotExist();

        var run = dev.labelsmooth.cli.CliRun.of(sweep(out));
        assertThat(run.exitCode).as(run.err).isEqualTo(ExitCodes.OK);
        List<String> epochRows = Files.readAllLines(epochs);
        // Epochs 1..3 each once: a row of an epoch killed before its checkpoint is replaced, not
        // repeated.
        assertThat(epochRows.stream().skip(1).map(r -> r.split(",")[6]))
                .containsExactly("1", "2", "3");
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertThat(results).hasSize(2);
        assertThat(results.get(1)).contains(",done,").contains(",3,");
        assertThat(Files.readString(out.resolve("sweep.log")))
                .contains("resuming from the checkpoint after epoch " + checkpointed);
        assertThat(out.resolve("checkpoints/embedded__resnet20-v1__g1__s1")).doesNotExist();
    }

    private static int rows(Path csv) throws IOException {
        if (!Files.exists(csv)) {
            return 0;
        }
        return Math.max(0, Files.readAllLines(csv).size() - 1);
    }
}
