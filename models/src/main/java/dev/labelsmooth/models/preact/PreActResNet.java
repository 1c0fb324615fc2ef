package dev.labelsmooth.models.preact;

import ai.djl.nn.SequentialBlock;
import dev.labelsmooth.models.layers.CifarBuilder;
import dev.labelsmooth.models.layers.PreActivation;

/**
 * PreAct-ResNet-18 and -34 for small images, after He et al., "Identity Mappings in Deep Residual
 * Networks" (ECCV 2016), in the CIFAR form common to the calibration literature: a 3x3 stem with 64
 * filters instead of ImageNet's 7x7 convolution and max pooling.
 *
 * <p>Layout: the stem; four stages of pre-activation basic blocks (2, 2, 2, 2 for depth 18; 3, 4,
 * 6, 3 for 34) with 64, 128, 256 and 512 filters, the first block of stages 2-4 with stride 2; a
 * block computes {@code conv3x3(BN-ReLU(conv3x3(BN-ReLU(x)))) + shortcut}, the shortcut being
 * {@code x} or, where width or stride change, a 1x1 convolution of {@code BN-ReLU(x)}; the paper's
 * extra BN-ReLU after the last block, global average pooling and a dense layer. Convolutions have
 * no bias. PreAct-ResNet-18 has 11.2 M parameters at K = 10.
 */
public final class PreActResNet {

    private PreActResNet() {}

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link PreActResNet}; {@code setDepth} and K are required. */
    public static final class Builder extends CifarBuilder<Builder> {

        private int[] blocks;

        private Builder() {}

        /** 18 or 34. */
        public Builder setDepth(int depth) {
            blocks =
                    switch (depth) {
                        case 18 -> new int[] {2, 2, 2, 2};
                        case 34 -> new int[] {3, 4, 6, 3};
                        default ->
                                throw new IllegalArgumentException(
                                        "PreAct-ResNet depth must be 18 or 34, got " + depth);
                    };
            return this;
        }

        @Override
        protected SequentialBlock build(int numClasses, PreActivation layers) {
            if (blocks == null) {
                throw new IllegalStateException("setDepth must be called first");
            }
            SequentialBlock net = new SequentialBlock().add(PreActivation.conv(64, 3, 1));
            int in = 64;
            for (int stage = 0; stage < 4; stage++) {
                int out = 64 << stage;
                SequentialBlock group = new SequentialBlock();
                for (int b = 0; b < blocks[stage]; b++) {
                    group.add(layers.basicBlock(in, out, stage > 0 && b == 0 ? 2 : 1, 0));
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
