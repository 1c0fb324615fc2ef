package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real deploy/slurm/sweep-array.sbatch on a real one-node Slurm cluster started from Debian's
 * packages: a 2-task array trains a 4-cell grid, and its merged report equals an unsharded run with
 * the same threads per process; an array task SIGKILLed mid-cell and requeued resumes from its
 * checkpoint, loses at most one epoch and changes nothing else. CI sets LABELSMOOTH_REQUIRE_SLURM=1
 * (and installs the packages); elsewhere the test is skipped when Slurm is not installed.
 */
class SlurmJobArrayIT {

    private static final Path REPO = Paths.get("..").toAbsolutePath().normalize();
    private static final Path SUBMIT = REPO.resolve("deploy/slurm/submit-sweep.sh");
    private static final Path CLUSTER = REPO.resolve("deploy/slurm/local-cluster.sh");

    @TempDir static Path tmp;

    private static Path clusterDir;
    private static String slurmConf;

    private static final List<String> GRID =
            List.of(
                    "--limit-train",
                    "200",
                    "--limit-val",
                    "100",
                    "--epochs",
                    "2",
                    "--batch-size",
                    "50",
                    "--gammas",
                    "1.0,0.9,0.8,0.7");

    @BeforeAll
    static void startCluster() throws Exception {
        boolean installed =
                Files.isExecutable(Path.of("/usr/sbin/slurmctld"))
                        && Files.isExecutable(Path.of("/usr/bin/sbatch"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!installed || !root) {
            if ("1".equals(System.getenv("LABELSMOOTH_REQUIRE_SLURM"))) {
                fail(
                        "Slurm must be installed (slurmctld, slurmd, slurm-client, munge) and the"
                                + " test run as root, got installed="
                                + installed
                                + " root="
                                + root);
            }
            Assumptions.abort(
                    "Slurm is not installed here (apt-get install slurmctld slurmd slurm-client"
                            + " munge)");
        }
        clusterDir = tmp.resolve("cluster");
        String out =
                run(
                        List.of("bash", CLUSTER.toString(), "start", clusterDir.toString()),
                        Map.of(),
                        120);
        Matcher conf = Pattern.compile("SLURM_CONF=(\\S+)").matcher(out);
        assertThat(conf.find()).as(out).isTrue();
        slurmConf = conf.group(1);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (clusterDir != null) {
            // Also after a start that failed: the daemons it did start must not outlive the test.
            if (slurmConf != null) {
                run(List.of("scancel", "--user=root"), Map.of("SLURM_CONF", slurmConf), 30);
            }
            run(List.of("bash", CLUSTER.toString(), "stop", clusterDir.toString()), Map.of(), 60);
        }
    }

    private static String jar() {
        return System.getProperty("labelsmooth.jar");
    }

    private static String run(List<String> command, Map<String, String> env, int seconds)
            throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as("%s timed out", command).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s: %s", command, text).isZero();
        return text;
    }

    /** Where submit-sweep.sh puts a task's log: under the run directory. */
    private static Path jobLog(Path out, String job) {
        return out.resolve("slurm-logs").resolve(job + "_0.out");
    }

    private static String submit(Path out, int tasks) throws Exception {
        return submit(out, tasks, List.of(), GRID);
    }

