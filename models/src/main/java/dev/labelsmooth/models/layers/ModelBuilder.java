package dev.labelsmooth.models.layers;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * What a sweep sets on any model before building it: the number of classes and BatchNorm's
 * momentum. Every family's builder implements it, so a caller holding only a model's name can build
 * it.
 */
public interface ModelBuilder {

    /** K, the number of logits of the classifier. */
    ModelBuilder setNumClasses(int numClasses);

    /**
     * Weight of the old value in BatchNorm's moving averages, {@code running = m * running + (1 -
     * m) * batch} (DJL's convention).
     */
    ModelBuilder optBatchNormMomentum(float momentum);

    /**
     * The shape of one image, CxHxW. Only builders whose layers depend on it use it (DJL's zoo
     * ResNet picks its CIFAR or ImageNet form by height); the others are fully convolutional.
     */
    default ModelBuilder optImageShape(Shape imageShape) {
        return this;
    }

    /** The network, its parameters not yet initialised. */
    Block build();
}
