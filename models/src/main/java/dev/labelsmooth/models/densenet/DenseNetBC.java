package dev.labelsmooth.models.densenet;

import static dev.labelsmooth.core.Checks.require;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import dev.labelsmooth.models.layers.CifarBuilder;
import dev.labelsmooth.models.layers.PreActivation;

/**
 * DenseNet-BC-L-k for small images, after Huang et al., "Densely Connected Convolutional Networks"
 * (CVPR 2017): depth L = 6n+4, growth rate k, bottleneck layers and compression 0.5.
 *
 * <p>Layout: a 3x3 convolution with 2k filters; three dense blocks of n layers, each layer
 * appending {@code conv3x3_k(BN-ReLU(conv1x1_4k(BN-ReLU(x))))} to its input's channels; between
 * blocks a transition {@code avgpool2x2(conv1x1(BN-ReLU(x)))} keeping floor(0.5 C) channels;
 * BN-ReLU, global average pooling and a dense layer. Convolutions have no bias; no dropout (the
 * paper drops out only without augmentation). DenseNet-BC-100-12 has 0.8 M parameters (the paper's
 * Table 2).
 */
public final class DenseNetBC {

    private DenseNetBC() {}

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link DenseNetBC}; {@code setDepth}, {@code setGrowthRate} and K are required. */
    public static final class Builder extends CifarBuilder<Builder> {

        private int depth;
        private int growth;
        private double compression = 0.5;

        private Builder() {}

        /** L = 6n+4: 40, 100, 190, 250, ... */
        public Builder setDepth(int depth) {
            requireDepth(depth);
            this.depth = depth;
            return this;
        }

        /** k, the channels each layer adds. */
        public Builder setGrowthRate(int growth) {
            require(growth >= 1 && growth <= 256, "growth rate k", "in [1, 256]", growth);
            this.growth = growth;
            return this;
        }

        /** The fraction of channels a transition keeps, 0.5 by default (the "C" of BC). */
        public Builder optCompression(double compression) {
            require(compression > 0 && compression <= 1, "compression", "in (0, 1]", compression);
            this.compression = compression;
            return this;
        }

        /** Fails naming the form unless {@code depth} is 6n+4 with n >= 1. */
        public static void requireDepth(int depth) {
            if (depth < 10 || (depth - 4) % 6 != 0) {
                throw new IllegalArgumentException(
                        "DenseNet-BC depth " + depth + " is not 6n+4: 40, 100, 190, 250, ...");
            }
        }

        @Override
        protected SequentialBlock build(int numClasses, PreActivation layers) {
            if (depth == 0 || growth == 0) {
                throw new IllegalStateException("setDepth and setGrowthRate must be called first");
            }
            int perBlock = (depth - 4) / 6;
            int channels = 2 * growth;
            SequentialBlock net = new SequentialBlock().add(PreActivation.conv(channels, 3, 1));
            for (int block = 0; block < 3; block++) {
                SequentialBlock dense = new SequentialBlock();
                for (int i = 0; i < perBlock; i++) {
                    dense.add(
                            PreActivation.concat(
                                    new SequentialBlock()
                                            .add(layers.bnRelu())
                                            .add(PreActivation.conv(4 * growth, 1, 1))
                                            .add(layers.bnRelu())
                                            .add(PreActivation.conv(growth, 3, 1))));
                    channels += growth;
                }
                net.add(dense);
                if (block < 2) {
                    channels = (int) Math.floor(channels * compression);
                    net.add(
                            new SequentialBlock()
                                    .add(layers.bnRelu())
                                    .add(PreActivation.conv(channels, 1, 1))
                                    .add(Pool.avgPool2dBlock(new Shape(2, 2))));
                }
            }
            return net.add(layers.head(numClasses));
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
