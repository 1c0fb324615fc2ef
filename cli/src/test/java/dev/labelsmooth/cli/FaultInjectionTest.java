package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labelsmooth.experiment.store.RunLock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage done to a finished run directory, one case per test: every case ends with exit code 2, a
 * message naming the file (and line) and how to repair it, and the directory byte for byte as it
 * was; a damaged checkpoint is moved aside and its cell trained again.
 */
@Tag("slow")
class FaultInjectionTest {

    @TempDir static Path shared;
    @TempDir Path tmp;

    private static Path data;
    private static Path finished;

    private static String[] sweep(Path out, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "sweep",
                                "--dataset",
                                "mnist",
                                "--data-dir",
                                data.toString(),
                                "--gammas",
                                "1.0,0.9",
                                "--epochs",
                                "2",
                                "--batch-size",
                                "50",
                                "--holdout",
                                "20",
                                "--out",
                                out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @BeforeAll
    static void trainOneRun() throws IOException {
        data = TinyData.mnist(shared.resolve("data"), 7);
        finished = shared.resolve("finished");
        CliRun run = CliRun.of(sweep(finished));
        assertThat(run.exitCode).as(run.err).isEqualTo(ExitCodes.OK);
    }

    /** A copy of the finished run, to damage. */
    private Path copy() throws IOException {
        Path target = tmp.resolve("run");
        try (Stream<Path> files = Files.walk(finished)) {
            for (Path p : files.toList()) {
                Path to = target.resolve(finished.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return target;
    }

    /** Every file's bytes, except the lock file, which records each holder. */
    private static Map<String, List<Byte>> snapshot(Path dir) throws IOException {
        Map<String, List<Byte>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (!p.getFileName().toString().equals(RunLock.FILE)) {
                    byte[] bytes = Files.readAllBytes(p);
                    List<Byte> list = new ArrayList<>(bytes.length);
                    for (byte b : bytes) {
                        list.add(b);
                    }
                    out.put(dir.relativize(p).toString(), list);
                }
            }
        }
        return out;
    }

    /** Runs the sweep on a damaged run: exit 2, the message, nothing changed. */
    private String refused(Path run, String... more) throws IOException {
        var before = snapshot(run);
        CliRun result = CliRun.of(sweep(run, more));
        assertThat(result.exitCode).as(result.err + result.out).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err.strip().lines()).as(result.err).hasSize(1);
        assertThat(snapshot(run)).isEqualTo(before);
        return result.err;
    }

    private static void editResults(Path run, java.util.function.UnaryOperator<List<String>> edit)
            throws IOException {
        Path results = run.resolve("results.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(results));
        Files.write(results, edit.apply(lines));
    }

    private static String replaceField(String line, int index, String value) {
        String[] fields = line.split(",", -1);
        fields[index] = value;
        return String.join(",", fields);
    }

    @Test
    void aSecondDifferentRowForACellIsNamedWithBothLines() throws IOException {
        Path run = copy();
        editResults(
                run,
                l -> {
                    l.add(replaceField(l.get(1), 6, "12.5"));
                    return l;
                });
        assertThat(refused(run))
                .contains("each cell must have one result", "on lines 2 and 4 of")
                .contains("keep the right one and delete the other");
    }

    @Test
    void anIdenticalRepeatedRowIsReadOnceAndIsNoSecondSeed() throws IOException {
        Path run = copy();
        editResults(
                run,
                l -> {
                    l.add(l.get(1));
                    return l;
                });
        CliRun result = CliRun.of(sweep(run));
        assertThat(result.exitCode).as(result.err).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllLines(run.resolve("summary.csv")).get(1)).endsWith(",1");
        assertThat(Files.readString(run.resolve("report.md"))).contains("(2 cells)");
    }

    @Test
    void badValuesInResultsAreRefusedWithTheLineAndARepairHint() throws IOException {
        String[][] cases = {
            {
                "7",
                "banana",
                "status must be done, diverged, failed or stopped, got 'banana' on line 2"
            },
            {"6", "150.0", "best_val_acc of a done cell must be a percentage in [0, 100], got 150"},
            {"6", "NaN", "best_val_acc must be a finite number or empty, got 'NaN' on line 2"},
            {"14", "-1", "val_ece must be in [0, 1], got -1"},
        };
        for (String[] c : cases) {
            Path run = copy();
            editResults(
                    run,
                    l -> {
                        l.set(1, replaceField(l.get(1), Integer.parseInt(c[0]), c[1]));
                        return l;
                    });
            assertThat(refused(run))
                    .as(c[1])
                    .contains(c[2])
                    .contains(
                            "fix or delete that line (the other rows are kept), or rerun with"
                                    + " --force");
            deleteTree(run);
        }
    }

    @Test
    void truncatedRowsAreRefusedNotTakenAsFinished() throws IOException {
        Path run = copy();
        editResults(
                run,
                l -> {
                    l.set(2, l.get(2).substring(0, l.get(2).lastIndexOf(',')));
                    return l;
                });
        assertThat(refused(run))
                .contains("a row must have 26 fields as the header, got 25", "line 3");
        deleteTree(run);
        run = copy();
        editResults(
                run,
                l -> {
                    l.set(2, String.join(",", Arrays.copyOf(l.get(2).split(","), 4)));
                    return l;
                });
        assertThat(refused(run)).contains("line 3");
    }

    @Test
    void aRowOutsideTheGridIsRefused() throws IOException {
        Path run = copy();
        editResults(
                run,
                l -> {
                    l.add(replaceField(l.get(1), 2, "0.5"));
                    return l;
                });
        assertThat(refused(run))
                .contains(
                        "must hold only cells of this sweep's grid, got mnist resnet20-v1 gamma=0.5"
                                + " seed=1");
    }

    @Test
    void aByteOrderMarkIsRead() throws IOException {
        Path run = copy();
        Path results = run.resolve("results.csv");
        Files.write(
                results,
                concat(
                        new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                        Files.readAllBytes(results)));
        CliRun result = CliRun.of(sweep(run));
        assertThat(result.exitCode).as(result.err).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(run.resolve("sweep.log")))
                .contains("2 cells, 2 finished earlier, 0 to train");
    }

