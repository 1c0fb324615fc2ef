package dev.labelsmooth.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labelsmooth.datasets.images.LabeledImages;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The holdout split, on the embedded Fashion-MNIST subset (6,000 training images, K = 10). */
class DataSplitsTest {

    private static DataSplits.Builder embedded() {
        return DataSplits.builder().setSource(DatasetCatalog.of("embedded"));
    }

    /** Each image's pixels as a string, to check sets of images without their indices. */
    private static Set<String> images(LabeledImages images) {
        Set<String> out = new HashSet<>();
        int n = images.imageBytes();
        for (int i = 0; i < images.size(); i++) {
            out.add(
                    java.util.Arrays.toString(
                            java.util.Arrays.copyOfRange(images.pixels(), i * n, (i + 1) * n)));
        }
        return out;
    }

    @Test
    void aHoldoutBesideATrainingLimitLeavesTheTrainingSubsetAsItWas() throws IOException {
        DataSplits plain = embedded().optLimitTrain(1000).load();
        DataSplits held = embedded().optLimitTrain(1000).optHoldout(500).load();
        assertThat(plain.holdout()).isNull();
        assertThat(held.train().pixels()).isEqualTo(plain.train().pixels());
        assertThat(held.train().labels()).isEqualTo(plain.train().labels());
        assertThat(held.mean()).isEqualTo(plain.mean());
        // Stratified: the embedded subset is balanced, so 50 of each class.
        assertThat(held.holdout().size()).isEqualTo(500);
        assertThat(held.holdout().classCounts()).containsOnly(50);
        Set<String> train = images(held.train());
        assertThat(images(held.holdout())).noneMatch(train::contains);
        assertThat(held.holdoutSet(100).size()).isEqualTo(500);
    }

    @Test
    void aHoldoutFractionWithoutALimitIsCarvedFromTheWholeSplit() throws IOException {
        DataSplits all = embedded().load();
        DataSplits held = embedded().optHoldoutFraction(0.1).load();
        assertThat(held.holdout().size()).isEqualTo(600);
        assertThat(held.train().size()).isEqualTo(5400);
        Set<String> union = images(held.train());
        union.addAll(images(held.holdout()));
        assertThat(union).isEqualTo(images(all.train()));
        // The same seed draws the same holdout.
        assertThat(embedded().optHoldoutFraction(0.1).load().holdout().labels())
                .isEqualTo(held.holdout().labels());
    }

    @Test
    void aHoldoutLargerThanWhatTheLimitLeavesIsRefusedNamingBoth() {
        assertThatThrownBy(() -> embedded().optLimitTrain(1000).optHoldout(5000).load())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "holdout of embedded must be at least K=10 and fewer than the 5000"
                                + " training images the training limit leaves out, got 5000");
        assertThatThrownBy(() -> embedded().optHoldoutFraction(1.0))
                .hasMessage("holdout fraction must be in [0, 1), got 1");
        assertThatThrownBy(() -> embedded().load().holdoutSet(10))
                .isInstanceOf(IllegalStateException.class);
    }
}
