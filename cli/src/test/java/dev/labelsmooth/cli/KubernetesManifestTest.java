package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests cannot run here: their fields are checked, and the container's arguments
 * go through the command line's own parser with --plan.
 */
class KubernetesManifestTest {

    private static final Path DEPLOY = Path.of("..", "deploy", "kubernetes");

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            current =
                    key.matches("\\d+")
                            ? ((List<Object>) current).get(Integer.parseInt(key))
                            : ((Map<String, Object>) current).get(key);
            assertThat(current).as(String.join(".", path)).isNotNull();
        }
        return (T) current;
    }

    private static List<Object> documents(String file) throws IOException {
        List<Object> docs = new ArrayList<>();
        new Yaml().loadAll(Files.readString(DEPLOY.resolve(file))).forEach(docs::add);
        return docs;
    }

    @Test
    void indexedJobSplitsTheSweepIntoItsCompletions() throws IOException {
        List<Object> docs = documents("sweep-indexed-job.yaml");
        Object claim =
                docs.stream()
                        .filter(d -> "PersistentVolumeClaim".equals(at(d, "kind")))
                        .findFirst()
                        .orElseThrow();
        List<String> accessModes = at(claim, "spec", "accessModes");
        assertThat(accessModes).containsExactly("ReadWriteMany");
        Object job =
                docs.stream().filter(d -> "Job".equals(at(d, "kind"))).findFirst().orElseThrow();
        assertThat((String) at(job, "spec", "completionMode")).isEqualTo("Indexed");
        int completions = at(job, "spec", "completions");
        assertThat((int) at(job, "spec", "parallelism")).isEqualTo(completions);
        assertThat((int) at(job, "spec", "backoffLimitPerIndex")).isPositive();
        assertThat((String) at(job, "spec", "template", "spec", "restartPolicy"))
                .isEqualTo("Never");
        Object container = at(job, "spec", "template", "spec", "containers", "0");
        assertThat(at(container, "resources", "limits", "nvidia.com/gpu").toString())
                .isEqualTo("1");
        List<Map<String, Object>> volumes = at(job, "spec", "template", "spec", "volumes");
        assertThat(volumes)
                .anyMatch(
                        v ->
                                v.containsKey("persistentVolumeClaim")
                                        && "labelsmooth-runs"
                                                .equals(
                                                        ((Map<?, ?>) v.get("persistentVolumeClaim"))
                                                                .get("claimName")));

        List<String> args = new ArrayList<>(at(container, "args"));
        assertThat(args)
                .containsSequence("--shard", "auto")
                .containsSequence("--shards", Integer.toString(completions));
        args.add("--plan");
        CliRun plan = CliRun.of(args.toArray(String[]::new));
        assertThat(plan.exitCode).as(plan.err).isEqualTo(ExitCodes.OK);
        assertThat(plan.out)
                .contains("on " + completions + " shards")
                // The Job trains on GPUs; this CPU host cannot time them, and says so.
                .contains("no wall-time estimate: its device cannot be timed on this host");
    }

    @Test
    void reportJobMergesTheSameRunDirectory() throws IOException {
        Object sweep =
                documents("sweep-indexed-job.yaml").stream()
                        .filter(d -> "Job".equals(at(d, "kind")))
                        .findFirst()
                        .orElseThrow();
        List<String> sweepArgs = at(sweep, "spec", "template", "spec", "containers", "0", "args");
        String out = sweepArgs.get(sweepArgs.indexOf("--out") + 1);
        Object report = documents("report-job.yaml").get(0);
        List<String> args = at(report, "spec", "template", "spec", "containers", "0", "args");
        assertThat(args).containsExactly("report", "--results", out);
    }
}
