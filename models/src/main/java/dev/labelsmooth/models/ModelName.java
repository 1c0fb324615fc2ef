package dev.labelsmooth.models;

import dev.labelsmooth.models.resnet.ResNetBuilder;
import dev.labelsmooth.models.resnet.ResNetV1;
import dev.labelsmooth.models.resnet.ResNetV2;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model as named on the command line: {@code resnet<D>-v1} (D = 6n+2) or {@code resnet<D>-v2} (D
 * = 9n+2), e.g. {@code resnet20-v1}, {@code resnet83-v2}.
 *
 * @param version 1 or 2
 * @param depth the number of weighted layers
 */
public record ModelName(int version, int depth) {

    private static final Pattern NAME = Pattern.compile("resnet(\\d{1,5})-v([12])");

    /** Validates version and depth with the builders' messages. */
    public ModelName {
        builder(version, depth);
    }

    /** Parses {@code resnet<D>-v1|v2}. */
    public static ModelName parse(String name) {
        Matcher m = NAME.matcher(name.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "model must be resnet<D>-v1 (D = 6n+2) or resnet<D>-v2 (D = 9n+2), e.g."
                            + " resnet20-v1 or resnet83-v2, got '"
                            + name
                            + "'");
        }
        return new ModelName(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
    }

    /** A builder for this model with its depth set; set the classes and options, then build. */
    public ResNetBuilder<?> builder() {
        return builder(version, depth);
    }

    /** The family, e.g. {@code ResNet v1}, and its depth rule. */
    public String family() {
        return "ResNet v" + version + " (depth " + layersPerBlock(version) + "n+2)";
    }

    /**
     * Forward multiply-adds per image of the convolutions and the dense head, counted from the
     * architecture ('same' padding, so a stride-2 layer halves each side, rounding up). ResNet20 v1
     * takes 31.0 M at 1x28x28 and 40.8 M at 3x32x32. A sweep uses it to estimate cell costs.
     *
     * @param channels input channels
     * @param height input height
     * @param width input width
     * @param numClasses K
     * @return multiply-adds per image
     */
    public long forwardMacs(int channels, int height, int width, int numClasses) {
        long[] hw = {height, width};
        long macs = conv(hw, 3, channels, 16, 1);
        int blocks = (depth - 2) / layersPerBlock(version);
        int in = 16;
        if (version == 1) {
            for (int stage = 0; stage < 3; stage++) {
                int filters = 16 << stage;
                for (int b = 0; b < blocks; b++) {
                    int stride = stage > 0 && b == 0 ? 2 : 1;
                    long[] before = hw.clone();
                    macs += conv(hw, 3, in, filters, stride) + conv(hw, 3, filters, filters, 1);
                    if (stride == 2) {
                        macs += conv(before, 1, in, filters, 2);
                    }
                    in = filters;
                }
            }
        } else {
            for (int stage = 0; stage < 3; stage++) {
                int mid = in;
                int out = stage == 0 ? in * 4 : in * 2;
                for (int b = 0; b < blocks; b++) {
                    int stride = stage > 0 && b == 0 ? 2 : 1;
                    long[] before = hw.clone();
                    macs += conv(hw, 1, b == 0 ? in : out, mid, stride);
                    macs += conv(hw, 3, mid, mid, 1) + conv(hw, 1, mid, out, 1);
                    if (b == 0) {
                        macs += conv(before, 1, in, out, stride);
                    }
                }
                in = out;
            }
        }
        return macs + (long) in * numClasses;
    }

    /** MACs of a k x k convolution; updates {@code hw} to its output size. */
    private static long conv(long[] hw, int k, int in, int out, int stride) {
        hw[0] = (hw[0] + stride - 1) / stride;
        hw[1] = (hw[1] + stride - 1) / stride;
        return hw[0] * hw[1] * k * k * in * out;
    }

    @Override
    public String toString() {
        return "resnet" + depth + "-v" + version;
    }

    private static int layersPerBlock(int version) {
        return version == 1 ? 6 : 9;
    }

    private static ResNetBuilder<?> builder(int version, int depth) {
        return switch (version) {
            case 1 -> ResNetV1.builder().setDepth(depth);
            case 2 -> ResNetV2.builder().setDepth(depth);
            default ->
                    throw new IllegalArgumentException(
                            "ResNet version must be 1 or 2, got " + version);
        };
    }
}
