package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes files cannot run here (no cluster, no registry): every manifest is checked against
 * the written-down API subset, the fields that make the walk-through work are checked one by one,
 * the container's arguments go through the command line's own parser with --plan, and
 * wait-for-job.sh runs against a stand-in for kubectl that plays a Job's life.
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

    private static Object only(String file, String kind) throws IOException {
        return documents(file).stream()
                .filter(d -> kind.equals(at(d, "kind")))
                .findFirst()
                .orElseThrow();
    }

    private static Object sweepJob() throws IOException {
        return only("sweep-indexed-job.yaml", "Job");
    }

    private static List<String> manifests() throws IOException {
        try (Stream<Path> files = Files.list(DEPLOY)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void everyManifestUsesOnlyFieldsAndTypesOfTheKubernetesApi() throws IOException {
        KubernetesSchema schema = KubernetesSchema.load();
        List<String> files = manifests();
        assertThat(files)
                .containsExactly(
                        "data-loader.yaml",
                        "report-job.yaml",
                        "storage.yaml",
                        "sweep-indexed-job.yaml");
        for (String file : files) {
            for (Object doc : documents(file)) {
                assertThat(schema.problems(doc)).as(file).isEmpty();
            }
        }
    }

    @Test
    void theSchemaCheckCatchesMisspelledFieldsWrongTypesAndBadValues() throws IOException {
        KubernetesSchema schema = KubernetesSchema.load();
        String job =
                Files.readString(DEPLOY.resolve("sweep-indexed-job.yaml"))
                        .replace("backoffLimitPerIndex: 3", "backofLimitPerIndex: 3")
                        .replace(
                                "terminationGracePeriodSeconds: 120",
                                "terminationGracePeriodSeconds: 2m")
                        .replace("operator: In", "operator: Within")
                        .replace("sizeLimit: 8Gi", "sizeLimit: 8 GB");
        assertThat(schema.problems(new Yaml().load(job)))
                .containsExactlyInAnyOrder(
                        "Job.spec.backofLimitPerIndex: unknown field of JobSpec",
                        "Job.spec.template.spec.terminationGracePeriodSeconds: expected an integer,"
                                + " got 2m",
                        "Job.spec.podFailurePolicy.rules[1].onExitCodes.operator: expected one of"
                                + " [In, NotIn], got Within",
                        "Job.spec.template.spec.volumes[2].emptyDir.sizeLimit: expected a quantity"
                                + " such as 16Gi, 500m or 4, got 8 GB");
    }

    @Test
    void indexedJobSplitsTheSweepIntoItsCompletions() throws IOException {
        Object job = sweepJob();
        assertThat((String) at(job, "spec", "completionMode")).isEqualTo("Indexed");
        int completions = at(job, "spec", "completions");
        assertThat((int) at(job, "spec", "parallelism")).isEqualTo(completions);
        assertThat((int) at(job, "spec", "backoffLimitPerIndex")).isPositive();
        assertThat((String) at(job, "spec", "template", "spec", "restartPolicy"))
                .isEqualTo("Never");
        Object container = at(job, "spec", "template", "spec", "containers", "0");
        assertThat(at(container, "resources", "limits", "nvidia.com/gpu").toString())
                .isEqualTo("1");

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
    void aDeletedOrPreemptedPodStopsGracefullyAndAUsageErrorIsNotRetried() throws IOException {
        Object job = sweepJob();
        // Long enough for the sweep to finish its step and write a checkpoint after SIGTERM.
        assertThat((int) at(job, "spec", "template", "spec", "terminationGracePeriodSeconds"))
                .isGreaterThanOrEqualTo(120);
        List<Map<String, Object>> rules = at(job, "spec", "podFailurePolicy", "rules");
        assertThat(rules.get(0)).containsEntry("action", "Ignore");
        assertThat(rules.get(0).get("onPodConditions").toString()).contains("DisruptionTarget");
        assertThat(rules.get(1)).containsEntry("action", "FailIndex");
        String container = at(job, "spec", "template", "spec", "containers", "0", "name");
        assertThat(at(rules.get(1), "onExitCodes", "containerName").toString())
                .isEqualTo(container);
        List<Integer> codes = at(rules.get(1), "onExitCodes", "values");
        assertThat(codes).containsExactly(ExitCodes.USAGE);
    }

    @Test
    void theCudaNativesUnpackIntoASizedScratchVolumeNotTheContainerLayer() throws IOException {
        Object job = sweepJob();
        Object container = at(job, "spec", "template", "spec", "containers", "0");
        List<Map<String, Object>> env = at(container, "env");
        String cache =
                env.stream()
                        .filter(e -> "DJL_CACHE_DIR".equals(e.get("name")))
                        .map(e -> e.get("value").toString())
                        .findFirst()
                        .orElseThrow();
        List<Map<String, Object>> mounts = at(container, "volumeMounts");
        String volume =
                mounts.stream()
                        .filter(m -> cache.startsWith(m.get("mountPath") + "/"))
                        .map(m -> m.get("name").toString())
                        .findFirst()
                        .orElseThrow();
        List<Map<String, Object>> volumes = at(job, "spec", "template", "spec", "volumes");
        Map<String, Object> scratch =
                volumes.stream()
                        .filter(v -> volume.equals(v.get("name")))
                        .findFirst()
                        .orElseThrow();
        String sizeLimit = at(scratch, "emptyDir", "sizeLimit");
        String request = at(container, "resources", "requests", "ephemeral-storage");
        assertThat(gibibytes(request)).isGreaterThanOrEqualTo(gibibytes(sizeLimit));
        // The CUDA natives unpack to about 4 GB.
        assertThat(gibibytes(sizeLimit)).isGreaterThanOrEqualTo(6);
        assertThat(Files.readString(Path.of("..", "Dockerfile")))
                .contains("DJL_CACHE_DIR=" + cache);
    }

    private static int gibibytes(String quantity) {
        assertThat(quantity).matches("\\d+Gi");
        return Integer.parseInt(quantity.replace("Gi", ""));
    }

    @Test
    void everyClaimAPodMountsIsDefinedReadWriteManyWithAStorageClass() throws IOException {
        Map<String, Object> claims =
                documents("storage.yaml").stream()
                        .collect(Collectors.toMap(d -> at(d, "metadata", "name"), d -> d));
        assertThat(claims).containsOnlyKeys("labelsmooth-runs", "labelsmooth-data");
        for (Object claim : claims.values()) {
            List<String> accessModes = at(claim, "spec", "accessModes");
            assertThat(accessModes).containsExactly("ReadWriteMany");
            assertThat((String) at(claim, "spec", "storageClassName")).isNotBlank();
        }
        for (String file : manifests()) {
            for (Object doc : documents(file)) {
                String kind = at(doc, "kind");
                Object pod = "Job".equals(kind) ? at(doc, "spec", "template") : doc;
                if ("PersistentVolumeClaim".equals(kind)) {
                    continue;
                }
                List<Map<String, Object>> volumes = at(pod, "spec", "volumes");
                for (Map<String, Object> volume : volumes) {
                    if (volume.containsKey("persistentVolumeClaim")) {
                        assertThat(claims)
                                .as(file)
                                .containsKey(at(volume, "persistentVolumeClaim", "claimName"));
                    }
                }
            }
        }
    }

    @Test
    void everyPodPullsTheSameImageFromARegistry() throws IOException {
        List<String> images = new ArrayList<>();
        for (String file : manifests()) {
            for (Object doc : documents(file)) {
                String kind = at(doc, "kind");
                if (!"PersistentVolumeClaim".equals(kind)) {
                    Object pod = "Job".equals(kind) ? at(doc, "spec", "template") : doc;
                    images.add(at(pod, "spec", "containers", "0", "image"));
                }
            }
        }
        assertThat(images).hasSize(3).allMatch(images.get(0)::equals);
        // A registry host (it has a dot): without one, every node would pull docker.io/library.
        assertThat(images.get(0)).matches("[a-z0-9.-]+\\.[a-z]+(:\\d+)?/.+:0\\.1\\.0-cuda");
        String walkThrough = Files.readString(Path.of("..", "docs", "scale-out.md"));
        String registry = images.get(0).substring(0, images.get(0).indexOf('/'));
        assertThat(walkThrough)
                .contains("docker build --target cuda")
                .contains("docker push")
                .contains(registry)
                .contains("deploy/kubernetes/wait-for-job.sh");
    }

    @Test
    void reportJobMergesTheSameRunDirectory() throws IOException {
        List<String> sweepArgs =
                at(sweepJob(), "spec", "template", "spec", "containers", "0", "args");
        String out = sweepArgs.get(sweepArgs.indexOf("--out") + 1);
        Object report = documents("report-job.yaml").get(0);
        List<String> args = at(report, "spec", "template", "spec", "containers", "0", "args");
        assertThat(args).containsExactly("report", "--results", out);
    }

    /** A stand-in kubectl that answers from the state files in its folder. */
    private static Path fakeKubectl(Path dir) throws IOException {
        Path kubectl = dir.resolve("kubectl");
        Files.writeString(
                kubectl,
                """
                #!/usr/bin/env bash
                # Each call of `get job` moves on to the next state once the counts were read.
                dir=$(dirname "$0"); n=$(cat "$dir/step")
                case "$*" in
                  *"get job sweep -o jsonpath={range .status.conditions"*) cat "$dir/conditions-$n" ;;
                  *"get job sweep -o jsonpath={.spec.completions}"*) cat "$dir/counts-$n"; echo $((n + 1)) > "$dir/step" ;;
                  *"failedIndexes"*) printf 1 ;;
                  *"logs -l job-name=sweep"*) echo "[pod/sweep-1-x/sweep] sweep: no such data set" ;;
                  *) echo "unexpected: $*" >&2; exit 3 ;;
                esac
                """,
                StandardCharsets.UTF_8);
        kubectl.toFile().setExecutable(true);
        Files.writeString(dir.resolve("step"), "0");
        return kubectl;
    }

    private static Result runWait(Path kubectl) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(
                        "bash", DEPLOY.resolve("wait-for-job.sh").toString(), "sweep", "1");
        builder.environment().put("KUBECTL", kubectl.toString());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, err);
    }

    private record Result(int code, String out, String err) {}

    @Test
    void waitingForTheJobEndsWhenItCompletes(@TempDir Path dir) throws Exception {
        Path kubectl = fakeKubectl(dir);
        Files.writeString(dir.resolve("conditions-0"), "");
        Files.writeString(dir.resolve("counts-0"), "4 _ _ _4");
        Files.writeString(dir.resolve("conditions-1"), "Complete ");
        Files.writeString(dir.resolve("counts-1"), "4 _4 _ _");
        Result r = runWait(kubectl);
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out)
                .contains("job/sweep running for ")
                .contains("0/4 succeeded, 0 failed, 4 running")
                .contains("job/sweep complete: 4/4 succeeded, 0 failed, 0 running");
    }

    @Test
    void waitingForTheJobEndsWithExitOneWhenAnIndexFails(@TempDir Path dir) throws Exception {
        Path kubectl = fakeKubectl(dir);
        Files.writeString(dir.resolve("conditions-0"), "");
        Files.writeString(dir.resolve("counts-0"), "4 _1 _1 _2");
        Files.writeString(dir.resolve("conditions-1"), "FailureTarget Failed ");
        Files.writeString(dir.resolve("counts-1"), "4 _3 _4 _");
        Result r = runWait(kubectl);
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err)
                .contains("job/sweep failed: 3/4 succeeded, 4 failed, 0 running; failed indexes 1")
                .contains("sweep: no such data set");
    }
}
