package dev.labelsmooth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The written-down subset of the Kubernetes API in {@code kubernetes/api-schema.yaml}: checks a
 * parsed manifest's fields and their types, as kubectl's strict validation would, without a
 * cluster.
 */
final class KubernetesSchema {

    private final Map<String, String> kinds;
    private final Map<String, Map<String, Object>> types;

    @SuppressWarnings("unchecked")
    private KubernetesSchema(Map<String, Object> schema) {
        this.kinds = (Map<String, String>) schema.get("kinds");
        this.types = (Map<String, Map<String, Object>>) schema.get("types");
    }

    static KubernetesSchema load() throws IOException {
        try (InputStream in =
                KubernetesSchema.class.getResourceAsStream("/kubernetes/api-schema.yaml")) {
            return new KubernetesSchema(new Yaml().load(in));
        }
    }

    /** Every problem with one manifest document, each naming its path; empty when it is valid. */
    List<String> problems(Object document) {
        List<String> problems = new ArrayList<>();
        if (!(document instanceof Map<?, ?> object)) {
            problems.add("a document is not an object");
            return problems;
        }
        String kind = object.get("apiVersion") + "/" + object.get("kind");
        String type = kinds.get(kind);
        if (type == null) {
            problems.add("unknown apiVersion/kind " + kind);
            return problems;
        }
        check(type, document, object.get("kind").toString(), problems);
        return problems;
    }

    private void check(String type, Object value, String path, List<String> problems) {
        switch (type) {
            case "any" -> {}
            case "string" -> expect(value instanceof String, path, "a string", value, problems);
            case "integer" -> expect(value instanceof Integer, path, "an integer", value, problems);
            case "boolean" ->
                    expect(value instanceof Boolean, path, "true or false", value, problems);
            case "quantity" ->
                    expect(
                            value instanceof Integer
                                    || value instanceof String s
                                            && s.matches("\\d+(\\.\\d+)?([EPTGMk]i?|m|e\\d+)?"),
                            path,
                            "a quantity such as 16Gi, 500m or 4",
                            value,
                            problems);
            default -> checkComposite(type, value, path, problems);
        }
    }

    private void checkComposite(String type, Object value, String path, List<String> problems) {
        if (type.startsWith("enum:")) {
            List<String> allowed = Arrays.asList(type.substring(5).split("\\|", -1));
            expect(
                    value instanceof String s && allowed.contains(s),
                    path,
                    "one of " + allowed,
                    value,
                    problems);
        } else if (type.startsWith("list:")) {
            if (expect(value instanceof List<?>, path, "a list", value, problems)) {
                List<?> list = (List<?>) value;
                for (int i = 0; i < list.size(); i++) {
                    check(type.substring(5), list.get(i), path + "[" + i + "]", problems);
                }
            }
        } else if (type.startsWith("map:")) {
            if (expect(value instanceof Map<?, ?>, path, "an object", value, problems)) {
                ((Map<?, ?>) value)
                        .forEach((k, v) -> check(type.substring(4), v, path + "." + k, problems));
            }
        } else {
            checkObject(type, value, path, problems);
        }
    }

    @SuppressWarnings("unchecked")
    private void checkObject(String type, Object value, String path, List<String> problems) {
        Map<String, Object> fields = types.get(type);
        if (fields == null) {
            throw new IllegalStateException("the schema has no type " + type);
        }
        if (!expect(
                value instanceof Map<?, ?>, path, "an object (" + type + ")", value, problems)) {
            return;
        }
        Map<String, Object> object = (Map<String, Object>) value;
        for (String required : (List<String>) fields.getOrDefault("required", List.of())) {
            if (!object.containsKey(required)) {
                problems.add(path + "." + required + ": missing (" + type + " requires it)");
            }
        }
        object.forEach(
                (name, field) -> {
                    Object fieldType = "required".equals(name) ? null : fields.get(name);
                    if (fieldType == null) {
                        problems.add(path + "." + name + ": unknown field of " + type);
                    } else {
                        check(fieldType.toString(), field, path + "." + name, problems);
                    }
                });
    }

    private static boolean expect(
            boolean ok, String path, String expected, Object value, List<String> problems) {
        if (!ok) {
            problems.add(path + ": expected " + expected + ", got " + value);
        }
        return ok;
    }
}
