package dev.labelsmooth.core.loss;

import static dev.labelsmooth.core.Checks.mustBe;
import static dev.labelsmooth.core.Checks.require;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.math.BigDecimal;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Cross-entropy against a smoothed target distribution, computed from logits.
 *
 * <p>For a sample of class {@code y} among {@code K} classes the target puts probability &gamma; on
 * the true class and spreads the rest evenly:
 *
 * <pre>
 *   q(y) = &gamma;,   q(j) = (1 - &gamma;) / (K - 1)  for j &ne; y,     1/K &lt; &gamma; &le; 1
 *   L    = mean over the batch of  -&sum;_j q(j) log softmax(z)_j
 * </pre>
 *
 * &gamma; = 1 is plain cross-entropy and equals DJL's {@code SoftmaxCrossEntropyLoss}. The &gamma;
 * form and its constraint follow M. Mezzini, "Empirical study on label smoothing in neural
 * networks". The equivalent &epsilon; form of Szegedy et al., "Rethinking the Inception
 * Architecture for Computer Vision" (2016), is {@code q = (1 - ε) onehot(y) + ε / K} with {@code 0
 * <= ε < 1}; the two map by {@code ε = (1 - γ) K / (K - 1)}.
 *
 * <p>{@link Builder#optConfidencePenalty} adds the confidence penalty of Pereyra et al.,
 * "Regularizing Neural Networks by Penalizing Confident Output Distributions" (2017): {@code L - β
 * H(p)} with H the entropy of the predicted distribution, from the same log-softmax. {@link
 * DisturbLabel} wraps it for DisturbLabel.
 *
 * <p>Use it wherever {@code SoftmaxCrossEntropyLoss} would be used, with logits of shape (B, K) as
 * predictions. Labels may be sparse (a class index per sample, shape (B) or (B, 1), any integer or
 * float type) or dense (probabilities, shape (B, K)); dense labels are mixed with the uniform term
 * as {@code (1 - ε) labels + ε / K}.
 *
 * <p>The loss is one pass over a stable log-softmax. Because {@code Σ_j q(j) = 1}, the sparse case
 * reduces to {@code -(1/B) [(q_on - q_off) Σ_i log p_{i,y_i} + q_off Σ_{i,j} log p_{ij}]}, so no
 * (B, K) one-hot target is ever built; its gradient with respect to the logits is {@code
 * (softmax(z) - q) / B}.
 *
 * <pre>{@code
 * Loss loss = LabelSmoothingLoss.ofGamma(0.9);
 * Loss same = LabelSmoothingLoss.builder().optEpsilon(1.0 / 9).optNumClasses(10).build();
 * }</pre>
 */
public final class LabelSmoothingLoss extends Loss {

    private static final String DEFAULT_NAME = "LabelSmoothingLoss";

    /** The value as given; resolved against K into a {@link Smoothing} when K is known. */
    private final Smoothing.Form form;

    private final BigDecimal value;
    private final Integer numClasses;

    /** β of the confidence penalty {@code -β H(p)}; 0 for none. */
    private final double beta;

    /** The smoothing for the last K seen, so a batch costs no validation. */
    private volatile Smoothing resolved;

    private final ConcurrentMap<ConstantKey, NDArray> constants = new ConcurrentHashMap<>();
    private final ConcurrentMap<Device, NDManager> constantManagers = new ConcurrentHashMap<>();

    private LabelSmoothingLoss(Builder builder) {
        super(builder.name);
        this.form = builder.form;
        this.value = builder.value;
        this.numClasses = builder.numClasses;
        this.beta = builder.beta;
        this.resolved = numClasses == null ? null : Smoothing.of(form, value, numClasses);
    }

    /**
     * The loss with probability {@code gamma} on the true class, {@code 1/K < gamma <= 1}.
     *
     * @param gamma the probability on the true class
     * @return the loss, validated against K at the first batch
     */
    public static LabelSmoothingLoss ofGamma(double gamma) {
        return builder().optGamma(gamma).build();
    }

    /**
     * The loss in Szegedy et al.'s form {@code (1 - eps) onehot + eps / K}, {@code 0 <= eps < 1}.
     *
     * @param epsilon the weight of the uniform term
     * @return the loss
     */
    public static LabelSmoothingLoss ofEpsilon(double epsilon) {
        return builder().optEpsilon(epsilon).build();
    }

    /**
     * The loss for a smoothing already resolved against K.
     *
     * @param smoothing the smoothing, which fixes K
     * @return the loss
     */
    public static LabelSmoothingLoss of(Smoothing smoothing) {
        return builder().optSmoothing(smoothing).build();
    }

    /**
     * A builder; without {@code optGamma} or {@code optEpsilon} the loss is plain cross-entropy.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this loss's settings, to vary one of them.
     *
     * @return a builder with this loss's name, value and K
     */
    public Builder toBuilder() {
        Builder b = new Builder().optName(getName());
        b.form = form;
        b.value = value;
        b.numClasses = numClasses;
        b.beta = beta;
        return b;
    }

    /**
     * The probability on the true class. Known without K when the loss was built from gamma or with
     * {@code optNumClasses}.
     *
     * @return gamma
     * @throws IllegalStateException if the loss was built from epsilon without a number of classes
     */
    public double gamma() {
        if (numClasses != null) {
            return resolved.gamma();
        }
        if (form == Smoothing.Form.GAMMA) {
            return value.doubleValue();
        }
        throw new IllegalStateException(
                "gamma of a loss built with epsilon="
                        + value
                        + " depends on K: call gamma(k) or build it with optNumClasses");
    }

    /**
     * The probability on the true class for {@code k} classes.
     *
     * @param k the number of classes
     * @return gamma
     */
    public double gamma(int k) {
        return smoothing(k).gamma();
    }

    /**
     * Szegedy et al.'s epsilon for {@code k} classes: {@code (1 - gamma) k / (k - 1)}.
     *
     * @param k the number of classes
     * @return epsilon
     */
    public double epsilon(int k) {
        return smoothing(k).epsilon();
    }

    /**
     * This loss's smoothing for {@code k} classes, validated against K.
     *
     * @param k the number of classes
     * @return the smoothing
     * @throws IllegalArgumentException if gamma is outside (1/K, 1] or K differs from the one built
     *     with {@code optNumClasses}
     */
    public Smoothing smoothing(int k) {
        Smoothing s = resolved;
        if (s != null && s.numClasses() == k) {
            return s;
        }
        require(k >= 2, "number of classes K", ">= 2", k);
        if (numClasses != null) {
            require(
                    k == numClasses,
                    "number of classes K",
                    numClasses + " as built with optNumClasses",
                    k);
        }
        s = Smoothing.of(form, value, k);
        resolved = s;
        return s;
    }

    /**
     * β of the confidence penalty (Pereyra et al., 2017): the loss is the smoothed cross-entropy
     * minus β times the mean entropy of the predicted distribution.
     *
     * @return β, 0 when the penalty is off
     */
    public double confidencePenalty() {
        return beta;
    }

    /**
     * The number of classes fixed at build time, if any.
     *
     * @return K, or empty
     */
    public OptionalInt numClasses() {
        return numClasses == null ? OptionalInt.empty() : OptionalInt.of(numClasses);
    }

    /**
     * The mean smoothed cross-entropy of a batch.
     *
     * @param labels one array: class indices of shape (B) or (B, 1), or probabilities (B, K)
     * @param predictions one array of logits, shape (B, K)
     * @return a scalar
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        NDArray label = labels.singletonOrThrow();
        Shape shape = logits.getShape();
        require(shape.dimension() == 2, "predictions", "logits of shape (B, K)", shape);
        long batch = shape.get(0);
        int k = Math.toIntExact(shape.get(1));
        Smoothing smoothing = smoothing(k);
        NDArray logProbs = logits.logSoftmax(1);
        NDArray data = crossEntropy(logits, label, logProbs, smoothing, shape, batch, k);
        if (beta == 0) {
            return data;
        }
        // -β H(p) = β Σ_j p_j log p_j, averaged over the batch; K * mean over (B, K) = Σ_j / B.
        return data.add(logProbs.exp().mul(logProbs).mean().mul(constant(logits, beta * k)));
    }

    private NDArray crossEntropy(
            NDArray logits,
            NDArray label,
            NDArray logProbs,
            Smoothing smoothing,
            Shape shape,
            long batch,
            int k) {
        double on = smoothing.gamma();
        double off = smoothing.offTarget();
        Shape labelShape = label.getShape();
        if (labelShape.equals(shape)) {
            // Dense: q = (1 - eps) labels + eps / K with eps / K == off; sums over the (B, K)
            // entries are written as K * mean so the constants do not depend on B.
            double eps = smoothing.epsilon();
            NDArray weighted = logProbs.mul(label).mean().mul(constant(logits, -(1 - eps) * k));
            return off == 0
                    ? weighted
                    : weighted.add(logProbs.mean().mul(constant(logits, -off * k)));
        }
        boolean sparse =
                labelShape.equals(new Shape(batch)) || labelShape.equals(new Shape(batch, 1));
        require(
                sparse,
                "labels",
                "of shape (B)=(" + batch + "), (B, 1) or (B, K)=" + shape + " for logits " + shape,
                labelShape);
        NDArray index = label.reshape(batch, 1).toType(DataType.INT64, false);
        if (off == 0) {
            return pickChecked(logProbs, index, label, k).mean().neg();
        }
        NDArray picked = pickChecked(logProbs, index, label, k).mean();
        NDArray uniform = logProbs.mean().mul(constant(logits, -off * k));
        return picked.mul(constant(logits, -(on - off))).add(uniform);
    }

    /**
     * A cached 0-d array holding {@code value} on the device and in the type of {@code like}.
     * {@code NDArray.mul(Number)} would allocate, fill and free a scalar array on every call, which
     * at small K cost more than the whole log-softmax; see the JMH benchmark.
     */
    private NDArray constant(NDArray like, double value) {
        ConstantKey key = new ConstantKey(like.getDevice(), like.getDataType(), value);
        return constants.computeIfAbsent(
                key, c -> manager(c.device()).create((float) value).toType(c.type(), false));
    }

    private NDManager manager(Device device) {
        return constantManagers.computeIfAbsent(device, NDManager::newBaseManager);
    }

    private record ConstantKey(Device device, DataType type, double value) {}

    /** Gathers log p(y) per row, refusing labels outside [0, K). */
    private static NDArray pickChecked(NDArray logProbs, NDArray index, NDArray label, int k) {
        if (!Device.Type.CPU.equals(index.getDevice().getDeviceType())) {
            // On accelerators an out-of-range gather is a device-side assert that poisons the
            // context, so check first; on the CPU the gather itself checks bounds for free.
            if (index.lt(0).logicalOr(index.gte(k)).any().getBoolean()) {
                throw badLabel(label, k);
            }
            return logProbs.gather(index, 1);
        }
        try {
            return logProbs.gather(index, 1);
        } catch (EngineException e) {
            throw badLabel(label, k);
        }
    }

    private static IllegalArgumentException badLabel(NDArray label, int k) {
        double[] values = label.toType(DataType.FLOAT64, false).toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(v >= 0 && v < k)) {
                return new IllegalArgumentException(
                        mustBe("label " + i, "a class index in [0, " + k + ") for K=" + k, v));
            }
        }
        return new IllegalArgumentException("labels must be class indices in [0, " + k + ")");
    }

    /** Builds a {@link LabelSmoothingLoss}; set at most one of gamma and epsilon. */
    public static final class Builder {

        private String name = DEFAULT_NAME;
        private Smoothing.Form form;
        private BigDecimal value;
        private Integer numClasses;
        private double beta;

        private Builder() {}

        /**
         * Adds the confidence penalty of Pereyra et al. (2017), {@code -β H(p)} with {@code H(p) =
         * -Σ_j p_j log p_j} the entropy of the predicted distribution, computed from the same
         * log-softmax; β = 0 (the default) is the smoothed cross-entropy alone.
         *
         * @param beta β, finite and >= 0
         * @return this builder
         */
        public Builder optConfidencePenalty(double beta) {
            require(
                    beta >= 0 && Double.isFinite(beta),
                    "confidence penalty beta",
                    "finite and >= 0",
                    beta);
            this.beta = beta;
            return this;
        }

        /**
         * Probability on the true class, {@code 1/K < gamma <= 1}.
         *
         * @param gamma the probability on the true class
         * @return this builder
         */
        public Builder optGamma(double gamma) {
            requireUnset("gamma", gamma);
            require(
                    gamma > 0 && gamma <= 1,
                    "gamma",
                    "in (1/K, 1] (K unknown yet, so at least in (0, 1])",
                    gamma);
            this.form = Smoothing.Form.GAMMA;
            this.value = BigDecimal.valueOf(gamma);
            return this;
        }

        /**
         * Szegedy et al.'s smoothing weight, {@code 0 <= epsilon < 1}.
         *
         * @param epsilon the weight of the uniform term
         * @return this builder
         */
        public Builder optEpsilon(double epsilon) {
            requireUnset("epsilon", epsilon);
            require(epsilon >= 0 && epsilon < 1, "epsilon", "in [0, 1)", epsilon);
            this.form = Smoothing.Form.EPSILON;
            this.value = BigDecimal.valueOf(epsilon);
            return this;
        }

        /**
         * A smoothing already resolved against K; sets the value and K together.
         *
         * @param smoothing the smoothing
         * @return this builder
         */
        public Builder optSmoothing(Smoothing smoothing) {
            requireUnset(smoothing.form().name().toLowerCase(java.util.Locale.ROOT), smoothing);
            this.form = smoothing.form();
            this.value = smoothing.given();
            this.numClasses = smoothing.numClasses();
            return this;
        }

        private void requireUnset(String what, Object given) {
            if (form != null) {
                throw new IllegalArgumentException(
                        mustBe(
                                what,
                                "unset when "
                                        + form.name().toLowerCase(java.util.Locale.ROOT)
                                        + " is set ("
                                        + form.name().toLowerCase(java.util.Locale.ROOT)
                                        + "="
                                        + value
                                        + ")",
                                given));
            }
        }

        /**
         * Fixes K, so gamma is validated now and predictions with another K are refused.
         *
         * @param numClasses K
         * @return this builder
         */
        public Builder optNumClasses(int numClasses) {
            require(numClasses >= 2, "number of classes K", ">= 2", numClasses);
            this.numClasses = numClasses;
            return this;
        }

        /**
         * The name DJL's trainer logs the loss under.
         *
         * @param name a non-blank name
         * @return this builder
         */
        public Builder optName(String name) {
            require(name != null && !name.isBlank(), "loss name", "non-blank", name);
            this.name = name;
            return this;
        }

        /**
         * Builds the loss; plain cross-entropy (gamma = 1) when neither form was set.
         *
         * @return the loss
         * @throws IllegalArgumentException if gamma is outside (1/K, 1] for the K given
         */
        public LabelSmoothingLoss build() {
            if (form == null) {
                form = Smoothing.Form.GAMMA;
                value = BigDecimal.ONE;
            }
            return new LabelSmoothingLoss(this);
        }
    }
}
