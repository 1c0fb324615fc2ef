package dev.labelsmooth.datasets.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShiftFlipTest {

    private static final int B = 64;
    private static final int C = 2;
    private static final int H = 32;
    private static final int W = 30;

    private NDManager manager;
    private NDArray positions;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        // Every pixel holds its own (y * W + x), the same in every image and channel.
        positions =
                manager.arange(0f, (float) H * W)
                        .reshape(1, 1, H, W)
                        .broadcast(B, C, H, W)
                        .duplicate();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void flipReversesWidthAxis() {
        NDArray out = ShiftFlip.apply(positions, new AugmentSpec(0, 1), new Random(1));
        assertThat(out.contentEquals(positions.flip(3))).isTrue();
    }

    @Test
    void zeroSpecIsIdentity() {
        NDArray out = ShiftFlip.apply(positions, new AugmentSpec(0, 0), new Random(1));
        assertThat(out.contentEquals(positions)).isTrue();
    }

    @Test
    void shiftMovesPixelsByAtMostTenPercentWithNearestFill() {
        AugmentSpec spec = new AugmentSpec(0.1, 0);
        float[] out = ShiftFlip.apply(positions, spec, new Random(42)).toFloatArray();
        int maxDy = spec.maxPixels(H); // 3
        int maxDx = spec.maxPixels(W); // 3
        assertThat(maxDy).isEqualTo(3);
        int moved = 0;
        for (int b = 0; b < B; b++) {
            int base = b * C * H * W;
            // The image is a translated copy: the centre pixel tells the shift.
            int centre = (int) out[base + (H / 2) * W + W / 2];
            int dy = H / 2 - centre / W;
            int dx = W / 2 - centre % W;
            assertThat(Math.abs(dy)).isLessThanOrEqualTo(maxDy);
            assertThat(Math.abs(dx)).isLessThanOrEqualTo(maxDx);
            if (dy != 0 || dx != 0) {
                moved++;
            }
            for (int c = 0; c < C; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        int sy = Math.max(0, Math.min(H - 1, y - dy));
                        int sx = Math.max(0, Math.min(W - 1, x - dx));
                        assertThat(out[base + c * H * W + y * W + x])
                                .isEqualTo((float) (sy * W + sx));
                    }
                }
            }
        }
        assertThat(moved).isGreaterThan(B / 2);
    }

    @Test
    void sameSeedGivesSameBatch() {
        AugmentSpec spec = AugmentSpec.PAPER;
        NDArray a = ShiftFlip.apply(positions, spec, new Random(7));
        NDArray b = ShiftFlip.apply(positions, spec, new Random(7));
        NDArray c = ShiftFlip.apply(positions, spec, new Random(8));
        assertThat(a.contentEquals(b)).isTrue();
        assertThat(a.contentEquals(c)).isFalse();
    }

    @Test
    void flipsAboutHalfTheImagesAtPaperSetting() {
        NDArray out = ShiftFlip.apply(positions, new AugmentSpec(0, 0.5), new Random(3));
        int flipped = 0;
        for (int b = 0; b < B; b++) {
            if (out.get(b).contentEquals(positions.get(b).flip(2))) {
                flipped++;
            }
        }
        assertThat(flipped).isBetween(20, 44);
    }

    @Test
    void rejectsShiftOfHalfOrMore() {
        assertThatThrownBy(() -> new AugmentSpec(0.5, 0.5)).hasMessageContaining("got 0.5");
    }
}
