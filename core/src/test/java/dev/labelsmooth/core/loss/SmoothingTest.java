package dev.labelsmooth.core.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class SmoothingTest {

    @Test
    void gammaAndEpsilonMapByTheClosedForm() {
        Smoothing g = Smoothing.ofGamma(0.9, 10);
        // eps = (1 - gamma) K / (K - 1) = 0.1 * 10 / 9
        assertThat(g.epsilon()).isCloseTo(1.0 / 9, within(1e-16));
        assertThat(g.offTarget()).isCloseTo(0.1 / 9, within(1e-16));
        Smoothing e = Smoothing.ofEpsilon(0.3, 4);
        // gamma = 1 - eps (K - 1) / K = 1 - 0.3 * 3 / 4
        assertThat(e.gamma()).isEqualTo(0.775);
        assertThat(e.offTarget()).isCloseTo(0.075, within(1e-16));
    }

    @Test
    void derivedFormHasNoBinaryRoundingNoise() {
        Smoothing s = Smoothing.ofEpsilon(new BigDecimal("0.2"), 10);
        assertThat(s.gamma()).isEqualTo(0.82);
        assertThat(s.gammaText()).isEqualTo("0.82");
        assertThat(s.epsilonText()).isEqualTo("0.2");
        assertThat(Smoothing.ofGamma(new BigDecimal("1"), 10).epsilonText()).isEqualTo("0.0");
    }

    @Test
    void givenValueIsWrittenBackExactlyAsTyped() {
        assertThat(Smoothing.ofGamma(new BigDecimal("1.0"), 10).gammaText()).isEqualTo("1.0");
        assertThat(Smoothing.ofGamma(new BigDecimal("0.90"), 10).gammaText()).isEqualTo("0.90");
        assertThat(Smoothing.ofGamma(0.9, 10).gammaText()).isEqualTo("0.9");
    }

    @Test
    void equalWhenGammaAndKAreEqualAsNumbers() {
        assertThat(Smoothing.ofGamma(new BigDecimal("1"), 10))
                .isEqualTo(Smoothing.ofEpsilon(0, 10))
                .isEqualTo(Smoothing.ofGamma(new BigDecimal("1.00"), 10))
                .isNotEqualTo(Smoothing.ofGamma(1, 100));
    }

    @Test
    void rejectsGammaOutsideTheRangeOfItsK() {
        assertThatThrownBy(() -> Smoothing.ofGamma(0.05, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gamma must be in (1/K, 1] = (0.1, 1] for K=10, got 0.05");
        assertThatThrownBy(() -> Smoothing.ofGamma(0.1, 10)).hasMessageContaining("got 0.1");
        assertThatThrownBy(() -> Smoothing.ofGamma(1.01, 10)).hasMessageContaining("got 1.01");
        assertThatThrownBy(() -> Smoothing.ofEpsilon(1, 10))
                .hasMessage("epsilon must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> Smoothing.ofGamma(0.9, 1))
                .hasMessage("number of classes K must be >= 2, got 1");
        assertThatThrownBy(() -> Smoothing.ofGamma(Double.NaN, 10)).hasMessageContaining("finite");
    }
}
