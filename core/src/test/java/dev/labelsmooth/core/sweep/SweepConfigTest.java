package dev.labelsmooth.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labelsmooth.core.loss.Smoothing;
import dev.labelsmooth.core.training.TrainingRecipe;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepConfigTest {

    private static SweepConfig config(
            List<String> datasets, SmoothingGrid grid, int seeds, int epochs) {
        return new SweepConfig(
                "quick",
                datasets,
                List.of("resnet20-v1"),
                grid,
                seeds,
                epochs,
                128,
                128,
                TrainingRecipe.paper(),
                0,
                0,
                42,
                72,
                "auto",
                0);
    }

    @Test
    void cellsRunPerDataSetModelSeedThenGamma() {
        SweepConfig c =
                config(List.of("mnist", "decathlon/daimlerpedcls"), SmoothingGrid.paper(), 2, 3);
        List<Cell> cells = c.cells(name -> name.equals("mnist") ? 10 : 2);
        assertThat(cells).hasSize(2 * 9 + 2 * 5);
        assertThat(cells.get(0))
                .isEqualTo(new Cell("mnist", "resnet20-v1", Smoothing.ofGamma(1.0, 10), 1));
        assertThat(cells.get(9))
                .isEqualTo(new Cell("mnist", "resnet20-v1", Smoothing.ofGamma(1.0, 10), 2));
        assertThat(cells.get(18).numClasses()).isEqualTo(2);
    }

    @Test
    void rejectsBadValuesNamingThem() {
        assertThatThrownBy(() -> config(List.of("mnist"), SmoothingGrid.paper(), 1, 0))
                .hasMessage("--epochs must be >= 1, got 0");
        assertThatThrownBy(() -> config(List.of("mnist"), SmoothingGrid.paper(), 0, 1))
                .hasMessage("--seeds must be >= 1, got 0");
        SweepConfig c = config(List.of("mnist"), SmoothingGrid.gammas(List.of(0.05)), 1, 1);
        assertThatThrownBy(() -> c.cells(name -> 10))
                .hasMessageContaining("(0.1, 1] for K=10 (data set mnist), got 0.05");
    }

    @Test
    void aDataSetOrModelNamedTwiceIsRefused() {
        assertThatThrownBy(() -> config(List.of("mnist", "mnist"), SmoothingGrid.paper(), 1, 1))
                .hasMessageContaining("--dataset must not name a value twice")
                .hasMessageContaining("mnist twice");
    }

    @Test
    void deviceDoesNotChangeTheExperiment() {
        SweepConfig a = config(List.of("mnist"), SmoothingGrid.paper(), 1, 3);
        assertThat(a.sameExperiment(a.withDevice("gpu:1", 2))).isTrue();
        assertThat(a.sameExperiment(config(List.of("mnist"), SmoothingGrid.paper(), 1, 4)))
                .isFalse();
    }

    @Test
    void paperPresetTrainsImagenetWithBatch64() {
        SweepConfig c =
                new SweepConfig(
                        "paper",
                        List.of("decathlon/imagenet12", "cifar10"),
                        List.of("resnet20-v1"),
                        SmoothingGrid.paper(),
                        1,
                        200,
                        Preset.PAPER.batchSize(),
                        Preset.PAPER.imagenetBatchSize(),
                        TrainingRecipe.paper(),
                        0,
                        0,
                        42,
                        72,
                        "auto",
                        0);
        assertThat(c.batchSizeFor("decathlon/imagenet12")).isEqualTo(64);
        assertThat(c.batchSizeFor("cifar10")).isEqualTo(32);
    }
}
