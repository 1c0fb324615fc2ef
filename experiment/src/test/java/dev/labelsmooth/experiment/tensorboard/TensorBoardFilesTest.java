package dev.labelsmooth.experiment.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.tensorboard.ScalarEvents;
import dev.labelsmooth.experiment.Experiments;
import dev.labelsmooth.experiment.SweepRequest;
import dev.labelsmooth.experiment.store.EpochPoint;
import dev.labelsmooth.experiment.sweep.SmoothingGrid;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep's TensorBoard files, written while it trains and exported afterwards. */
class TensorBoardFilesTest {

    @TempDir Path tmp;

    @Test
    @Tag("slow")
    void aSweepWritesEveryEpochAsScalarsAndTheExportWritesTheSame() throws IOException {
        SweepConfig config =
                SweepConfig.builder()
                        .optGrid(SmoothingGrid.gammas(List.of(1.0, 0.8)))
                        .optEpochs(2)
                        .optBatchSize(50)
                        .optLimitTrain(200)
                        .optLimitVal(100)
                        .optHoldout(50)
                        .optDevice("cpu")
                        .build();
        Path run = tmp.resolve("run");
        Experiments.sweep(SweepRequest.builder(config).optRunDirectory(run).build());
        Path live = run.resolve("tensorboard");
        Map<String, List<ScalarEvents.Scalar>> written = scalarsByRun(live);
        assertThat(written)
                .containsOnlyKeys(
                        "embedded/resnet20-v1/gamma=1/seed-1",
                        "embedded/resnet20-v1/gamma=0.8/seed-1");
        List<EpochPoint> epochs = EpochPoint.read(run.resolve("epochs.csv"));
        EpochPoint second =
                epochs.stream()
                        .filter(p -> p.key().gamma().doubleValue() == 0.8 && p.epoch() == 2)
                        .findFirst()
                        .orElseThrow();
        assertThat(written.get("embedded/resnet20-v1/gamma=0.8/seed-1"))
                .contains(
                        new ScalarEvents.Scalar(2, "holdout/accuracy", (float) second.holdoutAcc()))
                .contains(new ScalarEvents.Scalar(2, "train/loss", (float) second.trainLoss()))
                .contains(
                        new ScalarEvents.Scalar(2, "learning_rate", (float) second.learningRate()))
                .hasSize(2 * StudyEvents.TAGS.size());
        try (Stream<Path> root = Files.list(live)) {
            assertThat(root.filter(p -> p.getFileName().toString().startsWith("events.out.")))
                    .hasSize(1);
        }

        Path exported = tmp.resolve("exported");
        assertThat(Experiments.exportTensorBoard(List.of(run), exported)).isEqualTo(2);
        assertThat(scalarsByRun(exported)).isEqualTo(written);
        assertThatThrownBy(() -> Experiments.exportTensorBoard(List.of(run), exported))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("must hold no event files yet");

        // A forced start over with another grid leaves none of the earlier sweep's runs behind.
        Experiments.sweep(
                SweepRequest.builder(
                                config.toBuilder()
                                        .optGrid(SmoothingGrid.gammas(List.of(0.9)))
                                        .optEpochs(1)
                                        .build())
                        .optRunDirectory(run)
                        .optForce(true)
                        .build());
        assertThat(scalarsByRun(live)).containsOnlyKeys("embedded/resnet20-v1/gamma=0.9/seed-1");

        Path quiet = tmp.resolve("quiet");
        Experiments.sweep(
                SweepRequest.builder(config.toBuilder().optEpochs(1).build())
                        .optRunDirectory(quiet)
                        .optTensorBoard(false)
                        .build());
        assertThat(quiet.resolve("tensorboard")).doesNotExist();
    }

    /** The scalars of every run folder under {@code logDir}, by its relative path. */
    static Map<String, List<ScalarEvents.Scalar>> scalarsByRun(Path logDir) throws IOException {
        Map<String, List<ScalarEvents.Scalar>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(logDir)) {
            for (Path f :
                    files.filter(p -> p.getFileName().toString().startsWith("events.out."))
                            .sorted()
                            .toList()) {
                List<ScalarEvents.Scalar> scalars = ScalarEvents.read(f);
                if (!f.getParent().equals(logDir)) {
                    out.computeIfAbsent(
                                    logDir.relativize(f.getParent()).toString(),
                                    k -> new ArrayList<>())
                            .addAll(scalars);
                }
            }
        }
        return out;
    }
}
