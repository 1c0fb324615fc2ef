package dev.labelsmooth.cli.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** The provenance section of a report, rendered from {@code provenance.json}. */
final class Provenance {

    private Provenance() {}

    static String markdown(JsonObject p) {
        StringBuilder md = new StringBuilder("## Provenance\n\n");
        if (p == null) {
            return md.append("No provenance.json was found next to the results.\n").toString();
        }
        JsonObject rt = object(p, "runtime");
        if (rt != null) {
            md.append("- tool: labelsmooth ")
                    .append(text(rt, "toolVersion"))
                    .append(", commit `")
                    .append(text(rt, "gitCommit"))
                    .append("`\n")
                    .append("- engine: DJL ")
                    .append(text(rt, "djlVersion"))
                    .append(", ")
                    .append(text(rt, "engine"))
                    .append(' ')
                    .append(text(rt, "engineVersion"))
                    .append(" (")
                    .append(text(rt, "nativeArtifact"))
                    .append(")\n")
                    .append("- platform: Java ")
                    .append(text(rt, "java"))
                    .append(", ")
                    .append(text(rt, "os"))
                    .append(", ")
                    .append(text(rt, "availableProcessors"))
                    .append(" CPUs, GPUs seen: ")
                    .append(text(rt, "gpuCount"))
                    .append('\n');
        }
        if (p.has("devices")) {
            md.append("- trained on: ").append(p.get("devices")).append('\n');
        }
        md.append("- started: ")
                .append(text(p, "started"))
                .append(", finished: ")
                .append(text(p, "finished"))
                .append("\n\n");
        JsonArray datasets =
                p.has("datasets") && p.get("datasets").isJsonArray()
                        ? p.getAsJsonArray("datasets")
                        : new JsonArray();
        if (!datasets.isEmpty()) {
            md.append(
                    "| data set | K | image | train | validation | mean image SHA-256 |\n"
                            + "|---|---:|---|---:|---:|---|\n");
            for (JsonElement e : datasets) {
                JsonObject d = e.getAsJsonObject();
                md.append("| ")
                        .append(text(d, "name"))
                        .append(" | ")
                        .append(text(d, "numClasses"))
                        .append(" | ")
                        .append(text(d, "imageShape"))
                        .append(" | ")
                        .append(text(d, "trainSize"))
                        .append(" | ")
                        .append(text(d, "validationSize"))
                        .append(" | `")
                        .append(shortHash(text(d, "meanImageSha256")))
                        .append("` |\n");
            }
            md.append("\nInput files:\n\n");
            for (JsonElement e : datasets) {
                JsonArray files =
                        e.getAsJsonObject().has("files")
                                ? e.getAsJsonObject().getAsJsonArray("files")
                                : new JsonArray();
                if (files.isEmpty()) {
                    md.append("- ")
                            .append(text(e.getAsJsonObject(), "name"))
                            .append(": embedded in the labelsmooth-datasets jar\n");
                }
                for (JsonElement f : files) {
                    JsonObject file = f.getAsJsonObject();
                    md.append("- `")
                            .append(text(file, "path"))
                            .append("` ")
                            .append(text(file, "bytes"))
                            .append(" bytes, SHA-256 `")
                            .append(text(file, "sha256"))
                            .append("`\n");
                }
            }
            md.append('\n');
        }
        if (p.has("config")) {
            md.append("Resolved configuration:\n\n```json\n")
                    .append(
                            new GsonBuilder()
                                    .setPrettyPrinting()
                                    .serializeSpecialFloatingPointValues()
                                    .create()
                                    .toJson(p.get("config")))
                    .append(
                            "\n"
                                    + "```\n\n"
                                    + "Seeds of every cell (initialisation and data streams) are in"
                                    + " `provenance.json`.\n");
        }
        return md.toString();
    }

    private static JsonObject object(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonObject() ? o.getAsJsonObject(key) : null;
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull()
                ? "n/a"
                : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    private static String shortHash(String hash) {
        return hash.length() > 16 ? hash.substring(0, 16) + "…" : hash;
    }
}
