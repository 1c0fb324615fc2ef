package dev.labelsmooth.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import dev.labelsmooth.models.zoo.ZooArchitecture;
import org.junit.jupiter.api.Test;

class ModelNameTest {

    @Test
    void parsesEveryFamilyToItsCanonicalName() {
        assertThat(ModelName.parse("resnet20-v1")).isEqualTo(new ResNetName(1, 20));
        assertThat(ModelName.parse("ResNet83-v2")).isEqualTo(new ResNetName(2, 83));
        assertThat(ModelName.parse("resnet110-v1").toString()).isEqualTo("resnet110-v1");
        assertThat(ModelName.parse("WRN-28-10")).isEqualTo(new WideResNetName(28, 10, 0));
        assertThat(ModelName.parse("wrn-28-10-drop0.30").toString()).isEqualTo("wrn-28-10-drop0.3");
        assertThat(ModelName.parse("preact-resnet18")).isEqualTo(new PreActResNetName(18));
        assertThat(ModelName.parse("densenet-bc-100-12")).isEqualTo(new DenseNetName(100, 12));
        assertThat(ModelName.parse("zoo-resnet50"))
                .isEqualTo(new ZooModelName(ZooArchitecture.RESNET, 50));
        assertThat(ModelName.parse("zoo-mobilenet-v2").toString()).isEqualTo("zoo-mobilenet-v2");
        assertThat(ModelName.parse("zoo-vgg16").depth()).isEqualTo(16);
        for (ModelName.Family family : ModelName.families()) {
            for (String example : family.examples().split(", ")) {
                String name = example.replaceAll(" \\(.*\\)", "");
                assertThat(ModelName.parse(name).toString()).isEqualTo(name);
            }
        }
    }

    @Test
    void rejectsUnknownNamesAndBadDepthsNamingTheForm() {
        assertThatThrownBy(() -> ModelName.parse("vgg16"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'vgg16'")
                .hasMessageContaining("resnet<D>-v1")
                .hasMessageContaining("wrn-<d>-<k>")
                .hasMessageContaining("densenet-bc-<L>-<k>");
        assertThatThrownBy(() -> ModelName.parse("resnet21-v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("depth 21 is not 6n+2: 20, 32, 44, 56, 110, ...");
        assertThatThrownBy(() -> ModelName.parse("resnet21-v2"))
                .hasMessage("depth 21 is not 9n+2: 29, 47, 65, 83, 164, ...");
        assertThatThrownBy(() -> ModelName.parse("wrn-27-10"))
                .hasMessage("Wide ResNet depth 27 is not 6n+4: 10, 16, 22, 28, 40, ...");
        assertThatThrownBy(() -> ModelName.parse("wrn-28-0"))
                .hasMessageContaining("width factor k must be in [1, 64], got 0");
        assertThatThrownBy(() -> ModelName.parse("wrn-28-10-drop1.5"))
                .hasMessageContaining("dropout rate must be in [0, 1), got 1.5");
        assertThatThrownBy(() -> ModelName.parse("preact-resnet50"))
                .hasMessage("PreAct-ResNet depth must be 18 or 34, got 50");
        assertThatThrownBy(() -> ModelName.parse("densenet-bc-101-12"))
                .hasMessage("DenseNet-BC depth 101 is not 6n+4: 40, 100, 190, 250, ...");
        assertThatThrownBy(() -> ModelName.parse("zoo-vgg12"))
                .hasMessage("zoo VGG depth must be 11, 13, 16 or 19, got 12");
        assertThatThrownBy(() -> ModelName.parse("zoo-inception"))
                .hasMessageContaining("zoo-resnet<L>, zoo-mobilenet-v1")
                .hasMessageContaining("got 'zoo-inception'");
    }

    @Test
    void forwardMacsMatchTheHandCountOfResNet20() {
        // Stem 112,896 + stage 1 10,838,016 + stages 2 and 3 10,035,200 each + dense 640.
        assertThat(ModelName.parse("resnet20-v1").forwardMacs(1, 28, 28, 10))
                .isEqualTo(31_021_952L);
        assertThat(ModelName.parse("resnet20-v1").forwardMacs(3, 32, 32, 10))
                .isEqualTo(40_813_184L);
        assertThat(ModelName.parse("resnet83-v2").forwardMacs(3, 32, 32, 10))
                .isGreaterThan(5 * ModelName.parse("resnet20-v1").forwardMacs(3, 32, 32, 10));
    }

    @Test
    void aModelThatCannotTakeAnImageShapeSaysWhichItTakes() {
        assertThatThrownBy(() -> ModelName.parse("zoo-alexnet").requireInput(new Shape(3, 32, 32)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "model zoo-alexnet takes images of at least 67x67 pixels, got 3x32x32;"
                                + " choose another model or a larger image size");
        assertThatThrownBy(() -> ModelName.parse("zoo-vgg11").forwardMacs(1, 28, 28, 10))
                .hasMessageContaining("takes images of at least 32x32 pixels, got 1x28x28");
        assertThatThrownBy(() -> ModelName.parse("zoo-resnet20").requireInput(new Shape(3, 32, 32)))
                .hasMessageStartingWith("zoo ResNet depth 20 does not fit 32-pixel images")
                .hasMessageContaining("18, 34, 50, 101, 152, 200, 269");
        assertThatThrownBy(
                        () -> ModelName.parse("densenet-bc-40-12").requireInput(new Shape(1, 3, 3)))
                .hasMessageContaining("takes images of at least 4x4 pixels");
        ModelName.parse("zoo-alexnet").requireInput(new Shape(3, 67, 67));
        ModelName.parse("zoo-resnet20").requireInput(new Shape(1, 28, 28));
        ModelName.parse("wrn-16-4").requireInput(new Shape(1, 8, 8));
    }
}
