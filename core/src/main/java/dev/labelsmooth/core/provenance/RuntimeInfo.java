package dev.labelsmooth.core.provenance;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * The software and hardware a result was computed with: tool, DJL, engine and Java versions, the OS
 * and the device DJL picked.
 *
 * @param toolVersion labelsmooth's version
 * @param gitCommit the commit the tool was built from, "-dirty" when the tree had changes
 * @param djlVersion the DJL API version on the classpath
 * @param engine the DJL engine name, e.g. {@code PyTorch}
 * @param engineVersion the engine's native library version, e.g. {@code 2.5.1}
 * @param nativeArtifact the natives jar on the class path, e.g. {@code
 *     pytorch-native-cpu-linux-x86_64} ({@code pytorch-native-cu124-linux-x86_64} when the
 *     distribution's launcher chose CUDA), else the one the build pinned
 * @param device DJL's default device, e.g. {@code cpu()} or {@code gpu(0)}
 * @param gpuCount the number of GPUs the engine sees
 * @param java the Java runtime version and vendor
 * @param os the operating system name, version and architecture
 * @param availableProcessors the processors the JVM may use
 */
public record RuntimeInfo(
        String toolVersion,
        String gitCommit,
        String djlVersion,
        String engine,
        String engineVersion,
        String nativeArtifact,
        String device,
        int gpuCount,
        String java,
        String os,
        int availableProcessors) {

    private static final String BUILD_PROPERTIES = "labelsmooth.properties";

    /** Reads the versions of this build and asks DJL's default engine for its device. */
    public static RuntimeInfo detect() {
        Properties build = buildProperties();
        Engine engine = Engine.getInstance();
        Device device = engine.defaultDevice();
        return new RuntimeInfo(
                build.getProperty("version", "unknown"),
                gitCommit(build),
                Engine.getDjlVersion(),
                engine.getEngineName(),
                engine.getVersion(),
                nativesOnClassPath().orElse(build.getProperty("pytorch.native", "unknown")),
                device.toString(),
                engine.getGpuCount(),
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name")
                        + " "
                        + System.getProperty("os.version")
                        + " "
                        + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors());
    }

    /** {@code pytorch-native-<flavor>-<classifier>} of the natives jar on the class path. */
    private static Optional<String> nativesOnClassPath() {
        try (InputStream in =
                RuntimeInfo.class
                        .getClassLoader()
                        .getResourceAsStream("native/lib/pytorch.properties")) {
            if (in == null) {
                return Optional.empty();
            }
            Properties p = new Properties();
            p.load(in);
            String flavor = p.getProperty("flavor");
            String classifier = p.getProperty("classifier");
            return flavor == null || classifier == null
                    ? Optional.empty()
                    : Optional.of("pytorch-native-" + flavor + "-" + classifier);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** labelsmooth's own version, read without starting an engine. */
    public static String currentToolVersion() {
        return buildProperties().getProperty("version", "unknown");
    }

    private static String gitCommit(Properties build) {
        String commit = build.getProperty("git.commit", "");
        if (commit.isEmpty() || commit.startsWith("${")) {
            return "unknown";
        }
        return "true".equals(build.getProperty("git.dirty")) ? commit + "-dirty" : commit;
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = RuntimeInfo.class.getResourceAsStream(BUILD_PROPERTIES)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUILD_PROPERTIES, e);
        }
        return properties;
    }
}
