package dev.labelsmooth.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.labelsmooth.core.InvalidSettingException;
import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.metrics.TemperatureScaling;
import dev.labelsmooth.core.training.StopRequest;
import dev.labelsmooth.core.training.TrainingStoppedException;
import dev.labelsmooth.experiment.report.ConfigStats;
import dev.labelsmooth.experiment.report.Report;
import dev.labelsmooth.experiment.runner.RunStatus;
import dev.labelsmooth.experiment.runner.SweepListener;
import dev.labelsmooth.experiment.search.SearchStalledException;
import dev.labelsmooth.experiment.shard.Shard;
import dev.labelsmooth.experiment.shard.ShardPlan;
import dev.labelsmooth.experiment.store.CellStatus;
import dev.labelsmooth.experiment.store.EpochRow;
import dev.labelsmooth.experiment.store.GroupKey;
import dev.labelsmooth.experiment.store.ResultRow;
import dev.labelsmooth.experiment.store.RunDirectory;
import dev.labelsmooth.experiment.store.RunLock;
import dev.labelsmooth.experiment.sweep.Cell;
import dev.labelsmooth.experiment.sweep.SearchSettings;
import dev.labelsmooth.experiment.sweep.SmoothingGrid;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine as a Java program drives it, without a command line: sweeps, resumes, shards, a
 * search, the plan and the status, on a small stratified part of the embedded Fashion-MNIST subset.
 */
class ExperimentsTest {

    @TempDir Path tmp;

    /** Two gammas, one epoch on 200 images, validated on 100. */
    private static SweepConfig.Builder tiny() {
        return SweepConfig.builder()
                .optGrid(SmoothingGrid.gammas(List.of(1.0, 0.8)))
                .optEpochs(1)
                .optBatchSize(50)
                .optLimitTrain(200)
                .optLimitVal(100)
                .optDevice("cpu");
    }

    /** Every event a listener receives, as text. */
    private static final class Recorder implements SweepListener {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void runStarted(Path directory, int cells, int finishedEarlier) {
            events.add("run " + cells + " " + finishedEarlier);
        }

        @Override
        public void cellStarted(
                Cell cell, String label, int firstEpoch, int epochs, int batchesPerEpoch) {
            events.add("start " + cell.loss().label() + " " + batchesPerEpoch);
        }

        @Override
        public void epochFinished(Cell cell, EpochRow row) {
            events.add("epoch " + cell.loss().label() + " " + row.epoch());
        }

        @Override
        public void cellFinished(Cell cell, ResultRow result) {
            events.add("done " + cell.loss().label() + " " + result.status().id());
        }

        @Override
        public void runEnded(Path directory) {
            events.add("end");
        }
    }

    @Test
    @Tag("slow")
    void twoCellSweepReturnsItsResultsAndReportTablesAndResumesWithoutTraining()
            throws IOException {
        Path out = tmp.resolve("run");
        Recorder recorder = new Recorder();
        SweepRequest request =
                SweepRequest.builder(tiny().build())
                        .optRunDirectory(out)
                        .optListener(recorder)
                        .build();
        SweepResult result = Experiments.sweep(request);

        assertThat(result.trainedNow()).isEqualTo(2);
        assertThat(result.directory()).isEqualTo(out);
        assertThat(result.config().device()).isEqualTo("cpu");
        assertThat(result.results())
                .extracting(r -> r.gamma().doubleValue(), ResultRow::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1.0, CellStatus.DONE),
                        org.assertj.core.groups.Tuple.tuple(0.8, CellStatus.DONE));
        assertThat(recorder.events)
                .containsExactly(
                        "run 2 0",
                        "start gamma=1 4",
                        "epoch gamma=1 1",
                        "done gamma=1 done",
                        "start gamma=0.8 4",
                        "epoch gamma=0.8 1",
                        "done gamma=0.8 done",
                        "end");
        Report report = result.report();
        assertThat(report.markdown()).isRegularFile();
        assertThat(report.table3()).hasSize(1);
        List<ConfigStats> configs =
                report.configurations().get(new GroupKey("embedded", "resnet20-v1"));
        assertThat(configs).hasSize(2);
        ConfigStats ce = configs.get(0);
        assertThat(ce.isCrossEntropy()).isTrue();
        assertThat(ce.mean()).isEqualTo(result.results().get(0).bestValAcc());
        double best = Math.max(configs.get(0).mean(), configs.get(1).mean());
        assertThat(report.table3().get(0).bestValAcc()).isEqualTo(best);
        for (String file : List.of("results.csv", "epochs.csv", "provenance.json")) {
            assertThat(out.resolve(file)).isRegularFile();
        }

