package dev.labelsmooth.models.wideresnet;

import static dev.labelsmooth.core.Checks.require;

import ai.djl.nn.SequentialBlock;
import dev.labelsmooth.models.layers.CifarBuilder;
import dev.labelsmooth.models.layers.PreActivation;

/**
 * Wide ResNet WRN-d-k for small images, after Zagoruyko and Komodakis, "Wide Residual Networks"
 * (BMVC 2016) and their reference implementation: depth d = 6n+4, width factor k.
 *
 * <p>Layout: a 3x3 convolution with 16 filters; three stages of n pre-activation basic blocks with
 * 16k, 32k and 64k filters, the first block of stages 2 and 3 with stride 2; a block computes
 * {@code conv3x3(dropout(BN-ReLU(conv3x3(BN-ReLU(x))))) + shortcut}, where the shortcut is {@code
 * x} when the block keeps its width and stride, else a 1x1 convolution of {@code BN-ReLU(x)};
 * BN-ReLU, global average pooling and a dense layer. Convolutions have no bias. Dropout between the
 * two convolutions is off unless set (the paper uses 0.3 on CIFAR). WRN-28-10 has 36.5 M
 * parameters, WRN-16-8 11.0 M, WRN-16-4 2.7 M (the paper's Table 1 and 4).
 */
public final class WideResNet {

    private WideResNet() {}

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link WideResNet}; {@code setDepth}, {@code setWidth} and K are required. */
    public static final class Builder extends CifarBuilder<Builder> {

        private int depth;
        private int width;
        private float dropout;

        private Builder() {}

        /** d = 6n+4: 10, 16, 22, 28, 40, ... */
        public Builder setDepth(int depth) {
            requireDepth(depth);
            this.depth = depth;
            return this;
        }

        /** The width factor k >= 1 (1 is a thin pre-activation ResNet). */
        public Builder setWidth(int width) {
            require(width >= 1 && width <= 64, "width factor k", "in [1, 64]", width);
            this.width = width;
            return this;
        }

        /** Dropout rate between a block's two convolutions, 0 (off) by default. */
        public Builder optDropout(float rate) {
            require(rate >= 0 && rate < 1, "dropout rate", "in [0, 1)", rate);
            this.dropout = rate;
            return this;
        }

        /** Fails naming the form unless {@code depth} is 6n+4 with n >= 1. */
        public static void requireDepth(int depth) {
            if (depth < 10 || (depth - 4) % 6 != 0) {
                throw new IllegalArgumentException(
                        "Wide ResNet depth " + depth + " is not 6n+4: 10, 16, 22, 28, 40, ...");
            }
        }

        @Override
        protected SequentialBlock build(int numClasses, PreActivation layers) {
            if (depth == 0 || width == 0) {
                throw new IllegalStateException("setDepth and setWidth must be called first");
            }
            int blocks = (depth - 4) / 6;
            SequentialBlock net = new SequentialBlock().add(PreActivation.conv(16, 3, 1));
            int in = 16;
            for (int stage = 0; stage < 3; stage++) {
                int out = (16 << stage) * width;
                SequentialBlock group = new SequentialBlock();
                for (int b = 0; b < blocks; b++) {
                    int stride = stage > 0 && b == 0 ? 2 : 1;
                    group.add(layers.basicBlock(in, out, stride, dropout));
                    in = out;
                }
                net.add(group);
            }
            return net.add(layers.head(numClasses));
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
