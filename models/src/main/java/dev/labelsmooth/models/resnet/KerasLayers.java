package dev.labelsmooth.models.resnet;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/** The building blocks of Keras' {@code cifar10_resnet.py}, shared by both ResNet versions. */
final class KerasLayers {

    private final float bnMomentum;
    private final float bnEpsilon;

    KerasLayers(float bnMomentum, float bnEpsilon) {
        this.bnMomentum = bnMomentum;
        this.bnEpsilon = bnEpsilon;
    }

    /** What follows the convolution (or precedes it, pre-activation) in one resnet_layer. */
    enum Norm {
        BN_RELU,
        BN,
        NONE
    }

    /** Conv first then BN/ReLU, as v1 and the stems. */
    SequentialBlock convFirst(int filters, int kernel, int stride, Norm norm) {
        SequentialBlock layer = new SequentialBlock().add(conv(filters, kernel, stride));
        addNorm(layer, norm);
        return layer;
    }

    /** BN/ReLU then conv, the pre-activation order of v2. */
    SequentialBlock convLast(int filters, int kernel, int stride, Norm norm) {
        SequentialBlock layer = new SequentialBlock();
        addNorm(layer, norm);
        return layer.add(conv(filters, kernel, stride));
    }

    /**
     * A k x k convolution with bias and 'same' padding. For stride 2 on an even input TensorFlow
     * pads one pixel at the bottom/right only while this pads k/2 on every side: same output size
     * and parameters, a grid shifted by one pixel.
     */
    static Conv2d conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .setFilters(filters)
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(true)
                .build();
    }

    BatchNorm batchNorm() {
        return BatchNorm.builder().optMomentum(bnMomentum).optEpsilon(bnEpsilon).build();
    }

    private void addNorm(SequentialBlock layer, Norm norm) {
        if (norm != Norm.NONE) {
            layer.add(batchNorm());
        }
        if (norm == Norm.BN_RELU) {
            layer.add(Activation.reluBlock());
        }
    }

    /**
     * {@code main(x) + shortcut(x)}; the shortcut is the identity when {@code projection} is null.
     */
    static ParallelBlock residual(Block main, Block projection) {
        Block shortcut = projection == null ? Blocks.identityBlock() : projection;
        return new ParallelBlock(
                outputs -> new NDList(outputs.get(0).head().add(outputs.get(1).head())),
                List.of(main, shortcut));
    }

    /** Global average pooling and a dense layer producing K logits (softmax is in the loss). */
    static SequentialBlock head(int numClasses) {
        return new SequentialBlock()
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(numClasses).build());
    }
}
