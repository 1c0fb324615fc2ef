package dev.labelsmooth.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import dev.labelsmooth.datasets.augment.AugmentSpec;
import dev.labelsmooth.datasets.images.LabeledImages;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImageClassificationDatasetTest {

    private NDManager manager;
    private LabeledImages images;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        int n = 10;
        byte[] pixels = new byte[n * 2 * 3 * 3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
            for (int p = 0; p < 18; p++) {
                pixels[i * 18 + p] = (byte) (i * 20 + p);
            }
        }
        images = new LabeledImages(pixels, labels, 1, 6, 3, List.of("a", "b", "c", "d"));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private ImageClassificationDataset dataset(boolean shuffle, AugmentSpec augment, float[] mean) {
        return ImageClassificationDataset.builder()
                .setImages(images)
                .setSampling(4, shuffle)
                .optMean(mean)
                .optAugmentation(augment)
                .optSeed(11)
                .build();
    }

    @Test
    void batchesAreScaledMinusMeanWithInt64Labels() {
        float[] mean = images.meanImage();
        List<Batch> batches = new ArrayList<>();
        dataset(false, null, mean).getData(manager).forEach(batches::add);
        assertThat(batches).hasSize(3);
        Batch first = batches.get(0);
        NDArray x = first.getData().head();
        assertThat(x.getShape()).isEqualTo(new Shape(4, 1, 6, 3));
        assertThat(x.getDataType()).isEqualTo(DataType.FLOAT32);
        NDArray y = first.getLabels().head();
        assertThat(y.getDataType()).isEqualTo(DataType.INT64);
        assertThat(y.toLongArray()).containsExactly(0, 1, 2, 3);
        float[] values = x.toFloatArray();
        // Image 1, pixel 5: byte 25.
        assertThat(values[18 + 5]).isCloseTo(25 / 255f - mean[5], within(1e-6f));
        assertThat(batches.get(2).getSize()).isEqualTo(2);
        batches.forEach(Batch::close);
    }

    @Test
    void meanImageIsPerPixelAverageOverTrainingImages() {
        float[] mean = images.meanImage();
        // Pixel p over i = 0..9 of (i * 20 + p) mod 256.
        double expected = 0;
        for (int i = 0; i < 10; i++) {
            expected += ((i * 20 + 7) & 0xFF) / 255.0;
        }
        assertThat((double) mean[7]).isCloseTo(expected / 10, within(1e-6));
    }

    @Test
    void everyImageAppearsOncePerEpochInASeededOrder() {
        ImageClassificationDataset data = dataset(true, AugmentSpec.PAPER, null);
        List<Long> epoch0 = labelsOf(data, 0);
        List<Long> epoch1 = labelsOf(data, 1);
        assertThat(epoch0).hasSize(10);
        assertThat(new HashSet<>(firstPixels(0))).hasSize(10);
        assertThat(labelsOf(dataset(true, AugmentSpec.PAPER, null), 0)).isEqualTo(epoch0);
        assertThat(firstPixels(1)).isNotEqualTo(firstPixels(0));
        assertThat(epoch1).containsExactlyInAnyOrderElementsOf(epoch0);
    }

    @Test
    void sameEpochGivesIdenticalAugmentedBatches() {
        ImageClassificationDataset a = dataset(true, AugmentSpec.PAPER, null);
        ImageClassificationDataset b = dataset(true, AugmentSpec.PAPER, null);
        Batch x = a.getData(manager, 3).iterator().next();
        Batch y = b.getData(manager, 3).iterator().next();
        assertThat(x.getData().head().contentEquals(y.getData().head())).isTrue();
    }

    @Test
    void singleRecordsWorkForPlainDjlUse() {
        ImageClassificationDataset data = dataset(false, null, null);
        assertThat(data.size()).isEqualTo(10);
        Record r = data.get(manager, 2);
        assertThat(r.getData().head().getShape()).isEqualTo(new Shape(1, 6, 3));
        assertThat(r.getLabels().head().getLong()).isEqualTo(2);
        assertThat(r.getData().head().getFloat(0, 0, 1)).isCloseTo(41 / 255f, within(1e-6f));
    }

    private List<Long> labelsOf(ImageClassificationDataset data, int epoch) {
        List<Long> labels = new ArrayList<>();
        for (Batch batch : data.getData(manager, epoch)) {
            for (long l : batch.getLabels().head().toLongArray()) {
                labels.add(l);
            }
            batch.close();
        }
        return labels;
    }

    /**
     * The first pixel of each image in epoch order; without augmentation it identifies the image.
     */
    private List<Float> firstPixels(int epoch) {
        ImageClassificationDataset plain = dataset(true, null, null);
        List<Float> firsts = new ArrayList<>();
        for (Batch batch : plain.getData(manager, epoch)) {
            NDArray x = batch.getData().head();
            for (int i = 0; i < batch.getSize(); i++) {
                firsts.add(x.get(i).toFloatArray()[0]);
            }
            batch.close();
        }
        return firsts;
    }
}
