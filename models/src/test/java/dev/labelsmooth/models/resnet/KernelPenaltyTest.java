package dev.labelsmooth.models.resnet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.labelsmooth.core.training.L2Regularized;
import dev.labelsmooth.core.training.TrainingRecipe;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The paper's recipe penalises exactly a ResNet's conv and dense kernels. */
class KernelPenaltyTest {

    @Test
    void kernelsAreTheConvAndDenseWeightsOnly() {
        SequentialBlock net = ResNetV1.builder().setDepth(20).setNumClasses(10).build();
        long convs = ResNetTestSupport.count(net, Conv2d.class);
        assertThat(TrainingRecipe.penalisedParameters(net))
                .hasSize((int) convs + 1)
                .allMatch(p -> p.getType() == Parameter.Type.WEIGHT);
    }

    @Test
    void l2GradientTwoLambdaWIsAddedToKernelsOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = ResNetV1.builder().setDepth(8).setNumClasses(10).build();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            // Plain SGD with learning rate 1 and a zero data gradient: w' = w - 2 * lambda * w.
            L2Regularized l2 =
                    L2Regularized.builder()
                            .setOptimizer(
                                    wd ->
                                            Optimizer.sgd()
                                                    .setLearningRateTracker(Tracker.fixed(1f))
                                                    .optWeightDecays((float) wd)
                                                    .build())
                            .setParameters(TrainingRecipe.penalisedParameters(net))
                            .setLambda(TrainingRecipe.paper().l2())
                            .build();
            Map<String, NDArray> before = new HashMap<>();
            for (Parameter p : net.getParameters().values()) {
                before.put(p.getId(), p.getArray().duplicate());
                l2.update(p.getId(), p.getArray(), p.getArray().zerosLike());
            }
            for (Parameter p : net.getParameters().values()) {
                NDArray old = before.get(p.getId());
                NDArray expected = p.getType() == Parameter.Type.WEIGHT ? old.mul(1 - 2e-4f) : old;
                assertThat(p.getArray().allClose(expected, 1e-6, 1e-9, false))
                        .as("%s (%s)", p.getName(), p.getType())
                        .isTrue();
                assertThat(l2.penalises(p.getId())).isEqualTo(p.getType() == Parameter.Type.WEIGHT);
            }
        }
    }
}
