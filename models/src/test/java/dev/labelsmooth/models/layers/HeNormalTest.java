package dev.labelsmooth.models.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class HeNormalTest {

    @Test
    void drawsTruncatedNormalWithStddevSqrtTwoOverFanIn() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            Shape kernel = new Shape(256, 64, 3, 3); // fan_in = 576
            NDArray w = new HeNormal().initialize(manager, kernel, DataType.FLOAT32);
            double target = Math.sqrt(2.0 / 576);
            double std = w.sub(w.mean()).square().mean().sqrt().getFloat();
            assertThat(std).isCloseTo(target, withinPercentage(2));
            double bound = 2 * target / HeNormal.TRUNCATED_STDDEV;
            assertThat((double) w.abs().max().getFloat()).isLessThanOrEqualTo(bound * 1.000001);
            assertThat(w.getDataType()).isEqualTo(DataType.FLOAT32);
        }
    }

    @Test
    void fanInOfDenseKernelIsInputUnits() {
        assertThat(HeNormal.fanIn(new Shape(10, 64))).isEqualTo(64);
        assertThat(HeNormal.fanIn(new Shape(16, 3, 3, 3))).isEqualTo(27);
    }
}
