package dev.labelsmooth.models.zoo;

import static dev.labelsmooth.core.Checks.require;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.labelsmooth.models.layers.ModelBuilder;

/** Builds a {@link ZooArchitecture}; K and the image shape are required. */
public final class ZooBuilder implements ModelBuilder {

    private final ZooArchitecture architecture;
    private final int depth;
    private int numClasses;
    private float bnMomentum = 0.9f;
    private Shape imageShape;

    /**
     * @param architecture the zoo's network
     * @param depth its depth where the name carries one, else 0
     */
    public ZooBuilder(ZooArchitecture architecture, int depth) {
        this.architecture = architecture;
        this.depth = depth;
    }

    @Override
    public ZooBuilder setNumClasses(int numClasses) {
        this.numClasses = numClasses;
        return this;
    }

    @Override
    public ZooBuilder optBatchNormMomentum(float momentum) {
        require(momentum >= 0 && momentum < 1, "BatchNorm momentum", "in [0, 1)", momentum);
        this.bnMomentum = momentum;
        return this;
    }

    @Override
    public ZooBuilder optImageShape(Shape imageShape) {
        this.imageShape = imageShape;
        return this;
    }

    @Override
    public Block build() {
        require(numClasses >= 2, "number of classes K", ">= 2 (setNumClasses)", numClasses);
        if (imageShape == null) {
            throw new IllegalStateException("optImageShape must be called before build()");
        }
        return architecture.build(depth, numClasses, imageShape, bnMomentum);
    }
}
