package dev.labelsmooth.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What two runs of one grid must share, wall times aside. */
final class RunFiles {

    private RunFiles() {}

    /** results.csv without its column train_seconds, which is wall time. */
    static List<String> resultsWithoutTimes(Path dir) throws IOException {
        return withoutColumn(Files.readAllLines(dir.resolve("results.csv")), "train_seconds");
    }

    /** epochs.csv without its column seconds, which is wall time. */
    static List<String> epochsWithoutTimes(Path dir) throws IOException {
        return withoutColumn(Files.readAllLines(dir.resolve("epochs.csv")), "seconds");
    }

    /** CSV lines (header first, no quoted commas) without the column {@code name}. */
    static List<String> withoutColumn(List<String> lines, String name) {
        int index = List.of(lines.get(0).split(",", -1)).indexOf(name);
        return lines.stream()
                .map(
                        l -> {
                            List<String> fields =
                                    new java.util.ArrayList<>(List.of(l.split(",", -1)));
                            if (index >= 0 && index < fields.size()) {
                                fields.remove(index);
                            }
                            return String.join(",", fields);
                        })
                .toList();
    }

    /** The command line of a JVM that runs the CLI with {@code args} from the test classpath. */
    static List<String> javaCommand(String... args) {
        List<String> command =
                new java.util.ArrayList<>(
                        List.of(
                                java.nio.file.Paths.get(
                                                System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                dev.labelsmooth.cli.Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** report.md up to its provenance, without the time it was rendered. */
    static String reportBody(Path dir) throws IOException {
        String md = Files.readString(dir.resolve("report.md"));
        return md.substring(0, md.indexOf("## Provenance"))
                .replaceAll("\\) at [0-9T:.\\-]+Z\\.", ") at <time>.");
    }

    /** Waits until the process logs that a cell's epochs begin (or it ends, or 120 s pass). */
    static void awaitTraining(Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (process.isAlive() && System.nanoTime() < deadline) {
            String text = Files.readString(log);
            if (text.contains(" batches") || text.contains("resuming from the checkpoint")) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** Deletes a folder and everything in it. */
    static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
