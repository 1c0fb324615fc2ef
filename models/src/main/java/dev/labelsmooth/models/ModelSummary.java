package dev.labelsmooth.models;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import dev.labelsmooth.models.layers.BlockWalk;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A layer-by-layer summary of a block for one input shape, with Keras-style parameter counts: the
 * total includes BatchNorm's moving mean and variance, the trainable count excludes them.
 *
 * @param layers the leaf blocks in execution order
 * @param totalParameters every parameter element, trainable or not
 * @param trainableParameters the elements of parameters that receive gradients
 */
public record ModelSummary(List<Layer> layers, long totalParameters, long trainableParameters) {

    /**
     * One leaf block.
     *
     * @param path its position, e.g. {@code 2.0.0.1} (child indices from the root)
     * @param type its class name, e.g. {@code Conv2d}
     * @param outputShape the shape it produces for the summary's input
     * @param parameters its own parameter elements
     */
    public record Layer(String path, String type, Shape outputShape, long parameters) {}

    /**
     * Summarises {@code block} for inputs of {@code inputShape} (with batch dimension),
     * initialising its parameters in {@code manager} first if needed.
     */
    public static ModelSummary of(Block block, Shape inputShape, NDManager manager) {
        if (!block.isInitialized()) {
            block.initialize(manager, DataType.FLOAT32, inputShape);
        }
        List<Layer> layers = new ArrayList<>();
        BlockWalk.walk(
                block,
                new Shape[] {inputShape},
                (path, leaf, input, output) -> {
                    long own = 0;
                    for (Parameter p : leaf.getDirectParameters().values()) {
                        own += p.getArray().getShape().size();
                    }
                    String type =
                            leaf instanceof LambdaBlock lambda
                                    ? lambda.getName()
                                    : leaf.getClass().getSimpleName();
                    layers.add(new Layer(path, type, output[0], own));
                });
        long total = 0;
        long trainable = 0;
        for (Parameter p : block.getParameters().values()) {
            long size = p.getArray().getShape().size();
            total += size;
            if (p.requiresGradient()) {
                trainable += size;
            }
        }
        return new ModelSummary(List.copyOf(layers), total, trainable);
    }

    /**
     * A fixed-width table of the layers, ending with {@code parameters: <total> (trainable <n>)}.
     */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "%-12s %-22s %-20s %10s%n",
                        "layer",
                        "type",
                        "output",
                        "params"));
        for (Layer layer : layers) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%-12s %-22s %-20s %10d%n",
                            layer.path(),
                            layer.type(),
                            layer.outputShape(),
                            layer.parameters()));
        }
        out.append("parameters: ")
                .append(totalParameters)
                .append(" (trainable ")
                .append(trainableParameters)
                .append(')');
        return out.toString();
    }
}
