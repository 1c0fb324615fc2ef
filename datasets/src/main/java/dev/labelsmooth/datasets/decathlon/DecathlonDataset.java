package dev.labelsmooth.datasets.decathlon;

import static dev.labelsmooth.core.Checks.require;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.labelsmooth.datasets.images.DataFileException;
import dev.labelsmooth.datasets.images.ImageDecoder;
import dev.labelsmooth.datasets.images.LabeledImages;
import dev.labelsmooth.datasets.images.StratifiedSubset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * One Visual Decathlon task read from {@code <root>/annotations/<task>_{train,val}.json} (COCO
 * style: {@code images[].id, file_name} relative to the root, {@code annotations[].image_id,
 * category_id}, {@code categories[].id}) and the image files under the root.
 *
 * <p>Labels are the category ids in ascending order mapped to 0..K-1. Images are decoded to RGB,
 * resized so the shorter side is {@code imageSize} (bilinear) and center-cropped to {@code
 * imageSize x imageSize} (72 by default, as the Decathlon's own downsampled release).
 *
 * @param task the task
 * @param imageSize the side of the square images produced
 */
public record DecathlonDataset(DecathlonTask task, int imageSize) {

    /** The Decathlon's image side. */
    public static final int DEFAULT_IMAGE_SIZE = 72;

    public DecathlonDataset {
        require(imageSize >= 8 && imageSize <= 1024, "image size", "in [8, 1024]", imageSize);
    }

    /** The annotation file of a split. */
    public Path annotations(Path root, boolean train) {
        return root.resolve("annotations")
                .resolve(task.id() + (train ? "_train" : "_val") + ".json");
    }

    /**
     * Reads a split; with {@code limit > 0} only a stratified subset of that many images is
     * decoded, chosen with {@code seed}.
     */
    public LabeledImages read(Path root, boolean train, int limit, long seed) throws IOException {
        Path json = annotations(root, train);
        List<Entry> entries = parse(json);
        int k = task.numClasses();
        if (limit > 0 && limit < entries.size()) {
            int[] labels = entries.stream().mapToInt(Entry::label).toArray();
            List<Entry> chosen = new ArrayList<>();
            for (int i : StratifiedSubset.indices(labels, k, limit, seed)) {
                chosen.add(entries.get(i));
            }
            entries = chosen;
        }
        int stride = 3 * imageSize * imageSize;
        byte[] pixels = new byte[entries.size() * stride];
        int[] labels = new int[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            Path file = root.resolve(e.fileName());
            if (!Files.isRegularFile(file)) {
                throw new DataFileException(
                        "annotation for image "
                                + e.imageId()
                                + " in "
                                + json
                                + " points at a missing image "
                                + file);
            }
            BufferedImage image;
            try {
                image = ImageIO.read(file.toFile());
            } catch (IOException | RuntimeException ex) {
                throw new DataFileException(
                        "image must be a readable JPEG/PNG, cannot decode "
                                + file
                                + ": "
                                + ex.getMessage(),
                        ex);
            }
            if (image == null) {
                throw new DataFileException(
                        "image must be a readable JPEG/PNG, cannot decode " + file);
            }
            writePlanarRgb(ImageDecoder.resizeAndCrop(image, imageSize), pixels, i * stride);
            labels[i] = e.label();
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add(task.id() + " " + c);
        }
        return new LabeledImages(pixels, labels, 3, imageSize, imageSize, names);
    }

    private record Entry(long imageId, String fileName, int label) {}

    private List<Entry> parse(Path json) throws IOException {
        JsonObject root;
        try (Reader reader = Files.newBufferedReader(json)) {
            JsonElement element = JsonParser.parseReader(reader);
            if (!element.isJsonObject()) {
                throw new DataFileException(
                        "annotations must be a JSON object, got " + kind(element) + " in " + json);
            }
            root = element.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new DataFileException(
                    "annotations must be valid JSON: " + e.getMessage() + " in " + json, e);
        }
        JsonArray images = array(root, "images", json);
        JsonArray annotations = array(root, "annotations", json);
        JsonArray categories = array(root, "categories", json);

        TreeMap<Long, Integer> categoryIndex = new TreeMap<>();
        for (JsonElement c : categories) {
            categoryIndex.put(number(c, "id", "categories", json), 0);
        }
        if (categoryIndex.size() != task.numClasses()) {
            throw new DataFileException(
                    "task "
                            + task.id()
                            + " must have "
                            + task.numClasses()
                            + " categories, got "
                            + categoryIndex.size()
                            + " in "
                            + json);
        }
        int next = 0;
        for (Map.Entry<Long, Integer> e : categoryIndex.entrySet()) {
            e.setValue(next++);
        }
        Map<Long, String> files = new HashMap<>();
        for (JsonElement image : images) {
            long id = number(image, "id", "images", json);
            JsonElement name = image.getAsJsonObject().get("file_name");
            if (name == null || !name.isJsonPrimitive() || !name.getAsJsonPrimitive().isString()) {
                throw new DataFileException(
                        "images[].file_name must be a string, got "
                                + name
                                + " for image "
                                + id
                                + " in "
                                + json);
            }
            files.put(id, name.getAsString());
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonElement a : annotations) {
            long imageId = number(a, "image_id", "annotations", json);
            long category = number(a, "category_id", "annotations", json);
            String file = files.get(imageId);
            if (file == null) {
                throw new DataFileException(
                        "annotations[].image_id must name an entry of images[], got "
                                + imageId
                                + " in "
                                + json);
            }
            Integer label = categoryIndex.get(category);
            if (label == null) {
                throw new DataFileException(
                        "annotations[].category_id must name an entry of categories[], got "
                                + category
                                + " in "
                                + json);
            }
            entries.add(new Entry(imageId, file, label));
        }
        if (entries.isEmpty()) {
            throw new DataFileException(
                    "annotations must list at least one image, got none in " + json);
        }
        return entries;
    }

    private static JsonArray array(JsonObject root, String key, Path json) throws IOException {
        JsonElement e = root.get(key);
        if (e == null || !e.isJsonArray()) {
            throw new DataFileException(
                    "annotations must have an array '" + key + "', got " + kind(e) + " in " + json);
        }
        return e.getAsJsonArray();
    }

    private static long number(JsonElement item, String key, String array, Path json)
            throws IOException {
        if (item.isJsonObject()) {
            JsonElement v = item.getAsJsonObject().get(key);
            if (v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
                return v.getAsLong();
            }
        }
        throw new DataFileException(
                array + "[]." + key + " must be a number, got " + item + " in " + json);
    }

    private static String kind(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "nothing";
        }
        return e.isJsonArray() ? "an array" : e.isJsonObject() ? "an object" : "a value";
    }

    private static void writePlanarRgb(BufferedImage image, byte[] out, int offset) {
        int size = image.getWidth() * image.getHeight();
        int[] rgb =
                image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        for (int p = 0; p < size; p++) {
            out[offset + p] = (byte) (rgb[p] >> 16);
            out[offset + size + p] = (byte) (rgb[p] >> 8);
            out[offset + 2 * size + p] = (byte) rgb[p];
        }
    }
}
