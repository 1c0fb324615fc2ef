package dev.labelsmooth.core.loss;

import static dev.labelsmooth.core.Checks.require;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * DisturbLabel (Xie et al., "DisturbLabel: Regularizing CNN on the Loss Layer", CVPR 2016): at
 * every training step each sample's label is replaced, with probability α, by a class drawn
 * uniformly from all K (possibly the true one), and the wrapped loss is computed on the disturbed
 * labels. Over its draws the true class is kept with probability {@code 1 - α (K - 1) / K}, so its
 * expectation under plain cross-entropy is label smoothing with {@code γ = 1 - α (K - 1) / K}.
 * Mixed with {@link LabelSmoothingLoss} (γ &lt; 1, a confidence penalty) the labels are disturbed
 * first and then smoothed.
 *
 * <p>The draws come from the loss's own stream: call n uses a generator seeded from (seed, n), so a
 * run is reproducible and can resume at a given call ({@link #setCalls}). Use it for training only:
 * validation should evaluate {@link #base()}, as this project's training loop does.
 *
 * <pre>{@code
 * Loss loss = DisturbLabel.builder().setLoss(LabelSmoothingLoss.ofGamma(0.9)).optAlpha(0.1).optSeed(7).build();
 * }</pre>
 */
public final class DisturbLabel extends Loss {

    private final Loss base;
    private final double alpha;
    private final long seed;
    private long calls;

    private DisturbLabel(Builder b) {
        super(b.base.getName());
        this.base = b.base;
        this.alpha = b.alpha;
        this.seed = b.seed;
    }

    /**
     * A builder; {@code setLoss} is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The wrapped loss, for validation. */
    public Loss base() {
        return base;
    }

    /** α, the probability that a label is replaced. */
    public double alpha() {
        return alpha;
    }

    /** Training calls made so far: the index of the next call's draws. */
    public long calls() {
        return calls;
    }

    /** Continues the stream at call {@code calls}, e.g. after a resume. */
    public void setCalls(long calls) {
        require(calls >= 0, "calls", ">= 0", calls);
        this.calls = calls;
    }

    /**
     * The wrapped loss on this call's disturbed labels.
     *
     * @param labels sparse class indices (B) or (B, 1), or dense probabilities (B, K)
     * @param predictions logits (B, K)
     * @return the wrapped loss's value
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (alpha == 0) {
            return base.evaluate(labels, predictions);
        }
        NDArray label = labels.singletonOrThrow();
        Shape logits = predictions.singletonOrThrow().getShape();
        require(logits.dimension() == 2, "predictions", "logits of shape (B, K)", logits);
        int k = Math.toIntExact(logits.get(1));
        SplittableRandom random = stream(calls++);
        NDManager manager = label.getManager();
        NDArray disturbed;
        if (label.getShape().equals(logits)) {
            float[] dense = label.toType(DataType.FLOAT32, false).toFloatArray();
            int b = dense.length / k;
            for (int i = 0; i < b; i++) {
                if (random.nextDouble() < alpha) {
                    int c = random.nextInt(k);
                    for (int j = 0; j < k; j++) {
                        dense[i * k + j] = j == c ? 1f : 0f;
                    }
                }
            }
            disturbed = manager.create(dense, logits).toType(label.getDataType(), false);
        } else {
            long[] sparse = label.toType(DataType.INT64, false).toLongArray();
            for (int i = 0; i < sparse.length; i++) {
                if (random.nextDouble() < alpha) {
                    sparse[i] = random.nextInt(k);
                }
            }
            disturbed = manager.create(sparse, label.getShape()).toType(label.getDataType(), false);
        }
        try {
            return base.evaluate(new NDList(disturbed), predictions);
        } finally {
            // The result keeps what autograd needs; the labels themselves are not needed after.
            disturbed.close();
        }
    }

    /**
     * Draws disturbed sparse labels as {@link #evaluate} does, without an engine: for tests and for
     * checking the label distribution.
     *
     * @param labels true classes
     * @param k K
     * @param alpha α
     * @param random the stream
     * @return the disturbed labels
     */
    public static int[] disturb(int[] labels, int k, double alpha, SplittableRandom random) {
        int[] out = labels.clone();
        for (int i = 0; i < out.length; i++) {
            if (random.nextDouble() < alpha) {
                out[i] = random.nextInt(k);
            }
        }
        return out;
    }

    private SplittableRandom stream(long call) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + call);
    }

    /** Builds a {@link DisturbLabel}. */
    public static final class Builder {
        private Loss base;
        private double alpha;
        private long seed;

        private Builder() {}

        /** The loss computed on the disturbed labels, e.g. a {@link LabelSmoothingLoss}. */
        public Builder setLoss(Loss base) {
            this.base = Objects.requireNonNull(base, "loss");
            return this;
        }

        /** α in [0, 1): the probability that a sample's label is replaced; 0 disturbs nothing. */
        public Builder optAlpha(double alpha) {
            require(alpha >= 0 && alpha < 1, "DisturbLabel alpha", "in [0, 1)", alpha);
            this.alpha = alpha;
            return this;
        }

        /** The seed of the draws. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the loss.
         *
         * @return the loss
         * @throws IllegalStateException without {@code setLoss}
         */
        public DisturbLabel build() {
            if (base == null) {
                throw new IllegalStateException("DisturbLabel.builder() needs setLoss");
            }
            return new DisturbLabel(this);
        }
    }
}
