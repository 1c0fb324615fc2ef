package dev.labelsmooth.experiment.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labelsmooth.core.loss.LossConfig;
import dev.labelsmooth.core.loss.Smoothing;
import dev.labelsmooth.core.training.TrainingRecipe;
import java.math.BigDecimal;
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
                null,
                null,
                null,
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
                0,
                null,
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
                .hasMessage("'epochs' must be >= 1, got 0");
        assertThatThrownBy(() -> config(List.of("mnist"), SmoothingGrid.paper(), 0, 1))
                .hasMessage("'seeds' must be >= 1, got 0");
        SweepConfig c = config(List.of("mnist"), SmoothingGrid.gammas(List.of(0.05)), 1, 1);
        assertThatThrownBy(() -> c.cells(name -> 10))
                .hasMessageContaining("(0.1, 1] for K=10 (data set mnist), got 0.05");
    }

    @Test
    void aDataSetOrModelNamedTwiceIsRefused() {
        assertThatThrownBy(() -> config(List.of("mnist", "mnist"), SmoothingGrid.paper(), 1, 1))
                .hasMessageContaining("'datasets' must not name a value twice")
                .hasMessageContaining("mnist twice");
    }

    @Test
    void theKindOfDeviceIsPartOfTheExperimentWhichGpuAndHowManyAreNot() {
        SweepConfig a = config(List.of("mnist"), SmoothingGrid.paper(), 1, 3);
        SweepConfig gpu = a.toBuilder().optDevice("gpu").optGpus(0).build();
        assertThat(gpu.sameExperiment(a.toBuilder().optDevice("gpu:1").optGpus(2).build()))
                .isTrue();
        assertThat(a.toBuilder().optDevice("cpu").optGpus(0).build().sameExperiment(gpu)).isFalse();
        assertThat(a.toBuilder().optDevice("cpu").optGpus(0).build().differences(gpu))
                .isEqualTo("device kind cpu -> gpu");
        // Directories of earlier versions recorded auto: it matches either kind.
        assertThat(a.toBuilder().optDevice("auto").optGpus(0).build().sameExperiment(gpu)).isTrue();
        assertThat(
                        a.toBuilder()
                                .optDevice("cpu")
                                .optGpus(0)
                                .build()
                                .sameExperiment(a.toBuilder().optDevice("auto").optGpus(0).build()))
                .isTrue();
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
                        null,
                        null,
                        null,
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
                        0,
                        null,
                        0);
        assertThat(c.batchSizeFor("decathlon/imagenet12")).isEqualTo(64);
        assertThat(c.batchSizeFor("cifar10")).isEqualTo(32);
    }

    private static SweepConfig withAxes(
            SmoothingGrid grid, String penalties, String disturb, List<String> mixes) {
        SweepConfig c = config(List.of("mnist"), grid, 1, 1);
        return new SweepConfig(
                c.preset(),
                c.datasets(),
                c.models(),
                grid,
                penalties == null ? null : LossAxes.parsePenalties(penalties),
                disturb == null ? null : LossAxes.parseDisturb(disturb),
                mixes.stream().map(Mix::parse).toList(),
                c.seeds(),
                c.epochs(),
                c.batchSize(),
                c.imagenetBatchSize(),
                c.recipe(),
                c.limitTrain(),
                c.limitVal(),
                c.dataSeed(),
                c.imageSize(),
                c.device(),
                c.gpus(),
                null,
                0);
    }

    private static LossConfig loss(double gamma, String beta, String alpha) {
        return new LossConfig(
                Smoothing.ofGamma(gamma, 10), new BigDecimal(beta), new BigDecimal(alpha));
    }

    @Test
    void cellsAreTheProductOfTheAxesThenTheMixes() {
        SweepConfig c =
                withAxes(
                        SmoothingGrid.gammas(List.of(1.0, 0.9)),
                        "0,0.5",
                        "0,0.1",
                        List.of("gamma=0.8,beta=0.3", "alpha=0.4"));
        assertThat(c.lossConfigs(10, "mnist"))
                .containsExactly(
                        loss(1.0, "0", "0"),
                        loss(1.0, "0", "0.1"),
                        loss(1.0, "0.5", "0"),
                        loss(1.0, "0.5", "0.1"),
                        loss(0.9, "0", "0"),
                        loss(0.9, "0", "0.1"),
                        loss(0.9, "0.5", "0"),
                        loss(0.9, "0.5", "0.1"),
                        loss(0.8, "0.3", "0"),
                        loss(1.0, "0", "0.4"));
        assertThat(c.cells(name -> 10)).hasSize(10);
    }

    @Test
    void axesLeftOutTrainTheGridAloneAsBefore() {
        SweepConfig c = withAxes(SmoothingGrid.gammas(List.of(1.0, 0.9)), null, null, List.of());
        assertThat(c.penalties()).containsExactly(BigDecimal.ZERO);
        assertThat(c.disturb()).containsExactly(BigDecimal.ZERO);
        assertThat(c.cells(name -> 10))
                .extracting(Cell::id)
                .containsExactly("mnist__resnet20-v1__g1__s1", "mnist__resnet20-v1__g0.9__s1");
    }

    @Test
    void valuesAreComparedAsNumbers() {
        SweepConfig a = withAxes(SmoothingGrid.paper(), "0,0.5", "0.10", List.of("gamma=0.9"));
        SweepConfig b = withAxes(SmoothingGrid.paper(), "0.0,0.50", "0.1", List.of("gamma=0.90"));
        assertThat(a.sameExperiment(b)).isTrue();
        assertThat(a.sameExperiment(withAxes(SmoothingGrid.paper(), "0,0.6", "0.1", List.of())))
                .isFalse();
    }

    @Test
    void aMixRepeatingAConfigurationIsRefused() {
        SweepConfig c =
                withAxes(
                        SmoothingGrid.gammas(List.of(1.0, 0.9)),
                        "0,0.5",
                        null,
                        List.of("gamma=0.9,beta=0.5"));
        assertThatThrownBy(() -> c.cells(name -> 10))
                .hasMessage(
                        "'mixes' must add a configuration the sweep does not already train, got"
                                + " gamma=0.9,beta=0.5,alpha=0, which is gamma=0.9 beta=0.5 of the"
                                + " product of 'gammas', 'penalties' and 'disturb'");
        SweepConfig twice =
                withAxes(
                        SmoothingGrid.gammas(List.of(1.0)),
                        null,
                        null,
                        List.of("beta=1", "beta=1.0"));
        assertThatThrownBy(() -> twice.cells(name -> 10)).hasMessageEndingWith("twice");
    }

    @Test
    void badAxisValuesAreRefusedNamingThem() {
        assertThatThrownBy(() -> LossAxes.parsePenalties("0,-0.5"))
                .hasMessage(
                        "'penalties' must hold values >= 0 (beta of the confidence penalty), got"
                                + " -0.5");
        assertThatThrownBy(() -> LossAxes.parseDisturb("0.1,1"))
                .hasMessage("'disturb' must hold values in [0, 1) (DisturbLabel's alpha), got 1");
        assertThatThrownBy(() -> LossAxes.parseDisturb("0.1,x"))
                .hasMessage(
                        "'disturb' must be a comma-separated list of numbers, got 'x' in '0.1,x'");
        assertThatThrownBy(() -> LossAxes.parsePenalties("0.5,0.50"))
                .hasMessageContaining("must not repeat a value");
        assertThatThrownBy(() -> Mix.parse("gamma=0.9,delta=1"))
                .hasMessage(
                        "'mixes' must be a comma-separated list of gamma=G, beta=B, alpha=A, got"
                                + " 'delta=1' in 'gamma=0.9,delta=1'");
        assertThatThrownBy(() -> Mix.parse("alpha=1.5"))
                .hasMessage("alpha of 'mixes' must be in [0, 1), got 1.5");
        assertThatThrownBy(() -> Mix.parse("beta=1,beta=2"))
                .hasMessage("'mixes' must give beta once, got it twice in 'beta=1,beta=2'");
        SweepConfig c =
                withAxes(SmoothingGrid.gammas(List.of(1.0)), null, null, List.of("gamma=0.05"));
        assertThatThrownBy(() -> c.cells(name -> 10))
                .hasMessage(
                        "gamma of 'mixes' must be in (1/K, 1] = (0.1, 1] for K=10 (data set mnist),"
                                + " got 0.05");
    }

    @Test
    void cellIdsNameBetaAndAlphaOnlyWhenUsed() {
        assertThat(new Cell("mnist", "resnet20-v1", loss(1.0, "0.50", "0"), 2).id())
                .isEqualTo("mnist__resnet20-v1__g1__b0.5__s2");
        assertThat(new Cell("mnist", "resnet20-v1", loss(0.9, "0", "0.1"), 1).id())
                .isEqualTo("mnist__resnet20-v1__g0.9__a0.1__s1");
        Cell plain = new Cell("mnist", "resnet20-v1", loss(0.9, "0", "0"), 1);
        Cell disturbed = new Cell("mnist", "resnet20-v1", loss(0.9, "0", "0.2"), 1);
        assertThat(disturbed.seeds()).isEqualTo(plain.seeds());
    }
}
