package dev.labelsmooth.models.zoo;

import ai.djl.basicmodelzoo.cv.classification.AlexNet;
import ai.djl.basicmodelzoo.cv.classification.GoogLeNet;
import ai.djl.basicmodelzoo.cv.classification.MobileNetV1;
import ai.djl.basicmodelzoo.cv.classification.MobileNetV2;
import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.basicmodelzoo.cv.classification.VGG;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A classifier of DJL's basic model zoo as {@code zoo-<name>} names it, built exactly as DJL's
 * builder builds it (DJL's layers, initialisers and BatchNorm settings; only K and, where the
 * builder takes it, BatchNorm's momentum are set).
 */
public enum ZooArchitecture {
    /** DJL's {@code ResNetV1}: the CIFAR form (6n+2, or 9n+2 from 164) up to 28x28, else 18-269. */
    RESNET("resnet<L>", "ResNet v1 of DJL's zoo (He et al. 2016)"),
    /** DJL's {@code MobileNetV1}. */
    MOBILENET_V1("mobilenet-v1", "MobileNet v1 of DJL's zoo (Howard et al. 2017)"),
    /** DJL's {@code MobileNetV2}. */
    MOBILENET_V2("mobilenet-v2", "MobileNet v2 of DJL's zoo (Sandler et al. 2018)"),
    /** DJL's {@code VGG} with the configurations of Simonyan and Zisserman's Table 1. */
    VGG_NET("vgg<L>", "VGG of DJL's zoo (Simonyan and Zisserman 2015); L = 11, 13, 16, 19"),
    /** DJL's {@code AlexNet}. */
    ALEXNET("alexnet", "AlexNet of DJL's zoo (Krizhevsky et al. 2012)"),
    /** DJL's {@code GoogLeNet}. */
    GOOGLENET("googlenet", "GoogLeNet of DJL's zoo (Szegedy et al. 2015)");

    private static final int[] IMAGENET_RESNET_DEPTHS = {18, 34, 50, 101, 152, 200, 269};

    private final String form;
    private final String description;

    ZooArchitecture(String form, String description) {
        this.form = form;
        this.description = description;
    }

    /** The name after {@code zoo-}, e.g. {@code resnet<L>} or {@code alexnet}. */
    public String form() {
        return form;
    }

    /** What it is and where it comes from. */
    public String description() {
        return description;
    }

    /** Whether the name carries a depth. */
    public boolean hasDepth() {
        return this == RESNET || this == VGG_NET;
    }

    /**
     * Checks a depth against what DJL's builder takes for images of this height (the zoo ResNet
     * switches form at 28 pixels).
     */
    public void requireDepth(int depth, long height) {
        if (this == VGG_NET && depth != 11 && depth != 13 && depth != 16 && depth != 19) {
            throw new IllegalArgumentException(
                    "zoo VGG depth must be 11, 13, 16 or 19, got " + depth);
        }
        if (this == RESNET) {
            boolean cifar =
                    depth >= 8
                            && ((depth - 2) % 6 == 0 && depth < 164
                                    || (depth - 2) % 9 == 0 && depth >= 164);
            boolean imagenet = Arrays.stream(IMAGENET_RESNET_DEPTHS).anyMatch(d -> d == depth);
            if (height <= 28 && !cifar || height > 28 && !imagenet) {
                throw new IllegalArgumentException(
                        "zoo ResNet depth "
                                + depth
                                + " does not fit "
                                + height
                                + "-pixel images: DJL builds its CIFAR form (depth 6n+2 below 164"
                                + " or 9n+2 from 164: 20, 32, 56, 110, 164) for images up to 28"
                                + " pixels high and its ImageNet form (depth "
                                + Arrays.stream(IMAGENET_RESNET_DEPTHS)
                                        .mapToObj(Integer::toString)
                                        .collect(Collectors.joining(", "))
                                + ") above");
            }
        }
    }

    /**
     * Builds the block for K classes and images of {@code imageShape} (CxHxW).
     *
     * @param depth the depth for {@code resnet<L>} and {@code vgg<L>}, ignored otherwise
     * @param bnMomentum BatchNorm's momentum for the builders that take one
     */
    public Block build(int depth, int numClasses, Shape imageShape, float bnMomentum) {
        return switch (this) {
            case RESNET -> {
                requireDepth(depth, imageShape.get(1));
                yield ResNetV1.builder()
                        .setNumLayers(depth)
                        .setImageShape(imageShape)
                        .setOutSize(numClasses)
                        .optBatchNormMomentum(bnMomentum)
                        .build();
            }
            case MOBILENET_V1 ->
                    MobileNetV1.builder()
                            .setOutSize(numClasses)
                            .optBatchNormMomentum(bnMomentum)
                            .build();
            case MOBILENET_V2 ->
                    MobileNetV2.builder()
                            .setOutSize(numClasses)
                            .optBatchNormMomentum(bnMomentum)
                            .build();
            case VGG_NET -> {
                requireDepth(depth, imageShape.get(1));
                yield VGG.builder()
                        .setNumLayers(depth)
                        .setConvArch(vggArch(depth))
                        .setOutSize(numClasses)
                        .build();
            }
            case ALEXNET -> AlexNet.builder().setOutSize(numClasses).build();
            case GOOGLENET -> GoogLeNet.builder().setOutSize(numClasses).build();
        };
    }

    /** The convolutions per stage and their channels of VGG-11/13/16/19. */
    private static int[][] vggArch(int depth) {
        int[] convs =
                switch (depth) {
                    case 11 -> new int[] {1, 1, 2, 2, 2};
                    case 13 -> new int[] {2, 2, 2, 2, 2};
                    case 16 -> new int[] {2, 2, 3, 3, 3};
                    default -> new int[] {2, 2, 4, 4, 4};
                };
        int[] channels = {64, 128, 256, 512, 512};
        int[][] arch = new int[5][];
        for (int i = 0; i < 5; i++) {
            arch[i] = new int[] {convs[i], channels[i]};
        }
        return arch;
    }

    /** The architecture {@code zoo-<name>} names, by its form. */
    public static ZooArchitecture of(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (ZooArchitecture a : values()) {
            if (!a.hasDepth() && a.form.equals(n)) {
                return a;
            }
        }
        if (n.matches("resnet\\d{1,4}")) {
            return RESNET;
        }
        if (n.matches("vgg\\d{1,3}")) {
            return VGG_NET;
        }
        throw new IllegalArgumentException(
                "zoo model must be one of "
                        + Arrays.stream(values())
                                .map(a -> "zoo-" + a.form)
                                .collect(Collectors.joining(", "))
                        + ", got 'zoo-"
                        + name
                        + "'");
    }
}
