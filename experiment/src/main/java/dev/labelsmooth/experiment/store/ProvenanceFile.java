package dev.labelsmooth.experiment.store;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.io.AtomicFiles;
import dev.labelsmooth.core.io.Json;
import dev.labelsmooth.core.training.TrainingRecipe;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code provenance.json}: written from and read back into {@link RunProvenance}, never by string
 * keys, so a renamed field cannot silently vanish from a report. Files of an older schema are
 * upgraded when read.
 */
public final class ProvenanceFile {

    private ProvenanceFile() {}

    /** Writes {@code provenance} to {@code file}, atomically. */
    public static void write(Path file, RunProvenance provenance) throws IOException {
        AtomicFiles.write(file, Json.GSON.toJson(provenance));
    }

    /**
     * Reads a provenance file of this or an older schema.
     *
     * @param file a provenance.json
     * @return its record, upgraded to the current schema
     * @throws UsageException naming the file when it is not a provenance file of a known schema
     */
    public static RunProvenance read(Path file) throws IOException {
        JsonObject root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonElement element = JsonParser.parseReader(reader);
            if (!element.isJsonObject()) {
                throw new UsageException(
                        file + " must hold a JSON object, got " + abbreviate(element.toString()));
            }
            root = element.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new UsageException(
                    file + " must be JSON written by labelsmooth, got: " + e.getMessage(), e);
        }
        int version = root.has("schemaVersion") ? root.get("schemaVersion").getAsInt() : 1;
        if (version > RunProvenance.SCHEMA_VERSION) {
            throw new UsageException(
                    file
                            + " must have schema version "
                            + RunProvenance.SCHEMA_VERSION
                            + " or older, got "
                            + version
                            + " (written by a newer labelsmooth)");
        }
        if (version == 1) {
            upgradeFrom1(root);
        }
        try {
            RunProvenance provenance = Json.GSON.fromJson(root, RunProvenance.class);
            if (provenance.config() == null || provenance.runtime() == null) {
                throw new UsageException(
                        file + " must record the configuration and the runtime, got neither");
            }
            return provenance;
        } catch (JsonParseException | NullPointerException | IllegalArgumentException e) {
            throw new UsageException(
                    file + " must be a provenance file of labelsmooth, got: " + e.getMessage(), e);
        }
    }

    /**
     * Schema 1 kept the recipe's values directly in the configuration and recorded no Adam epsilon
     * (it was always Keras' 1e-7).
     */
    private static void upgradeFrom1(JsonObject root) {
        root.addProperty("schemaVersion", RunProvenance.SCHEMA_VERSION);
        if (!root.has("config") || !root.get("config").isJsonObject()) {
            return;
        }
        JsonObject config = root.getAsJsonObject("config");
        if (config.has("recipe")) {
            return;
        }
        JsonObject recipe = new JsonObject();
        recipe.add("learningRate", config.remove("learningRate"));
        recipe.addProperty("adamEpsilon", TrainingRecipe.KERAS_ADAM_EPSILON);
        recipe.add("l2", config.remove("l2"));
        recipe.add("bnMomentum", config.remove("bnMomentum"));
        recipe.add("augment", config.remove("augment"));
        config.add("recipe", recipe);
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
