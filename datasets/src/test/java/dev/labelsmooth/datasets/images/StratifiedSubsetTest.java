package dev.labelsmooth.datasets.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StratifiedSubsetTest {

    private static int[] labels() {
        // 500 of class 0, 300 of class 1, 200 of class 2, interleaved.
        int[] labels = new int[1000];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10 < 5 ? 0 : i % 10 < 8 ? 1 : 2;
        }
        return labels;
    }

    @Test
    void keepsClassSharesAndExactSize() {
        int[] labels = labels();
        int[] picked = StratifiedSubset.indices(labels, 3, 101, 9);
        assertThat(picked).hasSize(101).isSorted().doesNotHaveDuplicates();
        int[] counts = new int[3];
        Arrays.stream(picked).forEach(i -> counts[labels[i]]++);
        // 50.5, 30.3, 20.2 -> 50 + 30 + 20 and the largest remainder (class 0) gets the last one.
        assertThat(counts).containsExactly(51, 30, 20);
    }

    @Test
    void sameSeedSameSubsetOtherSeedOther() {
        int[] labels = labels();
        assertThat(StratifiedSubset.indices(labels, 3, 100, 1))
                .isEqualTo(StratifiedSubset.indices(labels, 3, 100, 1));
        assertThat(StratifiedSubset.indices(labels, 3, 100, 1))
                .isNotEqualTo(StratifiedSubset.indices(labels, 3, 100, 2));
    }

    @Test
    void limitAtLeastTheSizeKeepsEverything() {
        assertThat(StratifiedSubset.indices(labels(), 3, 5000, 1))
                .hasSize(1000)
                .startsWith(0, 1, 2);
    }
}
