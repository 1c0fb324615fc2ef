package dev.labelsmooth.models;

import dev.labelsmooth.models.densenet.DenseNetBC;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code densenet-bc-<L>-<k>}: DenseNet-BC of depth L = 6n+4 and growth rate k.
 *
 * @param depth L
 * @param growth k
 */
public record DenseNetName(int depth, int growth) implements ModelName {

    private static final Pattern NAME = Pattern.compile("densenet-bc-(\\d{1,4})-(\\d{1,3})");

    /** Validates depth and growth rate. */
    public DenseNetName {
        DenseNetBC.builder().setDepth(depth).setGrowthRate(growth);
    }

    static DenseNetName parse(String name) {
        Matcher m = NAME.matcher(name);
        return m.matches()
                ? new DenseNetName(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))
                : null;
    }

    @Override
    public DenseNetBC.Builder builder() {
        return DenseNetBC.builder().setDepth(depth).setGrowthRate(growth);
    }

    @Override
    public String family() {
        return "DenseNet-BC (depth 6n+4, growth k, compression 0.5)";
    }

    @Override
    public String reference() {
        return "Huang et al. 2017, Densely Connected Convolutional Networks (CIFAR form)";
    }

    @Override
    public String toString() {
        return "densenet-bc-" + depth + "-" + growth;
    }
}
