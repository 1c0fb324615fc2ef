package dev.labelsmooth.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every family builds for grey and colour images, produces K logits and trains every weight. */
class EveryFamilyTest {

    @ParameterizedTest(name = "{0} on {1}x{2}x{2}")
    @CsvSource({
        "wrn-10-2-drop0.3,    1, 28",
        "wrn-16-4,            3, 32",
        "preact-resnet18,     3, 16",
        "densenet-bc-40-12,   1, 28",
        "zoo-resnet20,        1, 28",
        "zoo-resnet18,        3, 32",
        "zoo-mobilenet-v1,    3, 32",
        "zoo-mobilenet-v2,    3, 32",
        "zoo-googlenet,       1, 28",
        "zoo-vgg11,           3, 32",
    })
    void forwardAndBackwardReachEveryTrainableParameter(String name, int channels, int size) {
        ModelName model = ModelName.parse(name);
        Shape image = new Shape(channels, size, size);
        Block net = model.build(7, image, 0.9f);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Engine.getInstance().setRandomSeed(3);
            Shape input = new Shape(4).addAll(image);
            net.initialize(manager, DataType.FLOAT32, input);
            NDArray x = manager.randomNormal(input);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits =
                        net.forward(new ParameterStore(manager, false), new NDList(x), true).head();
                assertThat(logits.getShape()).isEqualTo(new Shape(4, 7));
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
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"wrn-10-2-drop0.5, true", "wrn-10-2, false"})
    void dropoutActsOnlyWhenNamedAndOnlyInTraining(String name, boolean drops) {
        Block net = ModelName.parse(name).build(3, new Shape(1, 12, 12), 0.9f);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Shape input = new Shape(2, 1, 12, 12);
            net.initialize(manager, DataType.FLOAT32, input);
            NDList x = new NDList(manager.randomNormal(input));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray a = net.forward(store, x, true).head();
            NDArray b = net.forward(store, x, true).head();
            assertThat(a.allClose(b)).isEqualTo(!drops);
            NDArray c = net.forward(store, x, false).head();
            NDArray d = net.forward(store, x, false).head();
            assertThat(c.allClose(d)).isTrue();
        }
    }
}
