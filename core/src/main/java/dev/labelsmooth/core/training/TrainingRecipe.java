package dev.labelsmooth.core.training;

import static dev.labelsmooth.core.Checks.require;
import static dev.labelsmooth.core.Checks.requireSetting;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.labelsmooth.core.Checks;
import dev.labelsmooth.core.loss.LabelSmoothingLoss;
import dev.labelsmooth.core.loss.Smoothing;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a model is trained, apart from the data, the model and the smoothing: the paper's recipe,
 * which is the Keras example {@code cifar10_resnet.py}'s. It builds the optimizer and the loss of a
 * cell, so the sweep, the benchmark and a library user train exactly alike.
 *
 * <ul>
 *   <li>Adam with base learning rate 1e-3 and Keras' epsilon 1e-7 (DJL's default is 1e-8), on the
 *       Keras example's step schedule scaled to the number of epochs ({@link
 *       KerasLearningRateSchedule}).
 *   <li>An L2 penalty {@code λ Σ w²}, λ = 1e-4, on the kernels (every {@code WEIGHT} parameter:
 *       convolution and dense kernels), not on biases or BatchNorm, applied in Adam's fused update
 *       ({@link L2Regularized}).
 *   <li>BatchNorm momentum 0.99 as Keras (the weight of the old value in the moving averages).
 *       Keras' 0.99 needs more than a few hundred steps before the moving statistics are usable:
 *       use 0.9 for smoke tests of a few epochs on small data.
 *   <li>Training batches shifted by up to 10% and flipped horizontally.
 * </ul>
 *
 * <pre>{@code
 * TrainingRecipe recipe = TrainingRecipe.paper();
 * Optimizer adam = recipe.optimizer(block, epochs, batchesPerEpoch);
 * Loss loss = recipe.loss(Smoothing.ofGamma(0.9, 10));
 * }</pre>
 *
 * @param learningRate Adam's base learning rate
 * @param adamEpsilon Adam's epsilon
 * @param l2 λ of the L2 penalty on kernels (0 = none)
 * @param bnMomentum BatchNorm momentum, in [0, 1)
 * @param augment whether training batches are shifted and flipped
 */
