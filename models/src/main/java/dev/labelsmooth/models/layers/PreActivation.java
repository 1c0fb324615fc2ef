package dev.labelsmooth.models.layers;

import ai.djl.ndarray.NDArrays;
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

/**
 * Layers of the pre-activation CIFAR networks (Wide ResNet, PreAct-ResNet, DenseNet-BC) as their
 * reference PyTorch implementations define them: convolutions without bias and with {@code k/2}
 * padding, BatchNorm with PyTorch's epsilon 1e-5, ReLU, and a global-average-pooled dense head.
 *
 * @param bnMomentum weight of the old value in BatchNorm's moving averages (DJL's convention; 0.9
 *     is PyTorch's default momentum of 0.1)
 */
public record PreActivation(float bnMomentum) {

    /** PyTorch's BatchNorm epsilon, used by the reference implementations. */
    public static final float BN_EPSILON = 1e-5f;

    /** A k x k convolution without bias, padding k/2. */
    public static Conv2d conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .setFilters(filters)
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build();
    }

    /** BatchNorm then ReLU. */
    public SequentialBlock bnRelu() {
        return new SequentialBlock()
                .add(BatchNorm.builder().optMomentum(bnMomentum).optEpsilon(BN_EPSILON).build())
                .add(Activation.reluBlock());
    }

    /**
     * The pre-activation basic block of Wide ResNet and PreAct-ResNet: {@code
     * conv3x3(dropout(BN-ReLU(conv3x3(BN-ReLU(x))))) + shortcut}, the shortcut being {@code x} when
     * the block keeps width and stride, else a 1x1 convolution of {@code BN-ReLU(x)} (the
     * projection shares the pre-activation, as the reference implementations do).
     *
     * @param dropout the rate between the two convolutions, 0 for none
     */
    public Block basicBlock(int in, int out, int stride, float dropout) {
        SequentialBlock main = new SequentialBlock().add(conv(out, 3, stride)).add(bnRelu());
        if (dropout > 0) {
            main.add(ai.djl.nn.norm.Dropout.builder().optRate(dropout).build());
        }
        main.add(conv(out, 3, 1));
        if (in == out && stride == 1) {
            return sum(new SequentialBlock().add(bnRelu()).add(main), null);
        }
        return new SequentialBlock().add(bnRelu()).add(sum(main, conv(out, 1, stride)));
    }

    /** {@code main(x) + shortcut(x)}; the shortcut is the identity when null. */
    public static ParallelBlock sum(Block main, Block shortcut) {
        return new ParallelBlock(
                outputs -> new NDList(outputs.get(0).head().add(outputs.get(1).head())),
                List.of(main, shortcut == null ? Blocks.identityBlock() : shortcut));
    }

    /** {@code [x, main(x)]} concatenated along the channels. */
    public static ParallelBlock concat(Block main) {
        return new ParallelBlock(
                outputs ->
                        new NDList(
                                NDArrays.concat(
                                        new NDList(outputs.get(0).head(), outputs.get(1).head()),
                                        1)),
                List.of(Blocks.identityBlock(), main));
    }

    /** The final BN-ReLU, global average pooling and a dense layer of K logits. */
    public SequentialBlock head(int numClasses) {
        SequentialBlock head = bnRelu();
        return head.add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(numClasses).build());
    }
}
