package dev.labelsmooth.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmoothingGridTest {

    @Test
    void paperGridIsMultiplesOfATenthAboveOneOverK() {
        SmoothingGrid paper = SmoothingGrid.parseGammas("paper");
        assertThat(paper.gammasFor(10, "mnist"))
                .containsExactly(1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2);
        assertThat(paper.gammasFor(2, "decathlon/daimlerpedcls"))
                .containsExactly(1.0, 0.9, 0.8, 0.7, 0.6);
        assertThat(paper.gammasFor(100, "cifar100")).hasSize(10).endsWith(0.1);
    }

    @Test
    void epsilonsMapToGammaPerK() {
        List<Double> gammas = SmoothingGrid.parseEpsilons("0,0.1").gammasFor(10, "mnist");
        assertThat(gammas.get(0)).isEqualTo(1.0);
        assertThat(gammas.get(1)).isCloseTo(0.91, within(1e-12));
    }

    @Test
    void gammaOutsideRangeForADataSetIsNamedWithK() {
        assertThatThrownBy(
                        () ->
                                SmoothingGrid.parseGammas("1.0,0.4")
                                        .gammasFor(2, "decathlon/daimlerpedcls"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "gamma must be in (1/K, 1] = (0.5, 1] for K=2 (data set"
                                + " decathlon/daimlerpedcls), got 0.4");
        assertThatThrownBy(() -> SmoothingGrid.parseGammas("1.5"))
                .hasMessage("gamma must be in (1/K, 1], got 1.5");
        assertThatThrownBy(() -> SmoothingGrid.parseGammas("0.9,abc"))
                .hasMessageContaining("got 'abc'");
        assertThatThrownBy(() -> SmoothingGrid.parseEpsilons("1"))
                .hasMessage("epsilon must be in [0, 1), got 1");
    }
}
