package dev.labelsmooth.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parameter and multiply-add counts at 3x32x32 against an independent PyTorch definition of each
 * model ({@code src/test/python/reference_counts.py}, run with Debian's python3-torch 1.13.1) and
 * the papers' published sizes. PyTorch counts only trainable parameters (BatchNorm's running
 * statistics are buffers), so the trainable count is compared.
 */
class ReferenceCountsTest {

    @ParameterizedTest(name = "{0} K={1}")
    @CsvSource({
        // model, K, PyTorch parameters, PyTorch multiply-adds, published millions
        "wrn-16-4,            10,  2748890,  392612352,  2.7",
        "wrn-16-4,           100,  2772020,  392635392,  2.7",
        "wrn-16-8,            10, 10961370, 1548145664, 11.0",
        "wrn-16-8,           100, 11007540, 1548191744, 11.0",
        "wrn-28-10,           10, 36479194, 5243328768, 36.5",
        "wrn-28-10,          100, 36536884, 5243386368, 36.5",
        "preact-resnet18,     10, 11172170,  555422720, 11.2",
        "preact-resnet18,    100, 11218340,  555468800, 11.2",
        "densenet-bc-100-12,  10,   769162,  287929692,  0.8",
        "densenet-bc-100-12, 100,   800032,  287960472,  0.8",
    })
    void countsMatchTheReferenceImplementationAndThePaper(
            String name, int classes, long parameters, long macs, double publishedMillions) {
        ModelName model = ModelName.parse(name);
        Shape image = new Shape(3, 32, 32);
        long trainable = model.trainableParameters(classes, image);
        assertThat(trainable).isEqualTo(parameters);
        assertThat(trainable / 1e6)
                .isCloseTo(publishedMillions, within(0.05 + publishedMillions * 0.01));
        assertThat(model.forwardMacs(3, 32, 32, classes)).isEqualTo(macs);
    }

    @Test
    void theSummaryCountsTheSameTrainableParametersAsTheZeroAllocatedCount() {
        ModelName model = ModelName.parse("densenet-bc-40-12");
        Shape image = new Shape(1, 28, 28);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ModelSummary summary =
                    ModelSummary.of(
                            model.build(5, image, 0.9f), new Shape(1).addAll(image), manager);
            assertThat(summary.trainableParameters())
                    .isEqualTo(model.trainableParameters(5, image));
            assertThat(summary.layers().get(summary.layers().size() - 1).outputShape())
                    .isEqualTo(new Shape(1, 5));
        }
    }
}