    private static String submit(Path out, int tasks, List<String> sbatch, List<String> grid)
            throws Exception {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                SUBMIT.toString(),
                                "--parsable",
                                "--gres=none",
                                "--cpus-per-task=1"));
        command.addAll(sbatch);
        command.addAll(List.of(Integer.toString(tasks), "--out", out.toString()));
        command.addAll(grid);
        return run(command, Map.of("SLURM_CONF", slurmConf, "LABELSMOOTH_JAR", jar()), 60).strip();
    }

    /**
     * A grid that trains for about a minute and a half with one thread here: longer than the
     * one-minute limit of the time-limit test.
     */
    private static final List<String> LONG_GRID =
            List.of(
                    "--limit-train",
                    "200",
                    "--limit-val",
                    "100",
                    "--holdout",
                    "100",
                    "--epochs",
                    "24",
                    "--batch-size",
                    "50",
                    "--gammas",
                    "1.0,0.9");

    @Test
    void aTaskWarnedOfItsTimeLimitStopsMidEpochIsRequeuedAndEndsAsAnUninterruptedRun()
            throws Exception {
        Path out = tmp.resolve("time-limit");
        // One minute per start, SIGUSR1 30 s before its end: Slurm checks limits about every
        // 30 s, so a start trains between about 30 and 60 s before the warning.
        String job = submit(out, 1, List.of("--time=1", "--signal=B:USR1@30"), LONG_GRID);
        // The uninterrupted run to compare with, on the other core while the task runs on one.
        Path reference = tmp.resolve("time-limit-reference");
        List<String> command =
                new ArrayList<>(
                        List.of("java", "-jar", jar(), "sweep", "--out", reference.toString()));
        command.addAll(LONG_GRID);
        ProcessBuilder uninterrupted =
                new ProcessBuilder(command)
                        .directory(REPO.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(tmp.resolve("time-limit-reference.log").toFile());
        uninterrupted.environment().put("LABELSMOOTH_THREADS", "1");
        Process referenceRun = uninterrupted.start();
        Map<String, String> env = Map.of("SLURM_CONF", slurmConf);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(900);
        int released = 0;
        long pendingSince = 0;
        boolean resubmitted = false;
        List<String> jobs = new ArrayList<>();
        String state = "";
        // The task's own record, not squeue: a task between its requeue and its next pending
        // state is briefly in none of squeue's default states.
        while (!state.equals("COMPLETED")) {
            assertThat(System.nanoTime())
                    .as("job %s not completed after 900 s (last state %s)", job, state)
                    .isLessThan(deadline);
            String record = run(List.of("scontrol", "show", "job", job + "_0"), env, 30);
            Matcher jobState = Pattern.compile("JobState=(\\S+)").matcher(record);
            state = jobState.find() ? jobState.group(1) : "";
            Path jobLogFile = jobLog(out, job);
            if (state.equals("FAILED") && record.contains("RunTime=00:00:00") && !resubmitted) {
                // Slurm killed a start before it ran ("Job credential revoked": the start came
                // too soon after the requeue); the delay below makes it rare; submit once more.
                System.err.printf(
                        "time-limit test: job %s failed before it ran; resubmitting%n%s%n%s%n",
                        job,
                        record,
                        Files.exists(jobLogFile) ? Files.readString(jobLogFile) : "(no job log)");
                resubmitted = true;
                jobs.add(job);
                job = submit(out, 1, List.of("--time=1", "--signal=B:USR1@30"), LONG_GRID);
                state = "";
                continue;
            }
            assertThat(state)
                    .as(
                            "%s%njob log:%n%s",
                            record,
                            Files.exists(jobLogFile) ? Files.readString(jobLogFile) : "(none)")
                    .isNotIn("FAILED", "TIMEOUT", "CANCELLED", "NODE_FAIL", "OUT_OF_MEMORY");
            if (state.equals("PENDING") && record.contains("Reason=BeginTime")) {
                // Slurm holds a requeued job until its begin time (about two minutes); start it
                // sooner, but not at once: a start within a second or so of the requeue can find
                // the last start's credential still revoked ("Killing non-startable batch job").
                pendingSince = pendingSince == 0 ? System.nanoTime() : pendingSince;
                if (System.nanoTime() - pendingSince > TimeUnit.SECONDS.toNanos(5)) {
                    run(
                            List.of("scontrol", "update", "JobId=" + job + "_0", "StartTime=now"),
                            env,
                            30);
                    released++;
                    pendingSince = 0;
                }
            } else {
                pendingSince = 0;
            }
            Thread.sleep(1000);
        }
        String log = Files.readString(out.resolve("sweep.log"));
        jobs.add(job);
        StringBuilder logs = new StringBuilder();
        for (String j : jobs) {
            logs.append(Files.readString(jobLog(out, j)));
        }
        String jobLog = logs.toString();
        assertThat(jobLog)
                .containsPattern(
                        "the time limit is near; task (" + String.join("|", jobs) + ")_0 stopped");
        assertThat(log)
                .as("sweep.log, after the job log:%n%s", jobLog)
                .containsPattern("stopped by SIGUSR1 at epoch \\d+ step \\d+; rerun to resume")
                .containsPattern("resuming from the checkpoint (at epoch \\d+ step|after epoch)");
        assertThat(released).as("requeued starts released").isPositive();
        Path referenceLog = tmp.resolve("time-limit-reference.log");
        assertThat(referenceRun.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(referenceRun.exitValue()).as(Files.readString(referenceLog)).isZero();
        assertThat(RunFiles.resultsWithoutTimes(out))
                .isEqualTo(RunFiles.resultsWithoutTimes(reference));
        assertThat(RunFiles.epochsWithoutTimes(out))
                .isEqualTo(RunFiles.epochsWithoutTimes(reference));
        try (Stream<Path> files = Files.walk(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .noneMatch(n -> n.startsWith("hs_err"));
        }
    }

    /** Waits until none of our jobs is pending or running. */
    private static void awaitQueueEmpty(int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String queue =
                    run(
                            List.of("squeue", "-h", "-o", "%i %T"),
                            Map.of("SLURM_CONF", slurmConf),
                            30);
            if (queue.isBlank()) {
                return;
            }
            Thread.sleep(500);
        }
        fail("Slurm jobs still queued after " + seconds + " s");
    }

    /** An unsharded run of the same grid with one thread, as each array task has. */
    private static Path reference() throws Exception {
        Path out = tmp.resolve("reference");
        if (!Files.exists(out.resolve("results.csv"))) {
            List<String> command =
                    new ArrayList<>(
                            List.of("java", "-jar", jar(), "sweep", "--out", out.toString()));
            command.addAll(GRID);
            run(command, Map.of("LABELSMOOTH_THREADS", "1"), 600);
        }
        return out;
    }

    @Test
    void arrayShardsMergeIntoTheReportOfAnUnshardedRun() throws Exception {
        Path out = tmp.resolve("array");
        submit(out, 2);
        awaitQueueEmpty(600);
        assertThat(out.resolve("shards/0-of-2/results.csv")).exists();
        assertThat(out.resolve("shards/1-of-2/results.csv")).exists();
        // The dependent job has rendered the merged report; render it again to compare.
        assertThat(out.resolve("report.md")).exists();
        run(List.of("java", "-jar", jar(), "report", "--results", out.toString()), Map.of(), 120);
        Path reference = reference();
        assertThat(RunFiles.resultsWithoutTimes(out))
                .isEqualTo(RunFiles.resultsWithoutTimes(reference));
        assertThat(Files.readAllLines(out.resolve("summary.csv")))
                .isEqualTo(Files.readAllLines(reference.resolve("summary.csv")));
        assertThat(RunFiles.reportBody(out)).isEqualTo(RunFiles.reportBody(reference));
        assertThat(Files.readString(out.resolve("shards/0-of-2/sweep.log")))
                .contains("with 1 threads");
    }

    @Test
    void aKilledAndRequeuedTaskResumesLosingAtMostOneEpoch() throws Exception {
        Path out = tmp.resolve("killed");
        String job = submit(out, 2);
        Path checkpoints = out.resolve("shards/0-of-2/checkpoints");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline && !hasState(checkpoints)) {
            Thread.sleep(100);
        }
        assertThat(hasState(checkpoints)).as("a checkpoint of shard 0 within 300 s").isTrue();
        Map<String, String> env = Map.of("SLURM_CONF", slurmConf);
        run(List.of("scancel", "--signal=KILL", "--full", job + "_0"), env, 30);
        int rowsAtKill = unfinishedEpochRows(out.resolve("shards/0-of-2"));
        // Requeue once the kill has ended the task.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < until) {
            String state = run(List.of("scontrol", "show", "job", job + "_0"), env, 30);
            if (!state.contains("JobState=RUNNING") && !state.contains("JobState=COMPLETING")) {
                break;
            }
            Thread.sleep(200);
        }
        run(List.of("scontrol", "requeue", job + "_0"), env, 30);
        // Slurm holds a requeued job for a while (its begin time); start it now.
        run(List.of("scontrol", "update", "JobId=" + job + "_0", "StartTime=now"), env, 30);
        awaitQueueEmpty(600);
        String log = Files.readString(out.resolve("shards/0-of-2/sweep.log"));
        Matcher resumed =
                Pattern.compile("resuming from the checkpoint after epoch (\\d+)").matcher(log);
        assertThat(resumed.find()).as(log).isTrue();
        // The interrupted cell had written rowsAtKill epochs; it resumed after the last
        // checkpointed one, so at most the epoch after it is trained again.
        int checkpointed = Integer.parseInt(resumed.group(1));
        assertThat(checkpointed).isBetween(rowsAtKill - 1, rowsAtKill);
        run(List.of("java", "-jar", jar(), "report", "--results", out.toString()), Map.of(), 120);
        assertThat(RunFiles.resultsWithoutTimes(out))
                .isEqualTo(RunFiles.resultsWithoutTimes(reference()));
    }

    private static boolean hasState(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(checkpoints)) {
            return files.anyMatch(p -> p.getFileName().toString().equals("state.json"));
        }
    }

    /** Epoch rows of cells that have no result yet: the epochs the running cell finished. */
    private static int unfinishedEpochRows(Path shard) throws IOException {
        List<String> finished =
                Files.exists(shard.resolve("results.csv"))
                        ? Files.readAllLines(shard.resolve("results.csv")).stream()
                                .skip(1)
                                .map(l -> String.join(",", List.of(l.split(",")).subList(0, 4)))
                                .toList()
                        : List.of();
        return (int)
                Files.readAllLines(shard.resolve("epochs.csv")).stream()
                        .skip(1)
                        .map(l -> String.join(",", List.of(l.split(",")).subList(0, 4)))
                        .filter(cell -> !finished.contains(cell))
                        .count();
    }
}
