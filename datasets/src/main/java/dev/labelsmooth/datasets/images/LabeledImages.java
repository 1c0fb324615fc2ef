package dev.labelsmooth.datasets.images;

import static dev.labelsmooth.core.Checks.require;

import java.util.List;

/**
 * Images and their class labels held as uint8 in memory, channel-first (N, C, H, W). Never a float
 * copy: batches are converted when they are built.
 *
 * @param pixels N * C * H * W bytes, image after image, each channel plane after plane
 * @param labels N class indices in [0, K)
 * @param channels C, 1 or 3
 * @param height H
 * @param width W
 * @param classNames K names, index = label
 */
public record LabeledImages(
        byte[] pixels, int[] labels, int channels, int height, int width, List<String> classNames) {

    /** Checks that the pixels, labels, shape and class names agree. */
    public LabeledImages {
        require(channels == 1 || channels == 3, "channels", "1 or 3", channels);
        require(height > 0 && width > 0, "image size", "positive", height + "x" + width);
        require(classNames.size() >= 2, "number of classes K", ">= 2", classNames.size());
        long expected = (long) labels.length * channels * height * width;
        require(pixels.length == expected, "pixel count", "N*C*H*W = " + expected, pixels.length);
        int k = classNames.size();
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i];
            if (label < 0 || label >= k) {
                throw new IllegalArgumentException(
                        "label of image " + i + " must be in [0, " + k + "), got " + label);
            }
        }
        classNames = List.copyOf(classNames);
    }

    public int size() {
        return labels.length;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** Bytes per image, C * H * W. */
    public int imageBytes() {
        return channels * height * width;
    }

    /** How many images each class has. */
    public int[] classCounts() {
        int[] counts = new int[numClasses()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** The images at {@code indices}, in that order. */
    public LabeledImages subset(int[] indices) {
        int stride = imageBytes();
        byte[] sub = new byte[indices.length * stride];
        int[] subLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * stride, sub, i * stride, stride);
            subLabels[i] = labels[indices[i]];
        }
        return new LabeledImages(sub, subLabels, channels, height, width, classNames);
    }

    /** The per-pixel mean image over all images, scaled to [0, 1], length C * H * W. */
    public float[] meanImage() {
        int stride = imageBytes();
        long[] sums = new long[stride];
        for (int i = 0; i < size(); i++) {
            int offset = i * stride;
            for (int p = 0; p < stride; p++) {
                sums[p] += pixels[offset + p] & 0xFF;
            }
        }
        float[] mean = new float[stride];
        double scale = 1.0 / (255.0 * Math.max(1, size()));
        for (int p = 0; p < stride; p++) {
            mean[p] = (float) (sums[p] * scale);
        }
        return mean;
    }
}
