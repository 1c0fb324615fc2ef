package dev.labelsmooth.datasets.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labelsmooth.datasets.images.LabeledImages;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EmbeddedFashionMnistTest {

    @Test
    void trainingPartHas600ImagesPerClass() throws IOException {
        LabeledImages train = EmbeddedFashionMnist.read(true);
        assertThat(train.size()).isEqualTo(6000);
        assertThat(train.classCounts()).containsOnly(600);
        assertThat(train.height()).isEqualTo(28);
        assertThat(train.classNames()).contains("Sneaker");
    }

    @Test
    void testPartHas100ImagesPerClassOfRealPixels() throws IOException {
        LabeledImages test = EmbeddedFashionMnist.read(false);
        assertThat(test.size()).isEqualTo(1000);
        assertThat(test.classCounts()).containsOnly(100);
        float[] mean = test.meanImage();
        // Real garments: dark borders, brighter centre.
        assertThat(mean[0]).isLessThan(0.05f);
        assertThat(mean[14 * 28 + 14]).isGreaterThan(0.3f);
        assertThat(Arrays.stream(test.labels()).distinct().count()).isEqualTo(10);
    }
}
