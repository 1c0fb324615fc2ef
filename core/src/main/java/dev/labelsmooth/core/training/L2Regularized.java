package dev.labelsmooth.core.training;

import static dev.labelsmooth.core.Checks.require;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Adds the gradient of an L2 penalty {@code λ Σ w²} on chosen parameters, {@code 2 λ w}, before
 * another optimizer's update. This is exactly how Keras' {@code kernel_regularizer=l2(λ)} changes
 * training, without DJL's {@code optWeightDecays}, which would also decay biases and BatchNorm.
 *
 * <p>The penalty acts in the update rather than in the loss so that it works unchanged when DJL
 * trains on several devices (each device updates its own copy); the reported loss is therefore
 * the data term alone, where Keras would add {@code λ Σ w²} to it.
 */
public final class L2Regularized extends Optimizer {

    private final Optimizer optimizer;
    private final float twiceLambda;
    private final Set<String> parameterIds;

    private L2Regularized(Builder builder) {
        super(builder);
        this.optimizer = builder.optimizer;
        this.twiceLambda = (float) (2 * builder.lambda);
        this.parameterIds = builder.parameterIds;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** λ of the penalty {@code λ Σ w²}. */
    public double lambda() {
        return twiceLambda / 2.0;
    }

    /** Whether the parameter with this id is penalised. */
    public boolean penalises(String parameterId) {
        return parameterIds.contains(parameterId);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        if (parameterIds.contains(parameterId)) {
            grad = grad.add(weight.mul(twiceLambda));
        }
        optimizer.update(parameterId, weight, grad);
    }

    /** Builds an {@link L2Regularized}; the optimizer, parameters and λ are required. */
    public static final class Builder extends OptimizerBuilder<Builder> {

        private Optimizer optimizer;
        private Set<String> parameterIds;
        private double lambda = Double.NaN;

        private Builder() {}

        /** The optimizer that applies the (penalised) gradient, e.g. Adam. */
        public Builder setOptimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** The parameters to penalise, typically conv and dense kernels. */
        public Builder setParameters(Collection<Parameter> parameters) {
            this.parameterIds = parameters.stream().map(Parameter::getId).collect(Collectors.toUnmodifiableSet());
            return this;
        }

        /** λ of {@code λ Σ w²}; Keras' ResNet example uses 1e-4. */
        public Builder setLambda(double lambda) {
            require(lambda >= 0 && Double.isFinite(lambda), "L2 lambda", "finite and >= 0", lambda);
            this.lambda = lambda;
            return this;
        }

        public L2Regularized build() {
            if (optimizer == null || parameterIds == null || Double.isNaN(lambda)) {
                throw new IllegalStateException(
                        "L2Regularized needs setOptimizer, setParameters and setLambda before build()");
            }
            return new L2Regularized(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
