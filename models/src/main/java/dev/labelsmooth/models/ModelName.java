package dev.labelsmooth.models;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import dev.labelsmooth.models.layers.BlockWalk;
import dev.labelsmooth.models.layers.ModelBuilder;
import dev.labelsmooth.models.layers.MultiplyAdds;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A model as named on the command line, e.g. {@code resnet20-v1}, {@code wrn-28-10}, {@code
 * preact-resnet18}, {@code densenet-bc-100-12} or {@code zoo-mobilenet-v2}: what a sweep needs to
 * build it, name it in provenance, and estimate its cost.
 */
public sealed interface ModelName
        permits ResNetName, WideResNetName, PreActResNetName, DenseNetName, ZooModelName {

    /**
     * One family with the form of its names.
     *
     * @param form the name pattern, e.g. {@code wrn-<d>-<k>[-drop<p>]}
     * @param description what it is, its depth rule and source
     * @param examples names to try
     */
    record Family(String form, String description, String examples) {}

    /** Every family, in the order {@code models} lists them. */
    static List<Family> families() {
        return List.of(
                new Family(
                        "resnet<D>-v1",
                        "ResNet v1 of Keras' cifar10_resnet.py (He et al. 2016); D = 6n+2",
                        "resnet20-v1 (the paper's), resnet56-v1, resnet110-v1"),
                new Family(
                        "resnet<D>-v2",
                        "ResNet v2, pre-activation bottleneck, of Keras' cifar10_resnet.py; D ="
                                + " 9n+2",
                        "resnet83-v2 (the paper's), resnet29-v2, resnet164-v2"),
                new Family(
                        "wrn-<d>-<k>[-drop<p>]",
                        "Wide ResNet (Zagoruyko and Komodakis 2016); d = 6n+4, width k, dropout p"
                                + " between a block's convolutions",
                        "wrn-16-4, wrn-16-8, wrn-28-10, wrn-28-10-drop0.3"),
                new Family(
                        "preact-resnet<D>",
                        "PreAct-ResNet with a 3x3 stem (He et al. 2016, identity mappings); D ="
                                + " 18 or 34",
                        "preact-resnet18"),
                new Family(
                        "densenet-bc-<L>-<k>",
                        "DenseNet-BC (Huang et al. 2017); L = 6n+4, growth k, compression 0.5",
                        "densenet-bc-100-12, densenet-bc-40-12"),
                new Family(
                        "zoo-<name>",
                        "DJL's model zoo (ai.djl:model-zoo) as DJL builds it: resnet<L>,"
                                + " mobilenet-v1, mobilenet-v2, vgg<L>, alexnet, googlenet",
                        "zoo-resnet20, zoo-resnet18, zoo-mobilenet-v2, zoo-vgg11"));
    }

    /** Parses any family's name (case-insensitive). */
    static ModelName parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.startsWith("zoo-")) {
            return ZooModelName.parse(n.substring(4));
        }
        ModelName parsed =
                ResNetName.parse(n) != null
                        ? ResNetName.parse(n)
                        : WideResNetName.parse(n) != null
                                ? WideResNetName.parse(n)
                                : PreActResNetName.parse(n) != null
                                        ? PreActResNetName.parse(n)
                                        : DenseNetName.parse(n);
        if (parsed == null) {
            throw new IllegalArgumentException(
                    "model must be one of "
                            + String.join(", ", families().stream().map(Family::form).toList())
                            + " (see 'models'), e.g. resnet20-v1 or wrn-28-10, got '"
                            + name
                            + "'");
        }
        return parsed;
    }

    /** A builder for this model with its architecture set; set K and options, then build. */
    ModelBuilder builder();

    /** The family with its depth rule, e.g. {@code Wide ResNet (depth 6n+4, width k)}. */
    String family();

    /** The paper and implementation the model follows. */
    String reference();

    /** The depth the name gives (weighted layers), 0 where it gives none. */
    int depth();

    /** The model for K classes and images of {@code imageShape} (CxHxW), not yet initialised. */
    default Block build(int numClasses, Shape imageShape, float bnMomentum) {
        return builder()
                .setNumClasses(numClasses)
                .optBatchNormMomentum(bnMomentum)
                .optImageShape(imageShape)
                .build();
    }

    /**
     * The parameters that receive gradients for K classes and images of {@code imageShape} (CxHxW);
     * BatchNorm's moving statistics are not counted, as in PyTorch's {@code parameters()}. The
     * network is allocated with zeros, nothing is drawn.
     */
    default long trainableParameters(int numClasses, Shape imageShape) {
        Block block = build(numClasses, imageShape, 0.9f);
        block.setInitializer(Initializer.ZEROS, p -> true);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            block.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(imageShape));
            return block.getParameters().values().stream()
                    .filter(Parameter::requiresGradient)
                    .mapToLong(p -> p.getArray().size())
                    .sum();
        }
    }

    /**
     * Forward multiply-adds per image of the convolutions and dense layers, counted from the
     * architecture by {@link MultiplyAdds}. ResNet20 v1 takes 31.0 M at 1x28x28 and 40.8 M at
     * 3x32x32, WRN-28-10 5.24 G at 3x32x32. A sweep uses it to estimate cell costs.
     *
     * @throws IllegalArgumentException if the model cannot take images of this shape
     */
    default long forwardMacs(int channels, int height, int width, int numClasses) {
        Shape image = new Shape(channels, height, width);
        requireInput(image);
        return MultiplyAdds.perImage(build(numClasses, image, 0.9f), image);
    }

    /**
     * Fails with the smallest square image the model takes when its layers shrink {@code
     * imageShape} (CxHxW) to nothing or it cannot be built for it.
     */
    default void requireInput(Shape imageShape) {
        if (takes(imageShape, true)) {
            return;
        }
        int low = 1;
        int high = 1024;
        if (!takes(new Shape(imageShape.get(0), high, high), false)) {
            throw new IllegalArgumentException(
                    "model " + this + " cannot take " + shape(imageShape) + " images");
        }
        while (low < high) {
            int mid = (low + high) / 2;
            if (takes(new Shape(imageShape.get(0), mid, mid), false)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        throw new IllegalArgumentException(
                "model "
                        + this
                        + " takes images of at least "
                        + low
                        + "x"
                        + low
                        + " pixels, got "
                        + shape(imageShape)
                        + (imageShape.get(1) < low ? "" : " (see 'models --model " + this + "')")
                        + "; choose another model or a larger image size");
    }

    /**
     * Whether the model builds for this shape and every layer's output is non-empty; with {@code
     * explain}, a builder's refusal (the zoo ResNet's depth rule by height) is thrown as it is.
     */
    private boolean takes(Shape imageShape, boolean explain) {
        Block block;
        try {
            block = build(2, imageShape, 0.9f);
        } catch (IllegalArgumentException e) {
            if (explain) {
                throw e;
            }
            return false;
        }
        try {
            Shape[] out =
                    BlockWalk.walk(
                            block,
                            new Shape[] {new Shape(1).addAll(imageShape)},
                            (path, leaf, in, o) -> {
                                if (Arrays.stream(o[0].getShape()).anyMatch(d -> d <= 0)) {
                                    throw new IllegalStateException("empty output at " + path);
                                }
                            });
            return out.length == 1 && out[0].equals(new Shape(1, 2));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String shape(Shape chw) {
        return chw.get(0) + "x" + chw.get(1) + "x" + chw.get(2);
    }
}
