package dev.labelsmooth.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelNameTest {

    @Test
    void parsesPaperModels() {
        assertThat(ModelName.parse("resnet20-v1")).isEqualTo(new ModelName(1, 20));
        assertThat(ModelName.parse("ResNet83-v2")).isEqualTo(new ModelName(2, 83));
        assertThat(ModelName.parse("resnet110-v1").toString()).isEqualTo("resnet110-v1");
    }

    @Test
    void rejectsUnknownNamesAndBadDepthsNamingTheForm() {
        assertThatThrownBy(() -> ModelName.parse("vgg16"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'vgg16'")
                .hasMessageContaining("resnet<D>-v1");
        assertThatThrownBy(() -> ModelName.parse("resnet21-v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("depth 21 is not 6n+2: 20, 32, 44, 56, 110, ...");
        assertThatThrownBy(() -> ModelName.parse("resnet21-v2"))
                .hasMessage("depth 21 is not 9n+2: 29, 47, 65, 83, 164, ...");
    }

    @org.junit.jupiter.api.Test
    void forwardMacsMatchTheHandCountOfResNet20() {
        // Stem 112,896 + stage 1 10,838,016 + stages 2 and 3 10,035,200 each + dense 640.
        assertThat(ModelName.parse("resnet20-v1").forwardMacs(1, 28, 28, 10))
                .isEqualTo(31_021_952L);
        assertThat(ModelName.parse("resnet20-v1").forwardMacs(3, 32, 32, 10))
                .isEqualTo(40_813_184L);
        assertThat(ModelName.parse("resnet83-v2").forwardMacs(3, 32, 32, 10))
                .isGreaterThan(5 * ModelName.parse("resnet20-v1").forwardMacs(3, 32, 32, 10));
    }
}
