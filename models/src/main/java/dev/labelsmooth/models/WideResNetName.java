package dev.labelsmooth.models;

import dev.labelsmooth.models.wideresnet.WideResNet;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wrn-<d>-<k>} or {@code wrn-<d>-<k>-drop<p>}: Wide ResNet of depth d = 6n+4 and width k,
 * with dropout p between a block's convolutions (0 when not named).
 *
 * @param depth d
 * @param width k
 * @param dropout p in [0, 1)
 */
public record WideResNetName(int depth, int width, double dropout) implements ModelName {

    private static final Pattern NAME =
            Pattern.compile("wrn-(\\d{1,4})-(\\d{1,3})(?:-drop(\\d*\\.?\\d+))?");

    /** Validates depth, width and dropout with the builder's messages. */
    public WideResNetName {
        builder(depth, width, dropout);
    }

    static WideResNetName parse(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return null;
        }
        double dropout = m.group(3) == null ? 0 : Double.parseDouble(m.group(3));
        return new WideResNetName(
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), dropout);
    }

    @Override
    public WideResNet.Builder builder() {
        return builder(depth, width, dropout);
    }

    @Override
    public String family() {
        return "Wide ResNet (depth 6n+4, width k)";
    }

    @Override
    public String reference() {
        return "Zagoruyko and Komodakis 2016, Wide Residual Networks (CIFAR form, pre-activation"
                + " blocks)";
    }

    @Override
    public String toString() {
        String base = "wrn-" + depth + "-" + width;
        return dropout == 0
                ? base
                : base + "-drop" + BigDecimal.valueOf(dropout).stripTrailingZeros().toPlainString();
    }

    private static WideResNet.Builder builder(int depth, int width, double dropout) {
        return WideResNet.builder().setDepth(depth).setWidth(width).optDropout((float) dropout);
    }
}
