package dev.labelsmooth.models.resnet;

import static dev.labelsmooth.core.Checks.require;

import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import dev.labelsmooth.core.training.TrainingRecipe;
import dev.labelsmooth.models.layers.HeNormal;
import dev.labelsmooth.models.layers.ModelBuilder;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Settings shared by {@link ResNetV1} and {@link ResNetV2}; {@code setDepth} and {@code
 * setNumClasses} are required.
 *
 * @param <T> the concrete builder
 */
public abstract class ResNetBuilder<T extends ResNetBuilder<T>> implements ModelBuilder {

    /** Keras' BatchNormalization epsilon. */
    public static final float KERAS_BN_EPSILON = 1e-3f;

    int depth;
    int numClasses;
    float bnMomentum = TrainingRecipe.KERAS_BN_MOMENTUM;
    float bnEpsilon = KERAS_BN_EPSILON;

    ResNetBuilder() {}

    /** Total weighted layers: 6n+2 for v1, 9n+2 for v2. */
    public T setDepth(int depth) {
        int perBlock = layersPerBlock();
        if (depth < perBlock + 2 || (depth - 2) % perBlock != 0) {
            String examples =
                    IntStream.of(3, 5, 7, 9, 18)
                            .mapToObj(n -> String.valueOf(perBlock * n + 2))
                            .collect(Collectors.joining(", "));
            throw new IllegalArgumentException(
                    "depth " + depth + " is not " + perBlock + "n+2: " + examples + ", ...");
        }
        this.depth = depth;
        return self();
    }

    /** K, the number of logits of the dense head. */
    public T setNumClasses(int numClasses) {
        this.numClasses = numClasses;
        return self();
    }

    /**
     * Weight of the old value in BatchNorm's moving averages, {@code running = m * running + (1 -
     * m) * batch}; Keras' 0.99 by default. A sweep takes it from its {@link TrainingRecipe}.
     */
    public T optBatchNormMomentum(float momentum) {
        require(momentum >= 0 && momentum < 1, "BatchNorm momentum", "in [0, 1)", momentum);
        this.bnMomentum = momentum;
        return self();
    }

    /** BatchNorm's variance epsilon; Keras' 1e-3 by default. */
    public T optBatchNormEpsilon(float epsilon) {
        require(epsilon > 0, "BatchNorm epsilon", "> 0", epsilon);
        this.bnEpsilon = epsilon;
        return self();
    }

    /** Builds the network, its kernels initialised with Keras' he_normal. */
    public SequentialBlock build() {
        if (depth == 0) {
            throw new IllegalStateException("setDepth must be called before build()");
        }
        require(numClasses >= 2, "number of classes K", ">= 2 (setNumClasses)", numClasses);
        SequentialBlock net =
                build((depth - 2) / layersPerBlock(), new KerasLayers(bnMomentum, bnEpsilon));
        net.setInitializer(new HeNormal(), Parameter.Type.WEIGHT);
        return net;
    }

    /** 6 for v1 (two 3x3 convs per block, three stages), 9 for v2 (three convs per unit). */
    abstract int layersPerBlock();

    abstract SequentialBlock build(int blocksPerStage, KerasLayers layers);

    abstract T self();
}
