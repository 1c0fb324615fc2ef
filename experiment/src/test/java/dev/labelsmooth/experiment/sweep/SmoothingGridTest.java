package dev.labelsmooth.experiment.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labelsmooth.core.loss.Smoothing;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmoothingGridTest {

    @Test
    void paperGridIsMultiplesOfATenthAboveOneOverK() {
        SmoothingGrid paper = SmoothingGrid.parseGammas("paper");
        assertThat(gammas(paper, 10)).containsExactly(1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2);
        assertThat(gammas(paper, 2)).containsExactly(1.0, 0.9, 0.8, 0.7, 0.6);
        assertThat(gammas(paper, 100)).hasSize(10).endsWith(0.1);
        assertThat(paper.smoothingsFor(10, "mnist").get(0).gammaText()).isEqualTo("1.0");
    }

    @Test
    void epsilonsMapToGammaPerK() {
        List<Double> gammas = gammas(SmoothingGrid.parseEpsilons("0,0.1"), 10);
        assertThat(gammas.get(0)).isEqualTo(1.0);
        assertThat(gammas.get(1)).isEqualTo(0.91);
    }

    @Test
    void gammaOutsideRangeForADataSetIsNamedWithK() {
        assertThatThrownBy(
                        () ->
                                SmoothingGrid.parseGammas("1.0,0.4")
                                        .smoothingsFor(2, "decathlon/daimlerpedcls"))
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

    @Test
    void epsilonsAreKeptAsTypedAndGammaDerivedWithoutFloatNoise() {
        Smoothing s = SmoothingGrid.parseEpsilons("0.2").smoothingsFor(10, "mnist").get(0);
        assertThat(s.epsilonText()).isEqualTo("0.2");
        assertThat(s.gammaText()).isEqualTo("0.82");
        assertThat(s.gamma()).isEqualTo(0.82);
    }

    @Test
    void repeatedValuesAreRefusedAsNumbers() {
        assertThatThrownBy(() -> SmoothingGrid.parseGammas("1,1.0,0.9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not repeat a value")
                .hasMessageContaining("got 1 and 1.0");
    }

    @Test
    void gridsEqualAsNumbers() {
        assertThat(SmoothingGrid.parseGammas("1,0.90"))
                .isEqualTo(SmoothingGrid.parseGammas("1.0,0.9"));
        assertThat(SmoothingGrid.parseGammas("1,0.90").hashCode())
                .isEqualTo(SmoothingGrid.parseGammas("1.0,0.9").hashCode());
        assertThat(SmoothingGrid.parseGammas("1,0.9"))
                .isNotEqualTo(SmoothingGrid.parseEpsilons("0,0.1"));
    }

    private static List<Double> gammas(SmoothingGrid grid, int k) {
        return grid.smoothingsFor(k, "data").stream().map(Smoothing::gamma).toList();
    }

    @Test
    void valuesThatAreEqualAsDoublesOrNotFiniteAreRefusedNamingBoth() {
        assertThatThrownBy(() -> SmoothingGrid.parseGammas("1,0.99999999999999999999"))
                .hasMessage(
                        "gamma list must hold values that differ as doubles (a repeated cell would"
                                + " count as another seed), got 1 and 0.99999999999999999999, both"
                                + " 1.0");
        assertThatThrownBy(() -> LossAxes.parsePenalties("0,1e-400"))
                .hasMessageContaining("'penalties' must hold 0 or values a double tells apart")
                .hasMessageEndingWith("got 1E-400");
        assertThatThrownBy(() -> LossAxes.parsePenalties("1e400"))
                .hasMessageStartingWith("'penalties' must hold values a double can hold")
                .hasMessageEndingWith("got 1E+400");
        assertThatThrownBy(() -> LossAxes.parseDisturb("0,0.9999999999999999999999"))
                .hasMessage(
                        "'disturb' must hold values in [0, 1) (DisturbLabel's alpha), got"
                                + " 0.9999999999999999999999");
        assertThatThrownBy(() -> LossAxes.parseDisturb("0,1e-400"))
                .hasMessageContaining("'disturb' must hold 0 or values a double tells apart");
        assertThat(LossAxes.parsePenalties("0,0.1,1e-3")).hasSize(3);
    }
}
