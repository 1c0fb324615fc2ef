package dev.labelsmooth.models.layers;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;

/**
 * Forward multiply-adds per image, counted from a network's layers: a convolution costs its output
 * elements times {@code in / groups x kh x kw}, a dense layer its inputs times its outputs;
 * BatchNorm, activations, pooling, additions and concatenations count nothing (the usual convention
 * of FLOP tables, which report multiply-adds). Works on any DJL network made of sequential and
 * parallel blocks, the model zoo's included.
 */
public final class MultiplyAdds {

    private MultiplyAdds() {}

    /**
     * Multiply-adds of one forward pass of one image of {@code imageShape} (CxHxW, no batch).
     *
     * @throws IllegalArgumentException if the network holds a block it cannot see into (neither
     *     sequential, parallel nor a leaf layer with parameters it knows)
     */
    public static long perImage(Block block, Shape imageShape) {
        long[] total = {0};
        Shape input = new Shape(1).addAll(imageShape);
        BlockWalk.walk(
                block,
                new Shape[] {input},
                (path, leaf, in, out) -> total[0] += of(path, leaf, in[0], out[0]));
        return total[0];
    }

    private static long of(String path, Block leaf, Shape in, Shape out) {
        if (leaf instanceof Convolution conv) {
            long inChannels = in.get(1);
            long perOutput = inChannels / conv.getGroups() * conv.getKernelShape().size();
            return out.size() / out.get(0) * perOutput;
        }
        if (leaf instanceof Linear) {
            long units = out.get(out.dimension() - 1);
            return in.size() / in.get(0) * units;
        }
        if (!leaf.getChildren().isEmpty()) {
            throw new IllegalArgumentException(
                    "cannot count the multiply-adds of "
                            + leaf.getClass().getSimpleName()
                            + " at layer "
                            + path
                            + ": it is neither sequential, parallel nor a single layer");
        }
        return 0;
    }
}
