package dev.labelsmooth.models.resnet;

import static dev.labelsmooth.models.resnet.ResNetTestSupport.mainPathWeightedLayers;
import static dev.labelsmooth.models.resnet.ResNetTestSupport.stageSizes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.labelsmooth.models.ModelSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResNetV2Test {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(99);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {21, 82, 84, 2})
    void rejectsDepthNotOfForm9nPlus2(int depth) {
        assertThatThrownBy(() -> ResNetV2.builder().setDepth(depth))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("depth " + depth + " is not 9n+2: 29, 47, 65, 83, 164, ...");
    }

    @ParameterizedTest
    @CsvSource({"83, 9", "164, 18"})
    void stagesHoldNUnitsAndMainPathHasDepthLayers(int depth, int n) {
        SequentialBlock net = ResNetV2.builder().setDepth(depth).setNumClasses(10).build();
        assertThat(stageSizes(net)).containsExactly(n, n, n);
        assertThat(mainPathWeightedLayers(net)).isEqualTo(depth);
        // Three projections, one per stage.
        assertThat(ResNetTestSupport.count(net, Conv2d.class)).isEqualTo(depth - 1 + 3);
        // Stem + 3 per unit but the very first unit's leading one + the head's.
        assertThat(ResNetTestSupport.count(net, BatchNorm.class)).isEqualTo(1 + 3L * 3 * n - 1 + 1);
    }

    @ParameterizedTest
    @CsvSource({
        "3, 32, 10, 2498474, 2482890",
        "3, 32, 100, 2521604, 2506020",
        "1, 28, 10, 2498186, 2482602"
    })
    void parameterCountsEqualKeras(int channels, int size, int k, long total, long trainable) {
        SequentialBlock net = ResNetV2.builder().setDepth(83).setNumClasses(k).build();
        ModelSummary summary = ModelSummary.of(net, new Shape(1, channels, size, size), manager);
        assertThat(summary.totalParameters()).isEqualTo(total);
        assertThat(summary.trainableParameters()).isEqualTo(trainable);
    }

    @ParameterizedTest
    @CsvSource({"1, 28", "3, 32", "3, 72"})
    void forwardAndBackwardRunForEachInputSize(int channels, int size) {
        SequentialBlock net = ResNetV2.builder().setDepth(29).setNumClasses(7).build();
        Shape input = new Shape(2, channels, size, size);
        net.initialize(manager, DataType.FLOAT32, input);
        NDArray x = manager.randomNormal(input);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits =
                    net.forward(new ParameterStore(manager, false), new NDList(x), true).head();
            assertThat(logits.getShape()).isEqualTo(new Shape(2, 7));
            collector.backward(logits.sum());
        }
        NDArray stemKernel = net.getParameters().valueAt(0).getArray();
        assertThat(stemKernel.getGradient().abs().sum().getFloat()).isPositive();
    }

    @Test
    void firstUnitSkipsItsLeadingBatchNorm() {
        SequentialBlock net = ResNetV2.builder().setDepth(29).setNumClasses(10).build();
        var firstUnitMain =
                net.getChildren()
                        .get(1)
                        .getValue() // stage 1
                        .getChildren()
                        .get(0)
                        .getValue() // unit 0 (residual)
                        .getChildren()
                        .get(0)
                        .getValue(); // main path
        var firstLayer = firstUnitMain.getChildren().get(0).getValue().getChildren().values();
        assertThat(firstLayer).hasSize(1);
        assertThat(firstLayer.get(0)).isInstanceOf(Conv2d.class);
        var secondUnitFirstLayer =
                net.getChildren()
                        .get(1)
                        .getValue()
                        .getChildren()
                        .get(1)
                        .getValue()
                        .getChildren()
                        .get(0)
                        .getValue()
                        .getChildren()
                        .get(0)
                        .getValue()
                        .getChildren()
                        .values();
        assertThat(secondUnitFirstLayer).hasSize(3);
        assertThat(secondUnitFirstLayer.get(0)).isInstanceOf(BatchNorm.class);
    }
}
