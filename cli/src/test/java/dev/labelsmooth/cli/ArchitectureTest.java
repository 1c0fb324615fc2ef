package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture, checked on the sources of every module: dependencies between modules point one
 * way (cli to experiment, experiment to datasets and models, those to core, core to DJL only), the
 * experiment library never touches a command-line parser or a logging backend, and no two packages
 * depend on each other, directly or through others.
 */
class ArchitectureTest {

    private static final Pattern PACKAGE =
            Pattern.compile("^package (dev\\.labelsmooth[\\w.]*);", Pattern.MULTILINE);
    private static final Pattern REFERENCE =
            Pattern.compile("\\b(dev\\.labelsmooth(?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Pattern COMMENTS =
            Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    /** package -> the labelsmooth packages its main sources use. */
    private static final Map<String, Set<String>> USES = new TreeMap<>();

    /** module -> every import of its main sources. */
    private static final Map<String, Set<String>> IMPORTS = new TreeMap<>();

    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);

    @BeforeAll
    static void readSources() throws IOException {
        for (String module : List.of("core", "datasets", "models", "experiment", "cli")) {
            Path root = Path.of("..", module, "src", "main", "java");
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String code = COMMENTS.matcher(Files.readString(file)).replaceAll("");
                    Matcher imp = IMPORT.matcher(code);
                    while (imp.find()) {
                        IMPORTS.computeIfAbsent(module, m -> new TreeSet<>()).add(imp.group(1));
                    }
                    Matcher pkg = PACKAGE.matcher(code);
                    if (!pkg.find()) {
                        continue;
                    }
                    Set<String> uses = USES.computeIfAbsent(pkg.group(1), p -> new TreeSet<>());
                    Matcher ref = REFERENCE.matcher(code);
                    while (ref.find()) {
                        if (!ref.group(1).equals(pkg.group(1))) {
                            uses.add(ref.group(1));
                        }
                    }
                }
            }
        }
        assertThat(USES)
                .containsKeys(
                        "dev.labelsmooth.core.loss",
                        "dev.labelsmooth.experiment.store",
                        "dev.labelsmooth.cli");
    }

    private static String module(String pkg) {
        return pkg.split("\\.")[2];
    }

    @Test
    void modulesDependOneWay() {
        Map<String, Set<String>> allowed =
                Map.of(
                        "core", Set.of("core"),
                        "datasets", Set.of("datasets", "core"),
                        "models", Set.of("models", "core"),
                        "experiment", Set.of("experiment", "core", "datasets", "models"),
                        "cli", Set.of("cli", "experiment", "core", "datasets", "models"));
        List<String> violations = new ArrayList<>();
        USES.forEach(
                (pkg, uses) ->
                        uses.stream()
                                .filter(u -> !allowed.get(module(pkg)).contains(module(u)))
                                .forEach(u -> violations.add(pkg + " -> " + u)));
        assertThat(violations).isEmpty();
    }

    @Test
    void experimentUsesNoCommandLineParserLoggingBackendOrEngine() {
        assertThat(IMPORTS.get("experiment"))
                .isNotEmpty()
                .noneMatch(i -> i.startsWith("picocli."))
                .noneMatch(i -> i.startsWith("ch.qos.logback."))
                .noneMatch(i -> i.startsWith("ai.djl.pytorch."));
    }

    @Test
    void noPackageCycles() {
        List<List<String>> cycles = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        List<String> stack = new ArrayList<>();
        for (String pkg : USES.keySet()) {
            if (!index.containsKey(pkg)) {
                strongConnect(pkg, index, low, stack, cycles);
            }
        }
        assertThat(cycles).as("packages that depend on each other").isEmpty();
    }

    /** Tarjan's algorithm; every strongly connected component of two or more is a cycle. */
    private static void strongConnect(
            String v,
            Map<String, Integer> index,
            Map<String, Integer> low,
            List<String> stack,
            List<List<String>> cycles) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.add(v);
        for (String w : USES.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, index, low, stack, cycles);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.remove(stack.size() - 1);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                cycles.add(component);
            }
        }
    }
}
