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
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.labelsmooth.models.ModelSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResNetV1Test {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(1234);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {21, 19, 2, 0, -4, 83})
    void rejectsDepthNotOfForm6nPlus2(int depth) {
        assertThatThrownBy(() -> ResNetV1.builder().setDepth(depth))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("depth " + depth + " is not 6n+2: 20, 32, 44, 56, 110, ...");
    }

    @Test
    void rejectsFewerThanTwoClassesAndMissingDepth() {
        assertThatThrownBy(() -> ResNetV1.builder().setDepth(20).setNumClasses(1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 1");
        assertThatThrownBy(() -> ResNetV1.builder().setNumClasses(10).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setDepth");
    }

    @ParameterizedTest
    @CsvSource({"20, 3", "32, 5", "56, 9"})
    void stagesHoldNBlocksAndMainPathHasDepthLayers(int depth, int n) {
        SequentialBlock net = ResNetV1.builder().setDepth(depth).setNumClasses(10).build();
        assertThat(stageSizes(net)).containsExactly(n, n, n);
        assertThat(mainPathWeightedLayers(net)).isEqualTo(depth);
        // Two 1x1 projections: the first block of stages 2 and 3.
        assertThat(ResNetTestSupport.count(net, Conv2d.class)).isEqualTo(depth - 1 + 2);
    }

    @ParameterizedTest
    @CsvSource({"1, 28, 10", "3, 32, 10", "3, 72, 100"})
    void producesOneLogitPerClassForEachInputSize(int channels, int size, int k) {
        SequentialBlock net = ResNetV1.builder().setDepth(20).setNumClasses(k).build();
        Shape input = new Shape(2, channels, size, size);
        net.initialize(manager, DataType.FLOAT32, input);
        NDArray x = manager.randomUniform(0, 1, input);
        NDArray logits =
                net.forward(new ParameterStore(manager, false), new NDList(x), false).head();
        assertThat(logits.getShape()).isEqualTo(new Shape(2, k));
        assertThat(net.getOutputShapes(new Shape[] {input})[0]).isEqualTo(new Shape(2, k));
    }

    @ParameterizedTest
    @CsvSource({"3, 32, 10, 274442, 273066", "1, 28, 10, 274154, 272778"})
    void parameterCountsEqualKeras(int channels, int size, int k, long total, long trainable) {
        SequentialBlock net = ResNetV1.builder().setDepth(20).setNumClasses(k).build();
        ModelSummary summary = ModelSummary.of(net, new Shape(1, channels, size, size), manager);
        assertThat(summary.totalParameters()).isEqualTo(total);
        assertThat(summary.trainableParameters()).isEqualTo(trainable);
        assertThat(summary.render())
                .endsWith("parameters: " + total + " (trainable " + trainable + ")");
    }

    @Test
    void forwardAndBackwardReachEveryTrainableParameter() {
        SequentialBlock net = ResNetV1.builder().setDepth(20).setNumClasses(10).build();
        Shape input = new Shape(4, 1, 28, 28);
        net.initialize(manager, DataType.FLOAT32, input);
        NDArray x = manager.randomNormal(input);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits =
                    net.forward(new ParameterStore(manager, false), new NDList(x), true).head();
            collector.backward(logits.square().mean());
        }
        for (Parameter p : net.getParameters().values()) {
            if (p.requiresGradient()) {
                assertThat(p.getArray().getGradient().abs().sum().getFloat())
                        .as(p.getName())
                        .isPositive();
            }
        }
    }

    @Test
    void batchNormUsesBatchStatisticsInTrainingAndMovingOnesInInference() {
        SequentialBlock net = ResNetV1.builder().setDepth(8).setNumClasses(10).build();
        Shape input = new Shape(8, 3, 32, 32);
        net.initialize(manager, DataType.FLOAT32, input);
        NDArray x = manager.randomNormal(3f, 2f, input, DataType.FLOAT32);
        ParameterStore store = new ParameterStore(manager, false);
        NDArray inference1 = net.forward(store, new NDList(x), false).head().duplicate();
        NDArray training = net.forward(store, new NDList(x), true).head();
        NDArray inference2 = net.forward(store, new NDList(x), false).head();
        assertThat(training.allClose(inference1, 1e-3, 1e-3, false)).isFalse();
        // One training pass moved the moving averages by (1 - 0.99) of the way.
        assertThat(inference2.allClose(inference1, 1e-6, 1e-6, false)).isFalse();
    }

    @Test
    void movingAveragesFollowKerasMomentum() {
        SequentialBlock net = new SequentialBlock().add(new KerasLayers(0.99f, 1e-3f).batchNorm());
        Shape input = new Shape(16, 2, 4, 4);
        net.initialize(manager, DataType.FLOAT32, input);
        NDArray x = manager.randomNormal(5f, 1f, input, DataType.FLOAT32);
        net.forward(new ParameterStore(manager, false), new NDList(x), true);
        NDArray runningMean = net.getParameters().valueAt(2).getArray();
        NDArray batchMean = x.transpose(1, 0, 2, 3).reshape(2, -1).mean(new int[] {1});
        assertThat(runningMean.allClose(batchMean.mul(0.01f), 1e-4, 1e-5, false)).isTrue();
    }
}
