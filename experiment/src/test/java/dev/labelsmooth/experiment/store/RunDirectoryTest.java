package dev.labelsmooth.experiment.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.loss.Smoothing;
import dev.labelsmooth.experiment.sweep.Cell;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    @TempDir Path root;

    private static Cell cell(Smoothing s, int seed) {
        return new Cell("embedded", "resnet20-v1", s, seed);
    }

    private static EpochRow epoch(Cell c, int epoch) {
        return new EpochRow(c, epoch, 1e-3, 1.5, 50.0, 1.2, 60.0, 1.1, 0.05, 2.0);
    }

    @Test
    void resultRowRoundTripsAndKeepsTheTypedValue() throws IOException {
        RunDirectory dir = new RunDirectory(root);
        Cell fromEpsilon = cell(Smoothing.ofEpsilon(new BigDecimal("0.2"), 10), 1);
        dir.appendResult(
                ResultRow.of(fromEpsilon, CellStatus.DONE, 81.5, 3, 80.0, 0.5, 0.02, 3, 12.5));
        dir.appendResult(ResultRow.failed(cell(Smoothing.ofGamma(0.9, 10), 1)));
        assertThat(Files.readAllLines(dir.results()))
                .containsExactly(
                        String.join(",", ResultRow.COLUMNS),
                        "embedded,resnet20-v1,0.82,0,0,1,81.5,done,10,0.2,3,3,80.0,0.5,0.02,12.5,,,,,,,,,,",
                        "embedded,resnet20-v1,0.9,0,0,1,,failed,10,0.1111111111111111,0,0,,,,0.0,,,,,,,,,,");
        List<ResultRow> rows = dir.readResults();
        assertThat(rows.get(0).key()).isEqualTo(CellKey.of(fromEpsilon));
        assertThat(rows.get(0).epsilon()).isEqualByComparingTo("0.2");
        assertThat(rows.stream().filter(r -> r.status().finished()).map(ResultRow::key))
                .containsExactly(CellKey.of(fromEpsilon));
    }

    @Test
    void aCellsCalibrationWrittenAgainReplacesItsRowsAndKeepsTheOthers() throws IOException {
        // A kill between a cell's calibration rows and its result row: the resumed cell writes
        // them again, and the file must hold them once.
        RunDirectory dir = new RunDirectory(root);
        Cell a = cell(Smoothing.ofGamma(0.9, 10), 1);
        Cell b = cell(Smoothing.ofGamma(1.0, 10), 1);
        var first =
                List.of(
                        new dev.labelsmooth.core.metrics.ClassificationMetrics.ReliabilityBin(
                                0, 0.5, 3, 0.3, 0.25));
        var again =
                List.of(
                        new dev.labelsmooth.core.metrics.ClassificationMetrics.ReliabilityBin(
                                0, 0.5, 4, 0.35, 0.5));
        dir.appendCalibration(b, first);
        dir.appendCalibration(a, first);
        List<String> bRows = Files.readAllLines(dir.calibration()).subList(0, 2);
        dir.appendCalibration(a, again);
        List<String> lines = Files.readAllLines(dir.calibration());
        assertThat(lines).hasSize(3);
        assertThat(lines.subList(0, 2)).isEqualTo(bRows);
        assertThat(lines.get(2))
                .startsWith("embedded,resnet20-v1,0.9,0,0,1,")
                .contains(",4,0.35,0.5");
    }

    @Test
    void dropEpochsAfterKeepsOtherRowsByteForByte() throws IOException {
        RunDirectory dir = new RunDirectory(root);
        Cell a = cell(Smoothing.ofGamma(0.9, 10), 1);
        Cell b = cell(Smoothing.ofGamma(1.0, 10), 1);
        for (int e = 1; e <= 3; e++) {
            dir.appendEpoch(epoch(a, e));
            dir.appendEpoch(epoch(b, e));
        }
        List<String> before = Files.readAllLines(dir.epochs());
        dir.dropEpochsAfter(a, 1);
        List<String> after = Files.readAllLines(dir.epochs());
        assertThat(after)
                .hasSize(5)
                .containsSubsequence(before.get(0), before.get(1), before.get(2));
        assertThat(after.stream().filter(l -> l.startsWith("embedded,resnet20-v1,0.9,0,0,1,")))
                .hasSize(1);
        assertThat(after)
                .containsAll(before.stream().filter(l -> l.contains(",1.0,0,0,1,")).toList());
    }

    @Test
    void aRowCutShortIsRemovedBeforeTheNextAppendInsteadOfSwallowingIt() throws IOException {
        RunDirectory dir = new RunDirectory(root);
        Cell a = cell(Smoothing.ofGamma(0.9, 10), 1);
        dir.appendEpoch(epoch(a, 1));
        List<String> whole = Files.readAllLines(dir.epochs());
        String second = whole.get(1).replace(",0.9,0,0,1,1,", ",0.9,0,0,1,2,");
        // A kill in the middle of writing epoch 2's row: part of it, no line end.
        Files.writeString(
                dir.epochs(), second.substring(0, 30), java.nio.file.StandardOpenOption.APPEND);
        dir.appendEpoch(epoch(a, 2));
        assertThat(Files.readAllLines(dir.epochs()))
                .containsExactly(whole.get(0), whole.get(1), second);
        assertThat(EpochRow.readValidation(dir.epochs())).hasSize(2);

        // Before a session reads them, all three files are repaired, and each repair is named.
        Cell b = cell(Smoothing.ofGamma(1.0, 10), 1);
        dir.appendResult(ResultRow.failed(a));
        List<String> results = Files.readAllLines(dir.results());
        Files.writeString(
                dir.results(),
                "embedded,resnet20-v1,1.0,0,0,1,8",
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(dir.calibration(), "dataset,mod");
        assertThat(dir.repairTornRows())
                .containsExactly(
                        dir.results()
                                + " ended in a row cut short (32 bytes without a line end, from a"
                                + " killed process or a full disk): removed; its cell trains or"
                                + " finishes again",
                        dir.calibration()
                                + " ended in a row cut short (11 bytes without a line end, from a"
                                + " killed process or a full disk): removed; its cell trains or"
                                + " finishes again");
        assertThat(Files.readAllLines(dir.results())).isEqualTo(results);
        assertThat(dir.calibration()).isEmptyFile();
        assertThat(dir.repairTornRows()).isEmpty();
        // A file created and then killed before its header: no rows, and the next append heads it.
        Files.write(dir.epochs(), new byte[0]);
        assertThat(dir.readEpochValidation()).isEmpty();
        dir.appendEpoch(epoch(b, 1));
        assertThat(Files.readAllLines(dir.epochs())).hasSize(2).startsWith(whole.get(0));
        dir.appendCalibration(b, List.of());
        assertThat(Files.readAllLines(dir.calibration())).hasSize(1);
    }

    @Test
    void aBadResultsRowNamesTheFileAndTheEditorLine() throws IOException {
        Path results =
                Files.writeString(
                        root.resolve("results.csv"),
                        "dataset,model,gamma,seed,best_val_acc,status\n"
                                + "embedded,resnet20-v1,1.0,1,75.0,done\n"
                                + "embedded,resnet20-v1,0.9,1,abc,done\n");
        assertThatThrownBy(() -> ResultRow.read(results))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith(
                        "best_val_acc must be a number, got 'abc' on line 3 of " + results)
                .hasMessageEndingWith(
                        "; fix or delete that line (the other rows are kept), or rerun with 'force'"
                                + " to start over");
        Files.writeString(
                results,
                "dataset,model,gamma,seed,best_val_acc,status\n"
                        + "embedded,resnet20-v1,1.0,1,75.0,banana\n");
        assertThatThrownBy(() -> ResultRow.read(results))
                .hasMessageStartingWith(
                        "status must be done, diverged, failed or stopped, got 'banana' on line 2"
                                + " of "
                                + results);
        Files.writeString(results, "dataset,model,gamma\nembedded,resnet20-v1,1.0\n");
        assertThatThrownBy(() -> ResultRow.read(results))
                .hasMessageContaining("(missing seed, best_val_acc, status)");
    }

    @Test
    void filesWithoutBetaAndAlphaReadAsZeroAndGainTheColumnsOnAppend() throws IOException {
        RunDirectory dir = new RunDirectory(root);
        String oldResults =
                "dataset,model,gamma,seed,best_val_acc,status,num_classes,epsilon,epochs,"
                        + "best_epoch,final_val_acc,val_nll,val_ece,train_seconds\n"
                        + "embedded,resnet20-v1,1.0,1,75.5,done,10,0.0,3,3,75.0,0.7,0.01,40.0\n";
        Files.writeString(dir.results(), oldResults);
        Files.writeString(
                dir.epochs(),
                "dataset,model,gamma,seed,epoch,lr,train_loss,train_acc,val_loss,val_acc,"
                        + "val_nll,val_ece,seconds\n"
                        + "embedded,resnet20-v1,0.9,1,1,0.001,1.5,50.0,1.2,60.0,1.1,0.05,2.0\n");
        Cell plain = cell(Smoothing.ofGamma(1.0, 10), 1);
        assertThat(dir.readResults())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.key()).isEqualTo(CellKey.of(plain));
                            assertThat(r.beta()).isZero();
                            assertThat(r.alpha()).isZero();
                        });

        Cell penalised =
                new Cell(
                        "embedded",
                        "resnet20-v1",
                        new dev.labelsmooth.core.loss.LossConfig(
                                Smoothing.ofGamma(1.0, 10), new BigDecimal("0.5"), BigDecimal.ZERO),
                        1);
        dir.appendResult(ResultRow.failed(penalised));
        dir.appendEpoch(epoch(penalised, 1));
        assertThat(Files.readAllLines(dir.results()))
                .containsExactly(
                        String.join(",", ResultRow.COLUMNS),
                        "embedded,resnet20-v1,1.0,0,0,1,75.5,done,10,0.0,3,3,75.0,0.7,0.01,40.0,,,,,,,,,,",
                        "embedded,resnet20-v1,1.0,0.5,0,1,,failed,10,0.0,0,0,,,,0.0,,,,,,,,,,");
        assertThat(Files.readAllLines(dir.epochs()))
                .containsExactly(
                        String.join(",", EpochRow.COLUMNS),
                        "embedded,resnet20-v1,0.9,0,0,1,1,0.001,1.5,50.0,1.2,60.0,1.1,0.05,2.0,,",
                        "embedded,resnet20-v1,1.0,0.5,0,1,1,0.001,1.5,50.0,1.2,60.0,1.1,0.05,2.0,,");
        assertThat(dir.readResults())
                .extracting(ResultRow::key)
                .containsExactly(CellKey.of(plain), CellKey.of(penalised));
    }

    @Test
    void aFileWithAnUnknownColumnIsNotRewritten() throws IOException {
        RunDirectory dir = new RunDirectory(root);
        String text = "dataset,model,gamma,seed,best_val_acc,status,lambda\n";
        Files.writeString(dir.results(), text);
        assertThatThrownBy(
                        () ->
                                dir.appendResult(
                                        ResultRow.failed(cell(Smoothing.ofGamma(1.0, 10), 1))))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("(unknown lambda); was it written by a newer labelsmooth?");
        assertThat(Files.readString(dir.results())).isEqualTo(text);
    }
}