        Recorder again = new Recorder();
        SweepResult resumed =
                Experiments.sweep(
                        SweepRequest.builder(tiny().build())
                                .optRunDirectory(out)
                                .optListener(again)
                                .build());
        assertThat(resumed.trainedNow()).isZero();
        assertThat(resumed.results()).isEqualTo(result.results());
        assertThat(again.events).containsExactly("run 2 2", "end");
    }

    @Test
    @Tag("slow")
    void aHoldoutChoosesTheEpochAndTheTestFiguresAreReadThere() throws Exception {
        Path out = tmp.resolve("holdout");
        SweepResult result =
                Experiments.sweep(
                        SweepRequest.builder(
                                        tiny().optGrid(SmoothingGrid.gammas(List.of(1.0, 0.8)))
                                                .optEpochs(3)
                                                .optHoldout(100)
                                                .build())
                                .optRunDirectory(out)
                                .build());
        List<String[]> epochs =
                Files.readAllLines(out.resolve("epochs.csv")).stream()
                        .skip(1)
                        .map(l -> l.split(",", -1))
                        .toList();
        List<String> header =
                List.of(Files.readAllLines(out.resolve("epochs.csv")).get(0).split(","));
        int holdoutCol = header.indexOf("holdout_acc");
        int valCol = header.indexOf("val_acc");
        assertThat(holdoutCol).isPositive();
        for (ResultRow row : result.results()) {
            assertThat(row.hasHoldout()).isTrue();
            List<String[]> own =
                    epochs.stream()
                            .filter(e -> Double.parseDouble(e[2]) == row.gamma().doubleValue())
                            .toList();
            assertThat(own).hasSize(3);
            // The selected epoch is the holdout's best (the first of equals) ...
            int selected = 0;
            double best = -1;
            double maxVal = -1;
            for (String[] e : own) {
                double h = Double.parseDouble(e[holdoutCol]);
                if (h > best) {
                    best = h;
                    selected = Integer.parseInt(e[header.indexOf("epoch")]);
                }
                maxVal = Math.max(maxVal, Double.parseDouble(e[valCol]));
            }
            assertThat(row.bestEpoch()).isEqualTo(selected);
            assertThat(row.heldOut().holdoutAcc()).isEqualTo(best);
            // ... the test figures are read at it, and best_val_acc stays the paper's figure.
            assertThat(row.heldOut().testAcc())
                    .isEqualTo(Double.parseDouble(own.get(selected - 1)[valCol]));
            assertThat(row.bestValAcc()).isEqualTo(maxVal);
            // Temperature scaling lowers the holdout NLL it was fitted on.
            Path logits = out.resolve("logits").resolve(cellId(row));
            float[] holdoutLogits = npyFloats(logits.resolve("holdout-logits.npy"));
            long[] holdoutLabels = npyLongs(logits.resolve("holdout-labels.npy"));
            assertThat(holdoutLabels).hasSize(100);
            double t = row.heldOut().temperature();
            assertThat(TemperatureScaling.nll(holdoutLogits, holdoutLabels, 10, t))
                    .isLessThanOrEqualTo(
                            TemperatureScaling.nll(holdoutLogits, holdoutLabels, 10, 1));
            assertThat(npyLongs(logits.resolve("test-labels.npy"))).hasSize(100);
            assertThat(row.heldOut().testNllTs()).isPositive();
            assertThat(row.heldOut().aurc()).isBetween(0.0, 1.0);
        }
        assertThat(Files.readString(out.resolve("report.md")))
                .contains(
                        "chosen on its holdout",
                        "### Test calibration before and after temperature scaling",
                        "Temperature scaling fitted on the holdout takes cross-entropy's test ECE");
    }

    private static String cellId(ResultRow row) {
        return new dev.labelsmooth.experiment.sweep.Cell(
                        row.dataset(),
                        row.model(),
                        new dev.labelsmooth.core.loss.LossConfig(
                                dev.labelsmooth.core.loss.Smoothing.ofGamma(
                                        row.gamma().doubleValue(), 10),
                                row.beta(),
                                row.alpha()),
                        row.seed())
                .id();
    }

    /** The data of one of our own .npy files (version 1.0, little-endian). */
    private static java.nio.ByteBuffer npyData(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int header = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        return java.nio.ByteBuffer.wrap(bytes, 10 + header, bytes.length - 10 - header)
                .slice()
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    private static float[] npyFloats(Path file) throws IOException {
        java.nio.FloatBuffer b = npyData(file).asFloatBuffer();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }

    private static long[] npyLongs(Path file) throws IOException {
        java.nio.LongBuffer b = npyData(file).asLongBuffer();
        long[] out = new long[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    @Tag("slow")
    void twoShardsTrainTheirOwnCellsAndTheReportMergesThem() throws IOException {
        Path out = tmp.resolve("sharded");
        for (int i = 0; i < 2; i++) {
            SweepResult shard =
                    Experiments.sweep(
                            SweepRequest.builder(tiny().build())
                                    .optRunDirectory(out)
                                    .optShard(new Shard(i, 2))
                                    .build());
            assertThat(shard.trainedNow()).isEqualTo(1);
            assertThat(shard.directory()).isEqualTo(RunDirectory.shardDir(out, new Shard(i, 2)));
        }
        RunStatus status = Experiments.status(out);
        assertThat(status.shards()).extracting(RunStatus.Line::done).containsExactly(1, 1);

        Report merged = Experiments.report(out, List.of(out));
        assertThat(merged.results())
                .extracting(r -> r.gamma().doubleValue())
                .containsExactly(1.0, 0.8);
        assertThat(out.resolve("report.md")).isRegularFile();
    }

    @Test
    @Tag("slow")
    void searchStopsTheWorseConfigurationsAndTrainsTheChoiceToTheEnd() throws IOException {
        SweepConfig config =
                tiny().optGrid(SmoothingGrid.gammas(List.of(1.0, 0.9, 0.7, 0.5)))
                        .optEpochs(2)
                        .build();
        SweepResult result =
                Experiments.search(
                        SweepRequest.builder(config).optRunDirectory(tmp.resolve("s")).build(),
                        new SearchSettings(2, 1, false));
        assertThat(result.config().search()).isEqualTo(new SearchSettings(2, 1, false));
        // Rung 0 trains all four for one epoch and keeps two; the last rung trains them to 2.
        assertThat(result.results()).hasSize(4);
        assertThat(result.results().stream().filter(r -> r.status() == CellStatus.STOPPED))
                .hasSize(2);
        assertThat(result.results().stream().filter(ResultRow::done))
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.epochs()).isEqualTo(2));
        assertThat(Files.readString(result.report().markdown())).contains("Search");
    }

    /** A two-shard search of four gammas, its first rung one epoch of two. */
    private static SweepConfig shardedSearch() {
        return tiny().optGrid(SmoothingGrid.gammas(List.of(1.0, 0.9, 0.7, 0.5)))
                .optEpochs(2)
                .optSearch(new SearchSettings(2, 1, false))
                .build();
    }

    @Test
    @Tag("slow")
    void aSearchShardWhosePeersCellsFailedSaysSoInsteadOfWaitingForever() throws IOException {
        SweepConfig config = shardedSearch();
        Path out = tmp.resolve("peer-failed");
        // Shard 1 ran out of memory on every cell of its own.
        RunDirectory peer = new RunDirectory(RunDirectory.shardDir(out, new Shard(1, 2)));
        for (ShardPlan.PlannedCell planned : ShardPlan.of(config, 2).cells()) {
            if (planned.shard() == 1) {
                peer.appendResult(ResultRow.failed(planned.cell()));
            }
        }
        SweepRequest shard0 =
                SweepRequest.builder(config).optRunDirectory(out).optShard(new Shard(0, 2)).build();
        assertThatThrownBy(() -> Experiments.sweep(shard0))
                .isInstanceOf(SearchStalledException.class)
                .hasMessageContaining(
                        "search of embedded resnet20-v1 cannot decide rung 0: 2 cells")
                .hasMessageContaining("cells of other shards failed (embedded__resnet20-v1__g")
                .hasMessageContaining("rerun their shard to train them again");
    }

    @Test
    @Tag("slow")
    void aSearchShardGivesUpWaitingForAShardThatNeverStartsAfterItsLimit() throws IOException {
        Path out = tmp.resolve("peer-missing");
        SweepRequest shard0 =
                SweepRequest.builder(shardedSearch())
                        .optRunDirectory(out)
                        .optShard(new Shard(0, 2))
                        .optShardWaitLimit(java.time.Duration.ofSeconds(1))
                        .build();
        assertThatThrownBy(() -> Experiments.sweep(shard0))
                .isInstanceOf(SearchStalledException.class)
                .hasMessageContaining(
                        "search of embedded resnet20-v1 gave up after waiting PT1S (since ")
                .hasMessageContaining("for 2 cells of other shards to reach epoch 1");
        // What it trained is kept: its own cells of the first rung are checkpointed.
        assertThat(RunDirectory.shardDir(out, new Shard(0, 2)).resolve("epochs.csv"))
                .isRegularFile();
        assertThatThrownBy(
                        () ->
                                SweepRequest.builder(shardedSearch())
                                        .optShardWaitLimit(java.time.Duration.ZERO)
                                        .build())
                .hasMessage("'shardWait' must be a positive duration, got PT0S");
    }

    @Test
    void thePlanSplitsTheGridIntoShardsWithCosts() {
        ShardPlan plan = Experiments.plan(tiny().optSeeds(2).build(), 2);
        assertThat(plan.cells()).hasSize(4);
        assertThat(plan.shardCosts()).hasSize(2);
        assertThat(plan.total()).isEqualTo(plan.cells().stream().mapToDouble(c -> c.cost()).sum());
        assertThat(plan.largest()).isEqualTo(plan.total() / 2);
        assertThat(plan.render()).contains("on 2 shards", "sbatch --array=0-1");
        assertThatThrownBy(() -> Experiments.plan(tiny().build(), 0))
                .isInstanceOf(UsageException.class)
                .hasMessage("'shards' must be >= 1, got 0");
    }

    @Test
    void aTimedPlanEstimatesWallTimeFromStepsMeasuredHere() throws IOException {
        ShardPlan plan = Experiments.plan(tiny().build(), 2, true);
        assertThat(plan.macsPerSecond()).isPositive();
        // Cost / speed: 2 cells x 200 images x 1 epoch at the measured rate.
        assertThat(plan.totalHours() * 3600)
                .isCloseTo(plan.total() / plan.macsPerSecond(), within(1e-9));
        assertThat(plan.render())
                .contains(
                        "estimated wall time on this host:",
                        "resnet20-v1 1x28x28 batch 50 on cpu()");
    }

    @Test
    void badSettingsNameTheSettingNotAnOption() {
        assertThatThrownBy(() -> tiny().optSeeds(0).build())
                .isInstanceOfSatisfying(
                        InvalidSettingException.class,
                        e -> assertThat(e.setting()).isEqualTo("seeds"))
                .hasMessage("'seeds' must be >= 1, got 0");
        assertThatThrownBy(() -> tiny().optBatchSize(0).build())
                .hasMessage("'batchSize' must be >= 1, got 0");
        assertThatThrownBy(
                        () -> tiny().optEpochs(2).optSearch(new SearchSettings(3, 5, true)).build())
                .hasMessage("'minEpochs' must be in [1, 'epochs'=2], got 5");
    }

    @Test
    void theDefaultRunDirectoryNamesPresetDataAndModel() {
        assertThat(SweepRequest.builder(SweepConfig.builder().build()).build().runDirectory())
                .isEqualTo(Path.of("runs", "quick-embedded-resnet20-v1"));
        SweepConfig search =
                SweepConfig.builder().optSearch(new SearchSettings(3, 1, true)).build();
        assertThat(SweepRequest.defaultRunDirectory(search))
                .isEqualTo(Path.of("runs", "search-quick-embedded-resnet20-v1"));
    }

    @Test
    void aStopRequestEndsTheSweepWithACheckpointThatStatusShowsAsPendingUntilAProcessTrains()
            throws IOException {
        Path out = tmp.resolve("stopped");
        StopRequest stop = new StopRequest();
        SweepListener stopsAfterTwoSteps =
                new SweepListener() {
                    @Override
                    public void batchFinished(
                            Cell cell, int epoch, int batch, int batches, double loss) {
                        if (batch == 2) {
                            stop.request("a test");
                        }
                    }
                };
        SweepRequest request =
                SweepRequest.builder(tiny().optEpochs(2).optHoldout(50).build())
                        .optRunDirectory(out)
                        .optListener(stopsAfterTwoSteps)
                        .optStopRequest(stop)
                        .build();
        assertThatThrownBy(() -> Experiments.sweep(request))
                .isInstanceOf(TrainingStoppedException.class)
                .hasMessage("stopped by a test at epoch 1 step 2");

        // No process holds the run directory: the stopped cell waits, it does not run.
        RunStatus waiting = Experiments.status(out);
        assertThat(waiting.shards().get(0).running()).isEmpty();
        assertThat(waiting.shards().get(0).pending()).isEqualTo(2);
        assertThat(waiting.shards().get(0).resumable())
                .singleElement()
                .asString()
                .contains("epoch 0/2 (and 2 steps of the next) checkpointed");
        assertThat(waiting.render()).contains("pending, resumes from its checkpoint:");
        RunLock held = RunLock.acquire(out);
        try {
            assertThat(Experiments.status(out).shards().get(0).running()).hasSize(1);
        } finally {
            held.close();
        }

        SweepResult resumed =
                Experiments.sweep(
                        SweepRequest.builder(tiny().optEpochs(2).optHoldout(50).build())
                                .optRunDirectory(out)
                                .build());
        SweepResult whole =
                Experiments.sweep(
                        SweepRequest.builder(tiny().optEpochs(2).optHoldout(50).build())
                                .optRunDirectory(tmp.resolve("whole"))
                                .build());
        assertThat(resumed.results())
                .extracting(ResultRow::bestValAcc)
                .isEqualTo(whole.results().stream().map(ResultRow::bestValAcc).toList());
        assertThat(resumed.trainedNow()).isEqualTo(2);
    }
}
