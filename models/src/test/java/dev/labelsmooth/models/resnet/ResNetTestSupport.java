package dev.labelsmooth.models.resnet;

import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;

/** Structural queries on built ResNets shared by the v1 and v2 tests. */
final class ResNetTestSupport {

    private ResNetTestSupport() {}

    /** Weighted layers on the main path (convs and the dense head), i.e. the ResNet "depth". */
    static int mainPathWeightedLayers(Block block) {
        if (block instanceof Conv2d || block instanceof Linear) {
            return 1;
        }
        if (block instanceof ParallelBlock) {
            // Branch 0 is the residual path; branch 1 the shortcut (identity or 1x1 projection).
            return mainPathWeightedLayers(block.getChildren().get(0).getValue());
        }
        int sum = 0;
        for (Block child : block.getChildren().values()) {
            sum += mainPathWeightedLayers(child);
        }
        return sum;
    }

    /** Number of blocks (units) in stages 1, 2 and 3 of a built network. */
    static int[] stageSizes(SequentialBlock net) {
        var children = net.getChildren().values();
        return new int[] {
            children.get(1).getChildren().size(),
            children.get(2).getChildren().size(),
            children.get(3).getChildren().size()
        };
    }

    static long count(Block block, Class<? extends Block> type) {
        long n = type.isInstance(block) ? 1 : 0;
        for (Block child : block.getChildren().values()) {
            n += count(child, type);
        }
        return n;
    }
}
