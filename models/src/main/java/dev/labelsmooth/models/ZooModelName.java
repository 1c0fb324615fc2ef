package dev.labelsmooth.models;

import dev.labelsmooth.models.zoo.ZooArchitecture;
import dev.labelsmooth.models.zoo.ZooBuilder;

/**
 * {@code zoo-<name>}: a classifier of DJL's basic model zoo, e.g. {@code zoo-resnet50} or {@code
 * zoo-mobilenet-v2}.
 *
 * @param architecture the zoo's network
 * @param depth the depth the name gives ({@code resnet<L>}, {@code vgg<L>}), else 0
 */
public record ZooModelName(ZooArchitecture architecture, int depth) implements ModelName {

    /** Checks that the name carries a depth exactly when the architecture has one. */
    public ZooModelName {
        if (architecture.hasDepth() != (depth > 0)) {
            throw new IllegalArgumentException(
                    "zoo model "
                            + architecture.form()
                            + " must "
                            + (depth > 0 ? "not " : "")
                            + "have a depth, got "
                            + depth);
        }
        if (architecture == ZooArchitecture.VGG_NET) {
            architecture.requireDepth(depth, 32);
        }
    }

    static ZooModelName parse(String name) {
        ZooArchitecture architecture = ZooArchitecture.of(name);
        int depth = architecture.hasDepth() ? Integer.parseInt(name.replaceAll("\\D", "")) : 0;
        return new ZooModelName(architecture, depth);
    }

    @Override
    public ZooBuilder builder() {
        return new ZooBuilder(architecture, depth);
    }

    @Override
    public String family() {
        return "DJL model zoo";
    }

    @Override
    public String reference() {
        return architecture.description() + ", ai.djl:model-zoo";
    }

    @Override
    public String toString() {
        String form = architecture.form();
        return "zoo-"
                + (architecture.hasDepth() ? form.replace("<L>", Integer.toString(depth)) : form);
    }
}
