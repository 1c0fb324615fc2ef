package dev.labelsmooth.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What two runs of one grid must share, wall times aside. */
final class RunFiles {

    private RunFiles() {}

    /** results.csv without its last column, train_seconds, which is wall time. */
    static List<String> resultsWithoutTimes(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("results.csv")).stream()
                .map(l -> l.substring(0, l.lastIndexOf(',')))
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
}
