package dev.labelsmooth.experiment.device;

import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PyTorch natives DJL loaded and the GPUs around them: what the startup line prints and the
 * provenance records, and the explanation when a GPU was asked for and none is usable.
 *
 * @param engineVersion libtorch's version, e.g. {@code 2.5.1}
 * @param flavour {@code cpu} or the CUDA build, e.g. {@code cu124}
 * @param path the folder libtorch was loaded from
 * @param source where DJL took it from: a natives jar on the class path, {@code
 *     PYTORCH_LIBRARY_PATH}, or its download cache
 * @param gpuCount GPUs the engine sees
 * @param cuda the CUDA runtime version DJL found, null without one
 * @param cudnn the cuDNN library beside libtorch, null without one
 * @param gpus each GPU's {@code nvidia-smi} line (index, name, driver, memory), empty without one
 */
public record Natives(
        String engineVersion,
        String flavour,
        String path,
        String source,
        int gpuCount,
        String cuda,
        String cudnn,
        List<String> gpus) {

    private static final Pattern FLAVOUR = Pattern.compile("-(cpu|cu\\d+)(-precxx11)?-");

    /** Loads the engine (if it is not yet) and describes it. */
    public static Natives detect() {
        Engine engine = Engine.getInstance();
        String path = libtorchPath();
        Matcher m = FLAVOUR.matcher(Path.of(path).getFileName() + "-");
        String flavour = m.find() ? m.group(1) : "unknown";
        String source;
        if (System.getenv("PYTORCH_LIBRARY_PATH") != null) {
            source = "PYTORCH_LIBRARY_PATH";
        } else if (Natives.class.getClassLoader().getResource("native/lib/pytorch.properties")
                != null) {
            source = "natives jar on the class path";
        } else {
            source = "DJL's download cache";
        }
        boolean cudaRuntime = CudaUtils.hasCuda();
        return new Natives(
                engine.getVersion(),
                flavour,
                path,
                source,
                engine.getGpuCount(),
                cudaRuntime ? CudaUtils.getCudaVersionString() : null,
                cudnn(path),
                cudaRuntime ? nvidiaSmi() : List.of());
    }

    /** One line for the start of a run: engine, flavour, natives and GPUs. */
    public String startupLine() {
        return "engine PyTorch "
                + engineVersion
                + " ("
                + flavour
                + " natives from "
                + path
                + ", "
                + source
                + "); GPUs seen: "
                + gpuCount
                + (cuda != null ? ", CUDA runtime " + cuda : "")
                // CPU natives seeing no GPU is expected; CUDA natives seeing none is worth a
                // reason.
                + (gpuCount == 0 && !flavour.equals("cpu") ? " (" + whyNoGpu() + ")" : "");
    }

    /** Why the engine sees no GPU, and what would give it one. */
    public String whyNoGpu() {
        if (flavour.equals("cpu")) {
            return "the PyTorch natives loaded are the CPU build ("
                    + path
                    + "); a GPU needs the CUDA distribution (mvn -Pcuda package) on a host with an"
                    + " NVIDIA driver and a CUDA runtime >= 12.4 registered with ldconfig";
        }
        return "the "
                + flavour
                + " natives are loaded but CUDA reports no usable GPU; check nvidia-smi, the"
                + " NVIDIA driver and CUDA_VISIBLE_DEVICES";
    }

    private static String libtorchPath() {
        try {
            // Read through reflection: the engine is the application's choice, not a compile
            // dependency of this library.
            return (String)
                    Class.forName("ai.djl.pytorch.jni.LibUtils")
                            .getMethod("getLibtorchPath")
                            .invoke(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return "unknown";
        }
    }

    private static String cudnn(String path) {
        Path dir = Path.of(path);
        for (Path lib : new Path[] {dir.resolve("lib"), dir}) {
            if (!Files.isDirectory(lib)) {
                continue;
            }
            try (Stream<Path> files = Files.list(lib)) {
                return files.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("libcudnn.so"))
                        .sorted()
                        .findFirst()
                        .orElse(null);
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    /** Each GPU as {@code nvidia-smi} lists it, or nothing when it is not installed. */
    private static List<String> nvidiaSmi() {
        List<String> lines = new ArrayList<>();
        try {
            Process p =
                    new ProcessBuilder(
                                    "nvidia-smi",
                                    "--query-gpu=index,name,driver_version,memory.total",
                                    "--format=csv,noheader")
                            .redirectErrorStream(true)
                            .start();
            try (BufferedReader r =
                    new BufferedReader(
                            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        lines.add(line.strip());
                    }
                }
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return List.of();
            }
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        return lines;
    }
}
