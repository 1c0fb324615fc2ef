package dev.labelsmooth.datasets.decathlon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labelsmooth.datasets.images.DataFileException;
import dev.labelsmooth.datasets.images.LabeledImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecathlonDatasetTest {

    @TempDir Path root;

    private final DecathlonDataset pedestrians =
            new DecathlonDataset(DecathlonTask.DAIMLERPEDCLS, 72);

    @BeforeEach
    void writeFixture() throws IOException {
        Files.createDirectories(root.resolve("annotations"));
        Path images = Files.createDirectories(root.resolve("data/daimlerpedcls/train"));
        // A wide red image and a tall blue one, to check the resize-and-crop.
        writePng(images.resolve("a.png"), 144, 100, 0xFF0000);
        writePng(images.resolve("b.png"), 50, 200, 0x0000FF);
        writePng(images.resolve("c.png"), 72, 72, 0x00FF00);
        writeJson(
                "daimlerpedcls_train.json",
                """
                {"images": [
                   {"id": 11, "file_name": "data/daimlerpedcls/train/a.png"},
                   {"id": 12, "file_name": "data/daimlerpedcls/train/b.png"},
                   {"id": 13, "file_name": "data/daimlerpedcls/train/c.png"}],
                 "annotations": [
                   {"id": 1, "image_id": 11, "category_id": 7},
                   {"id": 2, "image_id": 12, "category_id": 3},
                   {"id": 3, "image_id": 13, "category_id": 7}],
                 "categories": [{"id": 7, "name": "pedestrian"}, {"id": 3, "name": "background"}]}
                """);
    }

    private static void writePng(Path file, int w, int h, int rgb) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private void writeJson(String name, String json) throws IOException {
        Files.writeString(root.resolve("annotations").resolve(name), json);
    }

    @Test
    void readsImagesAsRgb72AndMapsSortedCategoryIdsToLabels() throws IOException {
        LabeledImages images = pedestrians.read(root, true, 0, 1);
        assertThat(images.size()).isEqualTo(3);
        assertThat(images.channels()).isEqualTo(3);
        assertThat(images.height()).isEqualTo(72);
        assertThat(images.width()).isEqualTo(72);
        assertThat(images.labels()).containsExactly(1, 0, 1); // ids 3 -> 0, 7 -> 1
        int plane = 72 * 72;
        // Image 0 is red: R plane 255, G and B 0; image 1 blue.
        assertThat(images.pixels()[plane / 2] & 0xFF).isEqualTo(255);
        assertThat(images.pixels()[plane + plane / 2] & 0xFF).isEqualTo(0);
        assertThat(images.pixels()[3 * plane + 2 * plane + 100] & 0xFF).isEqualTo(255);
    }

    @Test
    void imageSizeIsConfigurable() throws IOException {
        LabeledImages images =
                new DecathlonDataset(DecathlonTask.DAIMLERPEDCLS, 16).read(root, true, 0, 1);
        assertThat(images.pixels()).hasSize(3 * 3 * 16 * 16);
    }

    @Test
    void limitDecodesAStratifiedSubset() throws IOException {
        LabeledImages images = pedestrians.read(root, true, 2, 5);
        assertThat(images.size()).isEqualTo(2);
        assertThat(images.classCounts()).containsExactly(1, 1);
    }

    @Test
    void rejectsAnnotationPointingAtMissingImage() throws IOException {
        Files.delete(root.resolve("data/daimlerpedcls/train/b.png"));
        assertThatThrownBy(() -> pedestrians.read(root, true, 0, 1))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("points at a missing image")
                .hasMessageContaining("b.png");
    }

    @Test
    void rejectsUnreadableImage() throws IOException {
        Path bad = root.resolve("data/daimlerpedcls/train/c.png");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> pedestrians.read(root, true, 0, 1))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("cannot decode " + bad);
    }

    @Test
    void rejectsMalformedJson() throws IOException {
        writeJson("daimlerpedcls_train.json", "{\"images\": [ {\"id\": 1, ");
        assertThatThrownBy(() -> pedestrians.read(root, true, 0, 1))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("annotations must be valid JSON")
                .hasMessageContaining("daimlerpedcls_train.json");
    }

    @Test
    void rejectsJsonOfWrongShape() throws IOException {
        writeJson(
                "daimlerpedcls_train.json",
                "{\"images\": {}, \"annotations\": [], \"categories\": []}");
        assertThatThrownBy(() -> pedestrians.read(root, true, 0, 1))
                .hasMessageContaining("must have an array 'images', got an object");
        writeJson("daimlerpedcls_train.json", "[1, 2]");
        assertThatThrownBy(() -> pedestrians.read(root, true, 0, 1))
                .hasMessageContaining("must be a JSON object, got an array");
    }

    @Test
    void rejectsUnknownImageIdAndWrongCategoryCount() throws IOException {
        writeJson(
                "daimlerpedcls_train.json",
                """
                {"images": [{"id": 1, "file_name": "data/daimlerpedcls/train/a.png"}],
                 "annotations": [{"image_id": 2, "category_id": 0}],
                 "categories": [{"id": 0}, {"id": 1}]}
                """);
        assertThatThrownBy(() -> pedestrians.read(root, true, 0, 1))
                .hasMessageContaining("image_id must name an entry of images[], got 2");
        writeJson(
                "daimlerpedcls_train.json",
                """
                {"images": [], "annotations": [], "categories": [{"id": 0}, {"id": 1}, {"id": 2}]}
                """);
        assertThatThrownBy(() -> pedestrians.read(root, true, 0, 1))
                .hasMessageContaining("task daimlerpedcls must have 2 categories, got 3");
    }

    @Test
    void knowsTheTenTasksAndTheirClasses() {
        assertThat(DecathlonTask.values()).hasSize(10);
        assertThat(DecathlonTask.of("vgg-flowers").numClasses()).isEqualTo(102);
        assertThat(DecathlonTask.of("omniglot").numClasses()).isEqualTo(1623);
        assertThat(DecathlonTask.IMAGENET12.subtractsMean()).isFalse();
        assertThatThrownBy(() -> DecathlonTask.of("mnist")).hasMessageContaining("got 'mnist'");
    }
}
