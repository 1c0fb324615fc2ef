package dev.labelsmooth.models.resnet;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import dev.labelsmooth.models.resnet.KerasLayers.Norm;

/**
 * Pre-activation bottleneck ResNet v2 for small images, depth 9n+2 (29, 56, 83, 164, ...; 83 in the
 * label-smoothing paper), as {@code resnet_v2} of the Keras example {@code cifar10_resnet.py}
 * (keras-team/keras) after He et al., "Identity Mappings in Deep Residual Networks" (2016).
 *
 * <p>Layout: a 3x3 conv-BN-ReLU stem with 16 filters; three stages of n bottleneck units {@code x +
 * conv1x1(BN-ReLU(conv3x3(BN-ReLU(conv1x1(BN-ReLU(x))))))} going 16 -> 64, 64 -> 128 and 128 -> 256
 * filters; the very first unit skips its leading BN-ReLU (the stem just applied one); the first
 * unit of stages 2 and 3 has stride 2 on its first 1x1 conv; each stage's first unit has a 1x1
 * projection shortcut (conv with bias, no BatchNorm); no activation after the add; BN-ReLU, global
 * average pooling and a dense layer with K logits.
 *
 * <p>Keras defaults where DJL's differ: kernels drawn with {@link
 * dev.labelsmooth.models.layers.HeNormal}; biases zero; BatchNorm momentum 0.99 and epsilon 1e-3.
 * The example's L2 penalty of 1e-4 on kernels is applied by the trainer to the {@code WEIGHT}
 * parameters (see {@code TrainingRecipe.penalisedParameters}).
 */
public final class ResNetV2 {

    private ResNetV2() {}

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ResNetV2}. */
    public static final class Builder extends ResNetBuilder<Builder> {

        private Builder() {}

        @Override
        int layersPerBlock() {
            return 9;
        }

        @Override
        SequentialBlock build(int unitsPerStage, KerasLayers layers) {
            SequentialBlock net = new SequentialBlock();
            int filtersIn = 16;
            net.add(layers.convFirst(filtersIn, 3, 1, Norm.BN_RELU));
            for (int stage = 0; stage < 3; stage++) {
                int filtersOut = stage == 0 ? filtersIn * 4 : filtersIn * 2;
                SequentialBlock units = new SequentialBlock();
                for (int unit = 0; unit < unitsPerStage; unit++) {
                    int stride = stage > 0 && unit == 0 ? 2 : 1;
                    Norm first = stage == 0 && unit == 0 ? Norm.NONE : Norm.BN_RELU;
                    SequentialBlock main =
                            new SequentialBlock()
                                    .add(layers.convLast(filtersIn, 1, stride, first))
                                    .add(layers.convLast(filtersIn, 3, 1, Norm.BN_RELU))
                                    .add(layers.convLast(filtersOut, 1, 1, Norm.BN_RELU));
                    SequentialBlock projection =
                            unit == 0 ? layers.convFirst(filtersOut, 1, stride, Norm.NONE) : null;
                    units.add(KerasLayers.residual(main, projection));
                }
                net.add(units);
                filtersIn = filtersOut;
            }
            SequentialBlock head =
                    new SequentialBlock().add(layers.batchNorm()).add(Activation.reluBlock());
            KerasLayers.head(numClasses).getChildren().values().forEach(head::add);
            return net.add(head);
        }

        @Override
        Builder self() {
            return this;
        }
    }
}
