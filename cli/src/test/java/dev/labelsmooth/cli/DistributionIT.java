package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution built by {@code package} (the CPU variant; {@code -Pcuda} adds {@code
 * natives/cu124/} to the same layout): its launcher picks the natives, runs a real sweep from the
 * thin jar, refuses a flavour it does not hold, and a GPU asked for on this CPU host ends with exit
 * 2 and the reason.
 */
class DistributionIT {

    private static final Path DIST = Path.of(System.getProperty("labelsmooth.dist"));

    @TempDir Path tmp;

    private record Result(int exitCode, String out, String err) {}

    private Result launch(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(DIST.resolve("bin/labelsmooth").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Path out = tmp.resolve("stdout-" + System.nanoTime());
        Path err = tmp.resolve("stderr-" + System.nanoTime());
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = builder.start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void holdsTheLauncherTheThinJarItsLibrariesAndTheCpuNativesApart() throws IOException {
        assertThat(DIST.resolve("bin/labelsmooth")).isExecutable();
        List<String> lib = names(DIST.resolve("lib"));
        assertThat(lib).anyMatch(n -> n.startsWith("labelsmooth-cli-"));
        assertThat(lib).anyMatch(n -> n.startsWith("pytorch-engine-"));
        assertThat(lib).noneMatch(n -> n.startsWith("pytorch-native-") || n.startsWith("junit"));
        Path thin =
                DIST.resolve("lib")
                        .resolve(
                                lib.stream()
                                        .filter(n -> n.startsWith("labelsmooth-cli-"))
                                        .findFirst()
                                        .orElseThrow());
        assertThat(Files.size(thin)).isLessThan(5L << 20);
        assertThat(names(DIST.resolve("natives"))).containsExactly("cpu");
        assertThat(names(DIST.resolve("natives/cpu")))
                .singleElement()
                .satisfies(n -> assertThat(n).startsWith("pytorch-native-cpu-"));
    }

    @Test
    void theLauncherRunsASweepOnTheCpuNativesAndSaysWhy() throws Exception {
        Path run = tmp.resolve("run");
        Result r =
                launch(
                        Map.of(),
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
                        "1,0.9",
                        "--out",
                        run.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err())
                .contains(
                        "labelsmooth: PyTorch natives cpu (this distribution has no CUDA natives");
        assertThat(Files.readAllLines(run.resolve("results.csv"))).hasSize(3);
        assertThat(Files.readString(run.resolve("sweep.log")))
                .contains("engine PyTorch 2.5.1 (cpu natives from")
                .contains("natives jar on the class path");
        assertThat(Files.readString(run.resolve("provenance.json")))
                .contains("\"flavour\": \"cpu\"")
                .contains("\"device\": \"cpu\"");
    }

    @Test
    void aFlavourTheDistributionLacksOrAGpuThisHostLacksIsExitTwo() throws Exception {
        Result cuda = launch(Map.of("LABELSMOOTH_NATIVES", "cu124"), "--version");
        assertThat(cuda.exitCode()).isEqualTo(2);
        assertThat(cuda.err())
                .contains("LABELSMOOTH_NATIVES=cu124, but", "natives/cu124 is missing");

        Result bad = launch(Map.of("LABELSMOOTH_NATIVES", "rocm"), "--version");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("must be auto, cpu or cu124, got 'rocm'");

        Result gpu =
                launch(
                        Map.of(),
                        "sweep",
                        "--device",
                        "gpu",
                        "--out",
                        tmp.resolve("gpu").toString());
        assertThat(gpu.exitCode()).as(gpu.err()).isEqualTo(2);
        assertThat(gpu.err())
                .contains("--device gpu needs GPU 0, but the engine sees 0")
                .contains("the PyTorch natives loaded are the CPU build")
                .doesNotContain("Exception");
    }

    @Test
    void aLauncherReachedThroughSymbolicLinksFindsItsDistribution() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("usr/local/bin"));
        Path direct =
                Files.createSymbolicLink(
                        bin.resolve("labelsmooth-direct"),
                        DIST.resolve("bin/labelsmooth").toAbsolutePath());
        Files.createSymbolicLink(bin.resolve("labelsmooth"), Path.of("labelsmooth-direct"));
        Process p =
                new ProcessBuilder(bin.resolve("labelsmooth").toString(), "--version")
                        .redirectErrorStream(true)
                        .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(text).isZero();
        assertThat(text)
                .contains("PyTorch natives cpu", "labelsmooth 0.1.0")
                .doesNotContain("is missing");
        assertThat(direct).isSymbolicLink();
    }

    @Test
    void theDockerfileCopiesWhatTheBuildMadeAndStartsItsLauncher() throws IOException {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        List<String> lines = Files.readAllLines(repo.resolve("Dockerfile"));
        String cpuCopy = line(lines, "COPY ");
        String cudaAdd = line(lines, "ADD ");
        String[] copy = cpuCopy.split(" ");
        // The CPU target copies the distribution folder this build made.
        assertThat(repo.resolve(copy[1]).normalize()).isEqualTo(DIST.toAbsolutePath().normalize());
        String launcher = "/opt/labelsmooth/bin/labelsmooth";
        assertThat(copy[2]).isEqualTo("/opt/labelsmooth/");
        assertThat(lines)
                .filteredOn(l -> l.startsWith("ENTRYPOINT"))
                .hasSize(2)
                .allMatch(l -> l.equals("ENTRYPOINT [\"" + launcher + "\"]"));
        assertThat(DIST.resolve("bin/labelsmooth")).isExecutable();
        // The CUDA target unpacks the -Pcuda tarball, whose top folder has the same name.
        String name = DIST.getFileName().toString();
        assertThat(cudaAdd).isEqualTo("ADD cli/target/" + name + "-cuda.tar.gz /opt/");
        assertThat(lines).contains("RUN mv /opt/" + name + " /opt/labelsmooth");
        assertThat(Files.readString(repo.resolve("cli/src/dist/cuda-distribution.xml")))
                .contains("<baseDirectory>labelsmooth-${project.version}</baseDirectory>");
        assertThat(lines).anyMatch(l -> l.contains("openjdk-17-jre-headless"));
        assertThat(lines)
                .contains("FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04 AS cuda")
                .anyMatch(l -> l.matches("FROM eclipse-temurin:17-jre AS cpu"));
        // The build context holds the two distributions and nothing else.
        List<String> ignore =
                Files.readAllLines(repo.resolve(".dockerignore")).stream()
                        .filter(l -> !l.isBlank() && !l.startsWith("#"))
                        .toList();
        assertThat(ignore)
                .containsExactly(
                        "*", "!cli/target/" + name + "/", "!cli/target/" + name + "-cuda.tar.gz");
    }

    private static String line(List<String> lines, String prefix) {
        List<String> found = lines.stream().filter(l -> l.startsWith(prefix)).toList();
        assertThat(found).as(prefix).hasSize(1);
        return found.get(0);
    }
}
