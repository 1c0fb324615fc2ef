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