    @Test
    void missingOrGarbageProvenanceIsRefusedUnlessForced() throws IOException {
        Path run = copy();
        Files.writeString(run.resolve("provenance.json"), "{ garbage");
        assertThat(refused(run))
                .contains("an unreadable provenance.json", "use --force to start over");
        Files.delete(run.resolve("provenance.json"));
        assertThat(refused(run)).contains("got no provenance.json");
        CliRun forced = CliRun.of(sweep(run, "--force"));
        assertThat(forced.exitCode).as(forced.err).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllLines(run.resolve("results.csv"))).hasSize(3);
    }

    @Test
    void resumingOnOtherDataNamesTheFileAndBothHashes() throws IOException {
        Path run = copy();
        // As if killed before the second cell: its row is not there yet.
        editResults(run, l -> l.subList(0, 2));
        // The same files but one pixel of one training image.
        Path otherData = TinyData.mnist(tmp.resolve("other"), 7);
        Path images = otherData.resolve("mnist").resolve(TinyData.TRAIN_IMAGES);
        byte[] bytes = Files.readAllBytes(images);
        bytes[bytes.length - 1] ^= 1;
        Files.write(images, bytes);
        var before = snapshot(run);
        List<String> args = new ArrayList<>(List.of(sweep(run)));
        args.set(args.indexOf(data.toString()), otherData.toString());
        CliRun result = CliRun.of(args.toArray(String[]::new));
        assertThat(result.exitCode).as(result.err).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err)
                .contains("data set mnist must be the data the run in " + run + " was trained on")
                .contains(images + " with SHA-256 ")
                .contains("where the run recorded ");
        assertThat(snapshot(run)).isEqualTo(before);
    }

    @Test
    void aFinishedRunRerunOnOtherDataIsRefusedNotReRendered() throws IOException {
        Path run = copy();
        Path otherData = TinyData.mnist(tmp.resolve("other-finished"), 7);
        Path labels = otherData.resolve("mnist").resolve(TinyData.TEST_LABELS);
        byte[] bytes = Files.readAllBytes(labels);
        bytes[bytes.length - 1] = (byte) ((bytes[bytes.length - 1] + 1) % 10);
        Files.write(labels, bytes);
        var before = snapshot(run);
        List<String> args = new ArrayList<>(List.of(sweep(run)));
        args.set(args.indexOf(data.toString()), otherData.toString());
        CliRun result = CliRun.of(args.toArray(String[]::new));
        assertThat(result.exitCode).as(result.err).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err)
                .contains("data set mnist must be the data the run in " + run + " was trained on")
                .contains(labels + " with SHA-256 ");
        assertThat(snapshot(run)).isEqualTo(before);
    }

    @Test
    void aDamagedCheckpointIsMovedAsideAndItsCellTrainedAgain() throws IOException {
        Path run = copy();
        editResults(run, l -> l.subList(0, 2));
        Path cell = run.resolve("checkpoints/mnist__resnet20-v1__g0.9__s1");
        Files.createDirectories(cell);
        Files.writeString(
                cell.resolve("state.json"),
                "{\"epochs\": 7, \"bestValAcc\": 50, \"bestEpoch\": 1}");
        Files.write(cell.resolve("parameters-7.bin"), new byte[0]);
        CliRun result = CliRun.of(sweep(run));
        assertThat(result.exitCode).as(result.err).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(run.resolve("sweep.log")))
                .contains("must record 1 to 2 finished epochs, got 7")
                .contains("starting the cell over");
        try (Stream<Path> entries = Files.list(run.resolve("checkpoints"))) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .singleElement()
                    .asString()
                    .startsWith("mnist__resnet20-v1__g0.9__s1.damaged-");
        }
        assertThat(Files.readAllLines(run.resolve("results.csv"))).hasSize(3);
        // Trained from scratch, it matches the cell of the undamaged run.
        assertThat(Files.readAllLines(run.resolve("results.csv")).get(2).split(",", 16)[6])
                .isEqualTo(
                        Files.readAllLines(finished.resolve("results.csv"))
                                .get(2)
                                .split(",", 16)[6]);
    }

    @Test
    void aSecondWriterIsRefusedNamingTheHolder() throws Exception {
        Path run = copy();
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process holder =
                new ProcessBuilder(
                                java.toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                LockHolder.class.getName(),
                                run.toString())
                        .redirectErrorStream(true)
                        .start();
        try {
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            assertThat(refused(run))
                    .contains("must have one writer, got another process writing to it")
                    .contains("PID " + holder.pid());
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        CliRun after = CliRun.of(sweep(run));
        assertThat(after.exitCode).as(after.err).isEqualTo(ExitCodes.OK);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
