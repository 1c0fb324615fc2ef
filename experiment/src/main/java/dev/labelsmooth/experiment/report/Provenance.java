package dev.labelsmooth.experiment.report;

import dev.labelsmooth.core.io.Json;
import dev.labelsmooth.core.provenance.FileDigest;
import dev.labelsmooth.core.provenance.RuntimeInfo;
import dev.labelsmooth.experiment.store.RunProvenance;

/** The provenance section of a report, rendered from the record read from provenance.json. */
final class Provenance {

    private Provenance() {}

    static String markdown(RunProvenance p) {
        StringBuilder md = new StringBuilder("## Provenance\n\n");
        if (p == null) {
            return md.append("No provenance.json was found next to the results.\n").toString();
        }
        RuntimeInfo rt = p.runtime();
        md.append("- tool: labelsmooth ")
                .append(rt.toolVersion())
                .append(", commit `")
                .append(rt.gitCommit())
                .append("`\n")
                .append("- engine: DJL ")
                .append(rt.djlVersion())
                .append(", ")
                .append(rt.engine())
                .append(' ')
                .append(rt.engineVersion())
                .append(" (")
                .append(rt.nativeArtifact())
                .append(")\n")
                .append("- platform: Java ")
                .append(rt.java())
                .append(", ")
                .append(rt.os())
                .append(", ")
                .append(rt.availableProcessors())
                .append(" CPUs, GPUs seen: ")
                .append(rt.gpuCount())
                .append('\n');
        if (p.devices() != null) {
            md.append("- trained on: ")
                    .append(Json.GSON.toJson(p.devices()).replaceAll("\\s+", ""));
            md.append('\n');
        }
        md.append("- started: ")
                .append(orNa(p.started()))
                .append(", finished: ")
                .append(orNa(p.finished()))
                .append("\n\n");
        if (p.datasets() != null && !p.datasets().isEmpty()) {
            md.append(
                    "| data set | K | image | train | validation | mean image SHA-256 |\n"
                            + "|---|---:|---|---:|---:|---|\n");
            for (RunProvenance.DatasetRecord d : p.datasets()) {
                md.append("| ")
                        .append(d.name())
                        .append(" | ")
                        .append(d.numClasses())
                        .append(" | ")
                        .append(d.imageShape())
                        .append(" | ")
                        .append(d.trainSize())
                        .append(" | ")
                        .append(d.validationSize())
                        .append(" | `")
                        .append(shortHash(orNa(d.meanImageSha256())))
                        .append("` |\n");
            }
            md.append("\nInput files:\n\n");
            for (RunProvenance.DatasetRecord d : p.datasets()) {
                if (d.files() == null || d.files().isEmpty()) {
                    md.append("- ")
                            .append(d.name())
                            .append(": embedded in the labelsmooth-datasets jar\n");
                    continue;
                }
                for (FileDigest file : d.files()) {
                    md.append("- `")
                            .append(file.path())
                            .append("` ")
                            .append(file.bytes())
                            .append(" bytes, SHA-256 `")
                            .append(file.sha256())
                            .append("`\n");
                }
            }
            md.append('\n');
        }
        md.append("Resolved configuration:\n\n```json\n")
                .append(Json.GSON.toJson(p.config()))
                .append(
                        "\n```\n\nSeeds of every cell (initialisation and data streams) are in"
                                + " `provenance.json`.\n");
        return md.toString();
    }

    private static String orNa(String value) {
        return value == null ? "n/a" : value;
    }

    private static String shortHash(String hash) {
        return hash.length() > 16 ? hash.substring(0, 16) + "…" : hash;
    }
}
