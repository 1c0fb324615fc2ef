package dev.labelsmooth.models.resnet;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import dev.labelsmooth.core.training.L2Regularized;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * The Keras example's {@code kernel_regularizer=l2(1e-4)}: a penalty {@code 1e-4 Σ w²} on the
 * convolution kernels and the dense kernel, not on biases or BatchNorm. (The example's Dense layer
 * itself has no regularizer; SPEC §3 and the models issue put the penalty on the dense kernel too,
 * so it is included here.)
 */
public final class KerasRegularization {

    /** λ of the Keras example. */
    public static final double KERAS_L2 = 1e-4;

    private KerasRegularization() {}

    /** The kernels of a block: its {@code WEIGHT} parameters (Conv2d and Linear weights). */
    public static List<Parameter> kernels(Block block) {
        return block.getParameters().values().stream()
                .filter(p -> p.getType() == Parameter.Type.WEIGHT)
                .toList();
    }

    /**
     * An optimizer that adds the gradient {@code 2 λ w} of the penalty to the kernels only.
     *
     * @param optimizer builds the optimizer for a weight decay, e.g. {@code wd ->
     *     Optimizer.adam().optWeightDecays((float) wd).build()}
     */
    public static L2Regularized withKernelL2(
            Block block, DoubleFunction<Optimizer> optimizer, double lambda) {
        return L2Regularized.builder()
                .setOptimizer(optimizer)
                .setParameters(kernels(block))
                .setLambda(lambda)
                .build();
    }
}
