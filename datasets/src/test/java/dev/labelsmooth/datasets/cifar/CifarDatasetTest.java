package dev.labelsmooth.datasets.cifar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labelsmooth.datasets.images.DataFileException;
import dev.labelsmooth.datasets.images.LabeledImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarDatasetTest {

    @TempDir Path dir;

    /** Records whose pixel bytes encode (record, position) and whose labels are given. */
    private static byte[] records(int labelBytes, int... labels) {
        int size = labelBytes + CifarDataset.IMAGE_BYTES;
        byte[] out = new byte[labels.length * size];
        for (int r = 0; r < labels.length; r++) {
            if (labelBytes == 2) {
                out[r * size] = (byte) (labels[r] / 5); // coarse label
            }
            out[r * size + labelBytes - 1] = (byte) labels[r];
            for (int p = 0; p < CifarDataset.IMAGE_BYTES; p++) {
                out[r * size + labelBytes + p] = (byte) (r * 31 + p);
            }
        }
        return out;
    }

    private Path cifar10Dir() throws IOException {
        Path base = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        for (int i = 1; i <= 5; i++) {
            Files.write(base.resolve("data_batch_" + i + ".bin"), records(1, i, 9 - i));
        }
        Files.write(base.resolve("test_batch.bin"), records(1, 3, 1, 4));
        return dir;
    }

    @Test
    void readsAllFiveTrainingBatchesInOrder() throws IOException {
        LabeledImages train = CifarDataset.CIFAR10.read(cifar10Dir(), true);
        assertThat(train.size()).isEqualTo(10);
        assertThat(train.labels()).containsExactly(1, 8, 2, 7, 3, 6, 4, 5, 5, 4);
        assertThat(train.channels()).isEqualTo(3);
        assertThat(train.classNames()).startsWith("airplane");
        // Second record of the first file: pixel p is (1 * 31 + p).
        assertThat(train.pixels()[CifarDataset.IMAGE_BYTES + 5]).isEqualTo((byte) 36);
        LabeledImages test = CifarDataset.CIFAR10.read(dir, false);
        assertThat(test.labels()).containsExactly(3, 1, 4);
    }

    @Test
    void cifar100UsesFineLabels() throws IOException {
        Path base = Files.createDirectories(dir.resolve("cifar-100-binary"));
        Files.write(base.resolve("train.bin"), records(2, 99, 0, 57));
        LabeledImages train = CifarDataset.CIFAR100.read(dir, true);
        assertThat(train.labels()).containsExactly(99, 0, 57);
        assertThat(train.numClasses()).isEqualTo(100);
        assertThat(train.pixels()[2 * CifarDataset.IMAGE_BYTES]).isEqualTo((byte) 62);
    }

    @Test
    void rejectsFileThatIsNotWholeRecords() throws IOException {
        cifar10Dir();
        Path file = dir.resolve("cifar-10-batches-bin/data_batch_3.bin");
        Files.write(file, new byte[3073 + 100]);
        assertThatThrownBy(() -> CifarDataset.CIFAR10.read(dir, true))
                .isInstanceOf(DataFileException.class)
                .hasMessage(
                        "CIFAR file size must be a positive multiple of the 3073-byte record, got"
                                + " 3173 bytes in "
                                + file);
    }

    @Test
    void rejectsLabelOutOfRange() throws IOException {
        cifar10Dir();
        Path file = dir.resolve("cifar-10-batches-bin/test_batch.bin");
        Files.write(file, records(1, 2, 10));
        assertThatThrownBy(() -> CifarDataset.CIFAR10.read(dir, false))
                .isInstanceOf(DataFileException.class)
                .hasMessage("label of record 1 must be in [0, 10), got 10 in " + file);
    }
}
