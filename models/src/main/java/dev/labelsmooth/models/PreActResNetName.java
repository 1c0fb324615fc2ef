package dev.labelsmooth.models;

import dev.labelsmooth.models.preact.PreActResNet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code preact-resnet18} or {@code preact-resnet34}: PreAct-ResNet with a 3x3 stem.
 *
 * @param depth 18 or 34
 */
public record PreActResNetName(int depth) implements ModelName {

    private static final Pattern NAME = Pattern.compile("preact-resnet(\\d{1,4})");

    /** Validates the depth. */
    public PreActResNetName {
        PreActResNet.builder().setDepth(depth);
    }

    static PreActResNetName parse(String name) {
        Matcher m = NAME.matcher(name);
        return m.matches() ? new PreActResNetName(Integer.parseInt(m.group(1))) : null;
    }

    @Override
    public PreActResNet.Builder builder() {
        return PreActResNet.builder().setDepth(depth);
    }

    @Override
    public String family() {
        return "PreAct-ResNet (depth 18 or 34, 3x3 stem)";
    }

    @Override
    public String reference() {
        return "He et al. 2016, Identity Mappings in Deep Residual Networks (CIFAR form with a 3x3"
                + " stem)";
    }

    @Override
    public String toString() {
        return "preact-resnet" + depth;
    }
}