public record TrainingRecipe(
        double learningRate, float adamEpsilon, double l2, float bnMomentum, boolean augment) {

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(TrainingRecipe.class);

    /** The share of BatchNorm's starting statistics still acceptable at the end of a run. */
    private static final double STARTING_STATISTICS_LEFT = 0.05;

    /** The Keras example's Adam learning rate. */
    public static final double KERAS_LEARNING_RATE = 1e-3;

    /** Keras' Adam epsilon. */
    public static final float KERAS_ADAM_EPSILON = 1e-7f;

    /** The Keras example's {@code l2(1e-4)} on kernels. */
    public static final double KERAS_L2 = 1e-4;

    /** Keras' BatchNormalization momentum. */
    public static final float KERAS_BN_MOMENTUM = 0.99f;

    /** Validates every value, naming the bad one. */
    public TrainingRecipe {
        require(
                learningRate > 0 && Double.isFinite(learningRate),
                "learning rate",
                "finite and > 0",
                learningRate);
        require(
                adamEpsilon > 0 && Float.isFinite(adamEpsilon),
                "Adam epsilon",
                "finite and > 0",
                adamEpsilon);
        require(l2 >= 0 && Double.isFinite(l2), "L2 penalty", "finite and >= 0", l2);
        requireSetting(bnMomentum >= 0 && bnMomentum < 1, "bnMomentum", "in [0, 1)", bnMomentum);
    }

    /** The paper's recipe (the Keras example's). */
    public static TrainingRecipe paper() {
        return new TrainingRecipe(
                KERAS_LEARNING_RATE, KERAS_ADAM_EPSILON, KERAS_L2, KERAS_BN_MOMENTUM, true);
    }

    /** A builder starting from this recipe, to vary some of its values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The learning-rate schedule for a run of {@code epochs} epochs.
     *
     * @param epochs epochs of the whole run (the schedule's drops are fractions of it)
     * @param batchesPerEpoch optimizer updates per epoch
     * @return the schedule DJL's optimizer asks with its update count
     */
    public KerasLearningRateSchedule schedule(int epochs, int batchesPerEpoch) {
        return new KerasLearningRateSchedule(learningRate, epochs, batchesPerEpoch);
    }

    /**
     * Adam on this recipe's schedule with the L2 penalty on {@code block}'s kernels, from the first
     * update.
     *
     * @param block the model, whose kernels are penalised
     * @param epochs epochs of the run
     * @param batchesPerEpoch optimizer updates per epoch
     * @return the optimizer
     */
    public Optimizer optimizer(Block block, int epochs, int batchesPerEpoch) {
        warnIfTooShort(epochs * batchesPerEpoch);
        return optimizer(block, schedule(epochs, batchesPerEpoch), 0);
    }

    /**
     * Why {@code steps} training steps are too few for this recipe's BatchNorm momentum, if they
     * are: the moving mean and variance start at 0 and 1 and keep a share {@code momentum^steps} of
     * those starting values, and evaluation uses them. Above 5% the validation accuracy can sit
     * near chance with nothing else wrong (a 2-epoch run on 512 images at Keras' 0.99 does).
     *
     * @return the warning, naming the step count and what to do, or empty when they suffice
     */
    public Optional<String> tooShortForBatchNorm(long steps) {
        double left = Math.pow(bnMomentum, steps);
        if (bnMomentum == 0 || left <= STARTING_STATISTICS_LEFT) {
            return Optional.empty();
        }
        long needed = (long) Math.ceil(Math.log(STARTING_STATISTICS_LEFT) / Math.log(bnMomentum));
        return Optional.of(
                String.format(
                        Locale.ROOT,
                        "BatchNorm momentum %s over %d training steps leaves %.0f%% of the moving"
                                + " statistics' starting values in the model, so evaluation can"
                                + " be close to chance; train at least %d steps or lower the"
                                + " momentum (0.9 needs %d)",
                        Checks.format(bnMomentum),
                        steps,
                        100 * left,
                        needed,
                        (long) Math.ceil(Math.log(STARTING_STATISTICS_LEFT) / Math.log(0.9))));
    }

    /** Logs {@link #tooShortForBatchNorm} as a warning when it applies. */
    public void warnIfTooShort(long steps) {
        tooShortForBatchNorm(steps).ifPresent(LOG::warn);
    }

    /**
     * Adam with the L2 penalty on {@code block}'s kernels, on a given learning-rate tracker.
     *
     * @param block the model, whose kernels are penalised
     * @param learningRate the tracker, usually {@link #schedule}
     * @param beginNumUpdate updates already made, when resuming a run
     * @return the optimizer
     */
    public Optimizer optimizer(Block block, Tracker learningRate, int beginNumUpdate) {
        return L2Regularized.builder()
                .setOptimizer(
                        wd ->
                                Optimizer.adam()
                                        .optLearningRateTracker(learningRate)
                                        .optEpsilon(adamEpsilon)
                                        .optBeginNumUpdate(beginNumUpdate)
                                        .optWeightDecays((float) wd)
                                        .build())
                .setParameters(penalisedParameters(block))
                .setLambda(l2)
                .build();
    }

    /**
     * The smoothed cross-entropy of a cell.
     *
     * @param smoothing the cell's smoothing, resolved against K
     * @return the loss
     */
    public LabelSmoothingLoss loss(Smoothing smoothing) {
        return LabelSmoothingLoss.of(smoothing);
    }

    /**
     * The loss of a cell with any of the output regularizers: label smoothing, the confidence
     * penalty and DisturbLabel.
     *
     * @param config the cell's γ, β and α, resolved against K
     * @param disturbSeed the seed of DisturbLabel's draws (unused when α = 0)
     * @return the loss
     */
    public ai.djl.training.loss.Loss loss(
            dev.labelsmooth.core.loss.LossConfig config, long disturbSeed) {
        return config.loss(disturbSeed);
    }

    /**
     * The parameters the L2 penalty applies to: the kernels ({@code WEIGHT} parameters, i.e.
     * convolution and dense weights), as Keras' {@code kernel_regularizer}.
     *
     * @param block the model
     * @return its kernels
     */
    public static List<Parameter> penalisedParameters(Block block) {
        return block.getParameters().values().stream()
                .filter(p -> p.getType() == Parameter.Type.WEIGHT)
                .toList();
    }

    /** Builds a {@link TrainingRecipe} from another one; every setting is optional. */
    public static final class Builder {
        private double learningRate;
        private float adamEpsilon;
        private double l2;
        private float bnMomentum;
        private boolean augment;

        private Builder(TrainingRecipe from) {
            learningRate = from.learningRate;
            adamEpsilon = from.adamEpsilon;
            l2 = from.l2;
            bnMomentum = from.bnMomentum;
            augment = from.augment;
        }

        /** Adam's base learning rate. */
        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** Adam's epsilon. */
        public Builder optAdamEpsilon(float adamEpsilon) {
            this.adamEpsilon = adamEpsilon;
            return this;
        }

        /** λ of the L2 penalty on kernels; 0 turns it off. */
        public Builder optL2(double l2) {
            this.l2 = l2;
            return this;
        }

        /** BatchNorm momentum. */
        public Builder optBatchNormMomentum(float bnMomentum) {
            this.bnMomentum = bnMomentum;
            return this;
        }

        /** Whether training batches are shifted and flipped. */
        public Builder optAugment(boolean augment) {
            this.augment = augment;
            return this;
        }

        /**
         * Builds the recipe.
         *
         * @return the recipe
         * @throws IllegalArgumentException naming a value out of range
         */
        public TrainingRecipe build() {
            return new TrainingRecipe(learningRate, adamEpsilon, l2, bnMomentum, augment);
        }
    }
}
