package dev.labelsmooth.models;

import dev.labelsmooth.models.resnet.ResNetBuilder;
import dev.labelsmooth.models.resnet.ResNetV1;
import dev.labelsmooth.models.resnet.ResNetV2;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code resnet<D>-v1} (D = 6n+2) or {@code resnet<D>-v2} (D = 9n+2), e.g. {@code resnet20-v1},
 * {@code resnet83-v2}: the Keras-faithful ResNets of the paper.
 *
 * @param version 1 or 2
 * @param depth the number of weighted layers
 */
public record ResNetName(int version, int depth) implements ModelName {

    private static final Pattern NAME = Pattern.compile("resnet(\\d{1,5})-v([12])");

    /** Validates version and depth with the builders' messages. */
    public ResNetName {
        builder(version, depth);
    }

    /** The name if it has this family's form, else null. */
    static ResNetName parse(String name) {
        Matcher m = NAME.matcher(name);
        return m.matches()
                ? new ResNetName(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)))
                : null;
    }

    @Override
    public ResNetBuilder<?> builder() {
        return builder(version, depth);
    }

    @Override
    public String family() {
        return "ResNet v" + version + " (depth " + (version == 1 ? 6 : 9) + "n+2)";
    }

    @Override
    public String reference() {
        return "He et al. 2016 ("
                + (version == 1 ? "Deep Residual Learning" : "Identity Mappings")
                + "), as resnet_v"
                + version
                + " of Keras' cifar10_resnet.py";
    }

    @Override
    public String toString() {
        return "resnet" + depth + "-v" + version;
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
