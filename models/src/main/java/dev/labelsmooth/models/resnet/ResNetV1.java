package dev.labelsmooth.models.resnet;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import dev.labelsmooth.models.resnet.KerasLayers.Norm;

/**
 * ResNet v1 for small images, depth 6n+2 (20, 32, 44, 56, 110, ...), as {@code resnet_v1} of the
 * Keras example {@code cifar10_resnet.py} (keras-team/keras) after He et al., "Deep Residual
 * Learning for Image Recognition" (2016).
 *
 * <p>Layout: a 3x3 conv-BN-ReLU stem with 16 filters; three stages of n blocks with 16, 32 and 64
 * filters, each block {@code relu(x + BN(conv3x3(relu(BN(conv3x3(x))))))}; the first block of
 * stages 2 and 3 has stride 2 and a 1x1 projection shortcut (a conv with bias, no BatchNorm);
 * global average pooling and a dense layer with K logits. The example's 8x8 average pooling equals
 * the global average at 32x32; the global form also serves 28x28 and 72x72 inputs.
 *
 * <p>Keras defaults where DJL's differ: kernels drawn with {@link
 * dev.labelsmooth.models.layers.HeNormal}; biases zero; BatchNorm momentum 0.99 and epsilon 1e-3.
 * The example's L2 penalty of 1e-4 on kernels is applied by the trainer to the {@code WEIGHT}
 * parameters (see {@code TrainingRecipe.penalisedParameters}).
 *
 * <pre>{@code
 * Block resnet20 = ResNetV1.builder().setDepth(20).setNumClasses(10).build();
 * }</pre>
 */
public final class ResNetV1 {

    private ResNetV1() {}

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ResNetV1}. */
    public static final class Builder extends ResNetBuilder<Builder> {

        private Builder() {}

        @Override
        int layersPerBlock() {
            return 6;
        }

        @Override
        SequentialBlock build(int blocksPerStage, KerasLayers layers) {
            SequentialBlock net = new SequentialBlock();
            net.add(layers.convFirst(16, 3, 1, Norm.BN_RELU));
            int filters = 16;
            for (int stage = 0; stage < 3; stage++) {
                SequentialBlock blocks = new SequentialBlock();
                for (int block = 0; block < blocksPerStage; block++) {
                    boolean downsample = stage > 0 && block == 0;
                    int stride = downsample ? 2 : 1;
                    SequentialBlock main =
                            new SequentialBlock()
                                    .add(layers.convFirst(filters, 3, stride, Norm.BN_RELU))
                                    .add(layers.convFirst(filters, 3, 1, Norm.BN));
                    SequentialBlock projection =
                            downsample ? layers.convFirst(filters, 1, stride, Norm.NONE) : null;
                    blocks.add(
                            new SequentialBlock()
                                    .add(KerasLayers.residual(main, projection))
                                    .add(Activation.reluBlock()));
                }
                net.add(blocks);
                filters *= 2;
            }
            return net.add(KerasLayers.head(numClasses));
        }

        @Override
        Builder self() {
            return this;
        }
    }
}
