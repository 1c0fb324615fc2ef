package dev.labelsmooth.models.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * Keras' {@code he_normal}: a normal distribution truncated at two standard deviations, scaled so
 * that the truncated draw has standard deviation {@code sqrt(2 / fan_in)} (He et al., "Delving Deep
 * into Rectifiers", 2015; Keras {@code VarianceScaling(2.0, "fan_in", "truncated_normal")}).
 *
 * <p>{@code fan_in} is the product of all dimensions but the first: {@code in * kh * kw} for a
 * convolution kernel (out, in, kh, kw) and {@code in} for a dense kernel (out, in). Draws come from
 * the engine's random generator, so {@code Engine.setRandomSeed} makes them repeatable.
 */
public final class HeNormal implements Initializer {

    /** Standard deviation of a unit normal truncated to [-2, 2], as Keras corrects for it. */
    public static final double TRUNCATED_STDDEV = 0.87962566103423978;

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        long fanIn = fanIn(shape);
        float sigma = (float) (Math.sqrt(2.0 / fanIn) / TRUNCATED_STDDEV);
        NDArray draw = manager.randomNormal(0f, sigma, shape, DataType.FLOAT32);
        // Redraw whatever fell outside two sigmas; each round keeps about 95% of the rest.
        for (int round = 0; round < 64; round++) {
            NDArray outside = draw.abs().gt(2 * sigma);
            if (!outside.any().getBoolean()) {
                break;
            }
            draw =
                    NDArrays.where(
                            outside,
                            manager.randomNormal(0f, sigma, shape, DataType.FLOAT32),
                            draw);
        }
        return draw.toType(dataType, false);
    }

    /** The number of inputs feeding one output unit of a kernel with this shape. */
    public static long fanIn(Shape shape) {
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException(
                    "kernel shape must have at least 2 dimensions (out, in, ...), got " + shape);
        }
        return shape.size() / shape.get(0);
    }
}
