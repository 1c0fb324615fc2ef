package dev.labelsmooth.core.training;

import static dev.labelsmooth.core.Checks.require;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleFunction;
import java.util.stream.Collectors;

/**
 * An L2 penalty {@code λ Σ w²} on chosen parameters only, as Keras' {@code
 * kernel_regularizer=l2(λ)}: their gradient gets {@code 2 λ w} added before the update, other
 * parameters (biases, BatchNorm) are left alone. DJL's {@code optWeightDecays} would decay all of
 * them.
 *
 * <p>It routes each parameter to one of two instances of the same optimizer, built with weight
 * decay {@code 2λ} for the penalised parameters and {@code 0} for the rest. DJL's Adam and SGD add
 * {@code weightDecay * w} to the gradient inside their fused native update, so the penalty costs no
 * extra operation and allocates nothing per step. It acts in the update rather than in the loss so
 * that it also works when DJL trains on several devices; the reported loss is therefore the data
 * term alone, where Keras would add {@code λ Σ w²} to it.
 */
public final class L2Regularized extends Optimizer {

    private final Optimizer penalised;
    private final Optimizer others;
    private final double lambda;
    private final Set<String> parameterIds;

    private L2Regularized(Builder builder) {
        super(builder);
        this.lambda = builder.lambda;
        this.penalised = builder.factory.apply(2 * builder.lambda);
        this.others = builder.factory.apply(0);
        this.parameterIds = builder.parameterIds;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** λ of the penalty {@code λ Σ w²}. */
    public double lambda() {
        return lambda;
    }

    /** The two underlying optimizers: the penalised parameters', then the others'. */
    List<Optimizer> parts() {
        return List.of(penalised, others);
    }

    /** Whether the parameter with this id is penalised. */
    public boolean penalises(String parameterId) {
        return parameterIds.contains(parameterId);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        (parameterIds.contains(parameterId) ? penalised : others).update(parameterId, weight, grad);
    }

    /** Builds an {@link L2Regularized}; the optimizer factory, parameters and λ are required. */
    public static final class Builder extends OptimizerBuilder<Builder> {

        private DoubleFunction<Optimizer> factory;
        private Set<String> parameterIds;
        private double lambda = Double.NaN;

        private Builder() {}

        /**
         * Builds the underlying optimizer for a weight decay, e.g. {@code wd ->
         * Optimizer.adam().optWeightDecays((float) wd).build()}. It must apply the decay as {@code
         * grad + wd * w} (DJL's Adam and SGD do; AdamW does not).
         */
        public Builder setOptimizer(DoubleFunction<Optimizer> factory) {
            this.factory = Objects.requireNonNull(factory, "optimizer factory");
            return this;
        }

        /** The parameters to penalise, typically conv and dense kernels. */
        public Builder setParameters(Collection<Parameter> parameters) {
            this.parameterIds =
                    parameters.stream()
                            .map(Parameter::getId)
                            .collect(Collectors.toUnmodifiableSet());
            return this;
        }

        /** λ of {@code λ Σ w²}; Keras' ResNet example uses 1e-4. */
        public Builder setLambda(double lambda) {
            require(lambda >= 0 && Double.isFinite(lambda), "L2 lambda", "finite and >= 0", lambda);
            this.lambda = lambda;
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         * @throws IllegalStateException when the optimizer, parameters or lambda is missing
         */
        public L2Regularized build() {
            if (factory == null || parameterIds == null || Double.isNaN(lambda)) {
                throw new IllegalStateException(
                        "L2Regularized needs setOptimizer, setParameters and setLambda before"
                                + " build()");
            }
            return new L2Regularized(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
