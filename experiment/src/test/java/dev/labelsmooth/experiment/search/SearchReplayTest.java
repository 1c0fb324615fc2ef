package dev.labelsmooth.experiment.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labelsmooth.core.loss.LossConfig;
import dev.labelsmooth.core.loss.Smoothing;
import dev.labelsmooth.experiment.sweep.SearchSettings;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The search's own ranking code replayed on the committed Fashion-MNIST gamma study (ResNet20 v1,
 * 10,000-image subset, 10 epochs, 3 seeds, the paper's grid): which gamma it keeps at each rung,
 * how good the choice is on the full grid and what it would have cost.
 */
class SearchReplayTest {

    private static final Path STUDY = Path.of("..", "reports", "fashion-mnist-resnet20-v1");

    private static LossConfig gamma(double g) {
        return LossConfig.of(Smoothing.ofGamma(g, 10));
    }

    @Test
    void theDefaultSearchFindsTheGridsBestGammaAtAThirdOfItsEpochs() throws IOException {
        SearchReplay r = SearchReplay.of(STUDY, new SearchSettings(3, 1, true)).get(0);
        assertThat(r.progress().rungs()).hasSize(3);
        assertThat(r.progress().rungs().get(0).epoch()).isEqualTo(1);
        assertThat(r.progress().rungs().get(0).survivors())
                .containsExactly(gamma(0.8), gamma(0.9), gamma(0.7));
        assertThat(r.progress().rungs().get(1).epoch()).isEqualTo(3);
        assertThat(r.progress().rungs().get(1).survivors()).containsExactly(gamma(0.8));
        assertThat(r.progress().choice()).isEqualTo(gamma(0.8));
        assertThat(r.gridBest()).isEqualTo(gamma(0.8));
        assertThat(r.gap()).isLessThanOrEqualTo(r.fullStd().get(r.gridBest()));
        // Per seed: 9 configurations x 1 epoch + 3 x 2 + 1 x 7, and gamma = 1 from epoch 1 to 10.
        assertThat(r.searchEpochs()).isEqualTo(3 * (9 + 3 * 2 + 7 + 9));
        assertThat(r.gridEpochs()).isEqualTo(3 * 9 * 10);
        assertThat(r.costRatio()).isLessThanOrEqualTo(0.40);
    }

    @Test
    void withoutTheBaselineTheSearchCostsAQuarter() throws IOException {
        SearchReplay r = SearchReplay.of(STUDY, new SearchSettings(3, 1, false)).get(0);
        assertThat(r.searchEpochs()).isEqualTo(3 * (9 + 3 * 2 + 7));
        assertThat(r.progress().choice()).isEqualTo(gamma(0.8));
    }
}
