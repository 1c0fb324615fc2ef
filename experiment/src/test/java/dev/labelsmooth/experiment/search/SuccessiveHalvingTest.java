package dev.labelsmooth.experiment.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labelsmooth.experiment.sweep.SearchSettings;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SuccessiveHalvingTest {

    /** Candidates are gammas; ties go to the larger gamma. */
    private static final Comparator<Double> LARGER_FIRST = Comparator.reverseOrder();

    private static final List<Double> GRID = List.of(1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2);

    /** Scores that grow with the epoch, in the order of {@code rank} (best first). */
    private static SuccessiveHalving.Scores<Double> scores(Map<Double, Double> base, int upTo) {
        return (gamma, epoch) ->
                epoch > upTo ? OptionalDouble.empty() : OptionalDouble.of(base.get(gamma) + epoch);
    }

    @Test
    void rungsGrowByEtaFromMinEpochsAndEndAtTheFullRun() {
        assertThat(new SuccessiveHalving(10, 1, 3).rungs(9)).containsExactly(1, 3, 10);
        assertThat(new SuccessiveHalving(10, 2, 3).rungs(9)).containsExactly(2, 6, 10);
        assertThat(new SuccessiveHalving(200, 10, 3).rungs(9)).containsExactly(10, 30, 200);
        assertThat(new SuccessiveHalving(200, 10, 3).rungs(27)).containsExactly(10, 30, 90, 200);
        assertThat(new SuccessiveHalving(10, 1, 3).rungs(1)).containsExactly(10);
        assertThat(new SuccessiveHalving(10, 10, 3).rungs(9)).containsExactly(10);
        assertThat(new SuccessiveHalving(10, 1, 3).keep(9)).isEqualTo(3);
        assertThat(new SuccessiveHalving(10, 1, 3).keep(2)).isEqualTo(1);
    }

    @Test
    void eachRungKeepsTheBestThirdAndTheLastChooses() {
        Map<Double, Double> base =
                Map.of(
                        1.0, 80.0, 0.9, 85.0, 0.8, 84.0, 0.7, 83.0, 0.6, 70.0, 0.5, 60.0, 0.4, 50.0,
                        0.3, 40.0, 0.2, 30.0);
        SuccessiveHalving sh = new SuccessiveHalving(10, 1, 3);
        var progress = sh.run(GRID, LARGER_FIRST, scores(base, 10));
        assertThat(progress.finished()).isTrue();
        assertThat(progress.rungs()).hasSize(3);
        assertThat(progress.rungs().get(0).survivors()).containsExactly(0.9, 0.8, 0.7);
        assertThat(progress.rungs().get(0).stopped()).hasSize(6).first().isEqualTo(1.0);
        assertThat(progress.rungs().get(1).epoch()).isEqualTo(3);
        assertThat(progress.rungs().get(1).survivors()).containsExactly(0.9);
        assertThat(progress.rungs().get(2).ranked())
                .containsExactly(new SuccessiveHalving.Scored<>(0.9, 95.0));
        assertThat(progress.choice()).isEqualTo(0.9);
        // 9 configurations for 1 epoch, 3 for 2 more, 1 for 7 more; the grid trains 90.
        assertThat(SuccessiveHalving.epochsTrained(progress)).isEqualTo(9 + 3 * 2 + 7);
    }

    @Test
    void tiesKeepTheLargerGamma() {
        Map<Double, Double> base =
                Map.of(
                        1.0, 80.0, 0.9, 80.0, 0.8, 80.0, 0.7, 80.0, 0.6, 70.0, 0.5, 60.0, 0.4, 50.0,
                        0.3, 40.0, 0.2, 30.0);
        var progress = new SuccessiveHalving(10, 1, 3).run(GRID, LARGER_FIRST, scores(base, 10));
        assertThat(progress.rungs().get(0).survivors()).containsExactly(1.0, 0.9, 0.8);
        assertThat(progress.choice()).isEqualTo(1.0);
    }

    @Test
    void aSearchInTheMiddleOfARungSaysWhatToTrainNext() {
        Map<Double, Double> base =
                Map.of(
                        1.0, 80.0, 0.9, 85.0, 0.8, 84.0, 0.7, 83.0, 0.6, 70.0, 0.5, 60.0, 0.4, 50.0,
                        0.3, 40.0, 0.2, 30.0);
        SuccessiveHalving sh = new SuccessiveHalving(10, 1, 3);
        var nothing = sh.run(GRID, LARGER_FIRST, scores(base, 0));
        assertThat(nothing.rungs()).isEmpty();
        assertThat(nothing.nextEpoch()).isEqualTo(1);
        assertThat(nothing.toTrain()).isEqualTo(GRID);
        // Rung 0 decided, rung 1 trained to epoch 2 of 3: its survivors go on to epoch 3.
        var middle = sh.run(GRID, LARGER_FIRST, scores(base, 2));
        assertThat(middle.finished()).isFalse();
        assertThat(middle.rungs()).hasSize(1);
        assertThat(middle.nextEpoch()).isEqualTo(3);
        assertThat(middle.toTrain()).containsExactly(0.9, 0.8, 0.7);
        // One survivor's score missing (a seed not yet there) holds the rung back.
        SuccessiveHalving.Scores<Double> partial =
                (g, e) -> e == 3 && g == 0.8 ? OptionalDouble.empty() : scores(base, 10).at(g, e);
        var held = sh.run(GRID, LARGER_FIRST, partial);
        assertThat(held.nextEpoch()).isEqualTo(3);
        assertThat(held.rungs()).hasSize(1);
    }

    @Test
    void badSettingsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> new SuccessiveHalving(10, 1, 1))
                .hasMessage("'eta' must be >= 2, got 1");
        assertThatThrownBy(() -> new SuccessiveHalving(10, 11, 3))
                .hasMessage("'minEpochs' must be in [1, 'epochs'=10], got 11");
        assertThatThrownBy(() -> new SearchSettings(3, 0, true))
                .hasMessage("'minEpochs' must be >= 1, got 0");
    }
}
