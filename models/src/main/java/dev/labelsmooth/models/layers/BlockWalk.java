package dev.labelsmooth.models.layers;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;

/**
 * Visits the leaf blocks of a network in execution order with the shapes flowing into and out of
 * each: sequential blocks pass each child's output to the next, every branch of a parallel block
 * sees the parallel block's input, and any other block is a leaf. Shapes come from DJL's {@code
 * getOutputShapes}, so nothing is initialised or computed on images.
 */
public final class BlockWalk {

    /** Receives one leaf. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * @param path the leaf's position, e.g. {@code 2.0.1} (child indices from the root)
         * @param leaf the block
         * @param input the shapes it receives
         * @param output the shapes it produces
         */
        void leaf(String path, Block leaf, Shape[] input, Shape[] output);
    }

    private BlockWalk() {}

    /**
     * Walks {@code block} for inputs of {@code input} (with batch dimension).
     *
     * @return the block's output shapes
     */
    public static Shape[] walk(Block block, Shape[] input, Visitor visitor) {
        return walk(block, "", input, visitor);
    }

    private static Shape[] walk(Block block, String path, Shape[] input, Visitor visitor) {
        if (block instanceof SequentialBlock) {
            Shape[] shapes = input;
            int i = 0;
            for (Block child : block.getChildren().values()) {
                shapes = walk(child, join(path, i++), shapes, visitor);
            }
            return shapes;
        }
        if (block instanceof ParallelBlock) {
            int i = 0;
            for (Block child : block.getChildren().values()) {
                walk(child, join(path, i++), input, visitor);
            }
            return block.getOutputShapes(input);
        }
        Shape[] output = block.getOutputShapes(input);
        visitor.leaf(path, block, input, output);
        return output;
    }

    private static String join(String path, int index) {
        return path.isEmpty() ? Integer.toString(index) : path + "." + index;
    }
}
