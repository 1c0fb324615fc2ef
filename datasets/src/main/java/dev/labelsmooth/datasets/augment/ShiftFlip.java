package dev.labelsmooth.datasets.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Shifts each image of a batch by a random whole number of pixels, up to {@link
 * AugmentSpec#maxPixels} along each axis, filling with the nearest edge pixel (Keras'
 * ImageDataGenerator with {@code fill_mode='nearest'}), and flips it horizontally with the spec's
 * probability. Keras draws fractional shifts and interpolates; whole pixels keep every value an
 * original pixel value and the shift strictly within the bound.
 *
 * <p>The whole batch is moved with one gather: a source index per output pixel is built from a (B,
 * H) row map and a (B, W) column map, so no Java code touches pixels.
 */
public final class ShiftFlip {

    private ShiftFlip() {}

    /**
     * Augments a (B, C, H, W) batch; draws come from {@code random} only.
     *
     * @return a new array of the same shape, in the batch's manager
     */
    public static NDArray apply(NDArray batch, AugmentSpec spec, Random random) {
        Shape shape = batch.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("batch must be (B, C, H, W), got " + shape);
        }
        int b = (int) shape.get(0);
        int c = (int) shape.get(1);
        int h = (int) shape.get(2);
        int w = (int) shape.get(3);
        int maxDy = spec.maxPixels(h);
        int maxDx = spec.maxPixels(w);
        long[] rows = new long[b * h];
        long[] cols = new long[b * w];
        for (int i = 0; i < b; i++) {
            int dy = maxDy == 0 ? 0 : random.nextInt(2 * maxDy + 1) - maxDy;
            int dx = maxDx == 0 ? 0 : random.nextInt(2 * maxDx + 1) - maxDx;
            boolean flip = random.nextDouble() < spec.flipProbability();
            for (int y = 0; y < h; y++) {
                rows[i * h + y] = (long) clamp(y - dy, h) * w;
            }
            for (int x = 0; x < w; x++) {
                int source = clamp(x - dx, w);
                cols[i * w + x] = flip ? w - 1 - source : source;
            }
        }
        NDManager manager = batch.getManager();
        NDArray rowIndex = manager.create(rows, new Shape(b, h, 1));
        NDArray colIndex = manager.create(cols, new Shape(b, 1, w));
        NDArray index =
                rowIndex.add(colIndex).reshape(b, 1, (long) h * w).broadcast(b, c, (long) h * w);
        return batch.reshape(b, c, (long) h * w).gather(index, 2).reshape(shape);
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(size - 1, v));
    }
}
