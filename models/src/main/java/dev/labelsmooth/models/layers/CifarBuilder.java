package dev.labelsmooth.models.layers;

import static dev.labelsmooth.core.Checks.require;

import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;

/**
 * Settings shared by the pre-activation families: K (required) and BatchNorm's momentum (0.9,
 * PyTorch's default, unless set). Kernels are drawn with {@link HeNormal}.
 *
 * @param <T> the concrete builder
 */
public abstract class CifarBuilder<T extends CifarBuilder<T>> implements ModelBuilder {

    /** PyTorch's BatchNorm momentum 0.1 in DJL's convention. */
    public static final float DEFAULT_BN_MOMENTUM = 0.9f;

    private int numClasses;
    private float bnMomentum = DEFAULT_BN_MOMENTUM;

    protected CifarBuilder() {}

    @Override
    public T setNumClasses(int numClasses) {
        this.numClasses = numClasses;
        return self();
    }

    @Override
    public T optBatchNormMomentum(float momentum) {
        require(momentum >= 0 && momentum < 1, "BatchNorm momentum", "in [0, 1)", momentum);
        this.bnMomentum = momentum;
        return self();
    }

    @Override
    public SequentialBlock build() {
        require(numClasses >= 2, "number of classes K", ">= 2 (setNumClasses)", numClasses);
        SequentialBlock net = build(numClasses, new PreActivation(bnMomentum));
        net.setInitializer(new HeNormal(), Parameter.Type.WEIGHT);
        return net;
    }

    /** The network for K classes. */
    protected abstract SequentialBlock build(int numClasses, PreActivation layers);

    protected abstract T self();
}
