package dev.labelsmooth.datasets.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labelsmooth.datasets.images.DataFileException;
import dev.labelsmooth.datasets.images.LabeledImages;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir Path dir;

    private static byte[] pixels(int n, int rows, int cols) {
        byte[] p = new byte[n * rows * cols];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i * 7);
        }
        return p;
    }

    @Test
    void readsPlainAndGzipFilesAlike() throws IOException {
        byte[] p = pixels(3, 4, 5);
        IdxWriter.writeImages(dir.resolve("a-images"), 3, 4, 5, p);
        IdxWriter.writeImages(dir.resolve("b-images.gz"), 3, 4, 5, p);
        IdxReader.Images plain = IdxReader.readImages(dir.resolve("a-images"));
        IdxReader.Images gz = IdxReader.readImages(dir.resolve("b-images.gz"));
        assertThat(plain.count()).isEqualTo(3);
        assertThat(plain.rows()).isEqualTo(4);
        assertThat(plain.cols()).isEqualTo(5);
        assertThat(plain.pixels()).isEqualTo(p);
        assertThat(gz.pixels()).isEqualTo(p);
    }

    @Test
    void readerRejectsWrongMagic() throws IOException {
        Path labels = dir.resolve("train-images-idx3-ubyte");
        IdxWriter.writeLabels(labels, new int[] {1, 2});
        assertThatThrownBy(() -> IdxReader.readImages(labels))
                .isInstanceOf(DataFileException.class)
                .hasMessage("IDX magic for images must be 0x00000803, got 0x00000801 in " + labels);
    }

    @Test
    void readerRejectsTruncatedImages() throws IOException {
        Path file = dir.resolve("images");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(2);
            out.writeInt(28);
            out.writeInt(28);
            out.write(new byte[1000]);
        }
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("truncated: expected 1568 bytes")
                .hasMessageContaining("got 1000")
                .hasMessageContaining(file.toString());
    }

    @Test
    void readerRejectsTruncatedHeaderAndTrailingBytes() throws IOException {
        Path header = dir.resolve("short");
        Files.write(header, new byte[] {0, 0, 8, 3, 0});
        assertThatThrownBy(() -> IdxReader.readImages(header))
                .hasMessageContaining("header is truncated");
        Path longer = dir.resolve("long");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(longer))) {
            out.writeInt(IdxReader.LABELS_MAGIC);
            out.writeInt(2);
            out.write(new byte[] {1, 2, 3});
        }
        assertThatThrownBy(() -> IdxReader.readLabels(longer, 10))
                .hasMessageContaining("data after the 2 bytes");
    }

    @Test
    void readerRejectsLabelOutOfRange() throws IOException {
        Path file = dir.resolve("labels.gz");
        IdxWriter.writeLabels(file, new int[] {0, 9, 10});
        assertThatThrownBy(() -> IdxReader.readLabels(file, 10))
                .isInstanceOf(DataFileException.class)
                .hasMessage("label 2 must be in [0, 10), got 10 in " + file);
    }

    @Test
    void datasetRejectsLabelCountDifferentFromImageCount() throws IOException {
        IdxWriter.writeImages(dir.resolve("train-images-idx3-ubyte"), 3, 2, 2, pixels(3, 2, 2));
        IdxWriter.writeLabels(dir.resolve("train-labels-idx1-ubyte.gz"), new int[] {1, 2});
        assertThatThrownBy(() -> IdxDataset.MNIST.read(dir, true))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("label count must equal the image count 3")
                .hasMessageContaining("got 2");
    }

    @Test
    void datasetReadsMixedPlainAndGzipSplit() throws IOException {
        IdxWriter.writeImages(dir.resolve("t10k-images-idx3-ubyte.gz"), 3, 2, 2, pixels(3, 2, 2));
        IdxWriter.writeLabels(dir.resolve("t10k-labels-idx1-ubyte"), new int[] {4, 0, 9});
        LabeledImages images = IdxDataset.FASHION_MNIST.read(dir, false);
        assertThat(images.size()).isEqualTo(3);
        assertThat(images.labels()).containsExactly(4, 0, 9);
        assertThat(images.classNames()).hasSize(10).contains("Ankle boot");
    }
}
