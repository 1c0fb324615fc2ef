package dev.labelsmooth.experiment.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.labelsmooth.experiment.Experiments;
import dev.labelsmooth.experiment.store.CellKey;
import dev.labelsmooth.experiment.store.EpochPoint;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's training curves, drawn from a committed study's epochs.csv. */
class TrainingCurvesTest {

    @TempDir Path tmp;

    @Test
    void theReportDrawsLossAccuracyAndLearningRateCurvesPerDataSetAndModel() throws IOException {
        Path study = Path.of("..", "reports", "quick-embedded-resnet20-v1");
        Path out = tmp.resolve("report");
        Experiments.report(out, List.of(study));
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md)
                .contains("## Training curves")
                .contains("### embedded / resnet20-v1")
                .contains("![training loss per epoch](curves-loss-embedded-resnet20-v1.png)")
                .contains("(curves-accuracy-embedded-resnet20-v1.png)")
                .contains("(curves-lr-embedded-resnet20-v1.png)");
        for (String metric : List.of("loss", "accuracy", "lr")) {
            assertThat(out.resolve("curves-" + metric + "-embedded-resnet20-v1.png"))
                    .isNotEmptyFile();
            assertThat(out.resolve("curves-" + metric + "-embedded-resnet20-v1.svg"))
                    .isNotEmptyFile();
        }
    }

    @Test
    void aCurveIsTheMeanAndStandardDeviationOverTheSeedsThatReachedEachEpoch() {
        Map<String, List<EpochPoint>> byConfig = new LinkedHashMap<>();
        byConfig.put(
                "gamma=0.9",
                List.of(point(0.9, 1, 1, 2.0), point(0.9, 1, 2, 1.0), point(0.9, 2, 1, 4.0)));
        byConfig.put("gamma=1", List.of(point(1, 1, 1, 3.0), point(1, 1, 2, 2.5)));
        List<Plots.Curve> curves = Plots.curves(byConfig, EpochPoint::trainLoss);
        Plots.Curve smoothed = curves.get(0);
        assertThat(smoothed.config()).isEqualTo("gamma=0.9");
        assertThat(smoothed.epochs()).containsExactly(1, 2);
        // epoch 1: seeds 1 and 2 give 2 and 4: mean 3, SD sqrt(((2-3)^2 + (4-3)^2) / 1)
        assertThat(smoothed.mean()).containsExactly(3.0, 1.0);
        assertThat(smoothed.sd()[0]).isCloseTo(Math.sqrt(2), within(1e-12));
        // seed 2 stopped after epoch 1 (a search): epoch 2 rests on seed 1 alone
        assertThat(smoothed.sd()[1]).isZero();
        assertThat(smoothed.seeds()).isEqualTo(2);
        assertThat(curves.get(1).mean()).containsExactly(3.0, 2.5);
    }

    private static EpochPoint point(double gamma, int seed, int epoch, double trainLoss) {
        return new EpochPoint(
                new CellKey("d", "m", BigDecimal.valueOf(gamma), seed),
                epoch,
                1e-3,
                trainLoss,
                50,
                1,
                50,
                1,
                0.1,
                1,
                Double.NaN,
                Double.NaN);
    }
}
