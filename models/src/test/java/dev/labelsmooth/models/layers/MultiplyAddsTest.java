package dev.labelsmooth.models.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.junit.jupiter.api.Test;

class MultiplyAddsTest {

    @Test
    void convolutionsCountOutputsTimesTheirKernelAndDenseLayersInputsTimesOutputs() {
        SequentialBlock net =
                new SequentialBlock()
                        // 16 x 16 x 16 outputs, each 3 x 3 x 3 = 27 multiply-adds
                        .add(PreActivation.conv(16, 3, 2))
                        // depthwise: 16 x 16 x 16 outputs, each 1 x 3 x 3 = 9
                        .add(
                                Conv2d.builder()
                                        .setKernelShape(new Shape(3, 3))
                                        .setFilters(16)
                                        .optGroups(16)
                                        .optPadding(new Shape(1, 1))
                                        .build())
                        .add(Pool.globalAvgPool2dBlock())
                        // 16 x 10
                        .add(Linear.builder().setUnits(10).build());
        assertThat(MultiplyAdds.perImage(net, new Shape(3, 32, 32)))
                .isEqualTo(16L * 16 * 16 * 27 + 16L * 16 * 16 * 9 + 16 * 10);
    }

    @Test
    void aCompositeBlockItCannotSeeIntoIsNamedInsteadOfCountedAsFree() {
        AbstractBlock opaque =
                new AbstractBlock() {
                    {
                        addChildBlock("conv", PreActivation.conv(4, 3, 1));
                    }

                    @Override
                    protected NDList forwardInternal(
                            ParameterStore store,
                            NDList inputs,
                            boolean training,
                            PairList<String, Object> params) {
                        return inputs;
                    }

                    @Override
                    public Shape[] getOutputShapes(Shape[] inputShapes) {
                        return inputShapes;
                    }
                };
        assertThatThrownBy(
                        () ->
                                MultiplyAdds.perImage(
                                        new SequentialBlock().add(opaque), new Shape(1, 8, 8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at layer 0");
    }
}
