package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep over gamma, the confidence penalty, DisturbLabel and explicit mixes: cell identity,
 * sharding, resume and the run directories of the version before these axes.
 */
@Tag("slow")
class LossAxesSweepTest {

    @TempDir Path tmp;

    private static String[] sweep(Path out, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "sweep",
                                "--limit-train",
                                "200",
                                "--limit-val",
                                "100",
                                "--epochs",
                                "1",
                                "--batch-size",
                                "50",
                                "--out",
                                out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static final String[] AXES = {
        "--gammas", "1.0,0.9", "--penalties", "0,0.5", "--mix", "alpha=0.2"
    };

    private static void ok(CliRun run) {
        assertThat(run.exitCode).as(run.err).isEqualTo(ExitCodes.OK);
    }

    @Test
    void theProductAndTheMixesTrainShardAndResumeAsOneGrid() throws IOException {
        Path whole = tmp.resolve("whole");
        ok(CliRun.of(sweep(whole, AXES)));
        List<String> rows = RunFiles.resultsWithoutTimes(whole);
        assertThat(rows.get(0))
                .isEqualTo(
                        "dataset,model,gamma,beta,alpha,seed,best_val_acc,status,num_classes,"
                            + "epsilon,epochs,best_epoch,final_val_acc,val_nll,val_ece,"
                            + "holdout_acc,test_acc,temperature,test_brier,test_nll_ts,"
                            + "test_ece_ts,test_brier_ts,confidence_gap,confidence_gap_ts,aurc");
        List<String> configs = List.of("1.0,0,0", "1.0,0.5,0", "0.9,0,0", "0.9,0.5,0", "1,0,0.2");
        assertThat(rows).hasSize(1 + configs.size());
        for (int i = 0; i < configs.size(); i++) {
            assertThat(rows.get(i + 1))
                    .startsWith("embedded,resnet20-v1," + configs.get(i) + ",1,")
                    .contains(",done,");
        }
        assertThat(Files.readAllLines(whole.resolve("epochs.csv"))).hasSize(1 + 5);
        assertThat(whole.resolve("checkpoints")).doesNotExist();
        assertThat(Files.readString(whole.resolve("report.md")))
                .contains("| gamma=1 alpha=0.2 | DisturbLabel |")
                .contains("| mix | gamma=0.9 beta=0.5 |");

        // Each configuration is its own cell: the same seed's weights, another loss.
        assertThat(rows.stream().skip(1).map(l -> l.split(",")[13]).distinct()).hasSize(5);

        // Sharded, then merged: the same files as the run in one process.
        Path sharded = tmp.resolve("sharded");
        ok(CliRun.of(concat(sweep(sharded, AXES), "--shard", "0/2")));
        ok(CliRun.of(concat(sweep(sharded, AXES), "--shard", "1/2")));
        ok(CliRun.of("report", "--results", sharded.toString()));
        assertThat(RunFiles.resultsWithoutTimes(sharded))
                .isEqualTo(RunFiles.resultsWithoutTimes(whole));
        assertThat(RunFiles.reportBody(sharded)).isEqualTo(RunFiles.reportBody(whole));

        // A rerun trains nothing; another penalty list is another experiment, refused.
        List<String> before = Files.readAllLines(whole.resolve("results.csv"));
        CliRun again = CliRun.of(sweep(whole, AXES));
        ok(again);
        assertThat(Files.readString(whole.resolve("sweep.log")))
                .contains("5 cells, 5 finished earlier, 0 to train");
        CliRun other =
                CliRun.of(
                        sweep(
                                whole,
                                "--gammas",
                                "1.0,0.9",
                                "--penalties",
                                "0,0.6",
                                "--mix",
                                "alpha=0.2"));
        assertThat(other.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(other.err).contains("penalties [0, 0.5] -> [0, 0.6]");
        assertThat(Files.readAllLines(whole.resolve("results.csv"))).isEqualTo(before);
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    @Test
    void aRunDirectoryOfTheVersionBeforeTheseAxesResumesAndRendersUnchanged() throws IOException {
        Path run = tmp.resolve("old");
        String[] gammas = sweep(run, "--gammas", "1.0,0.9");
        ok(CliRun.of(gammas));
        String report = RunFiles.reportBody(run);
        List<String> results = RunFiles.resultsWithoutTimes(run);
        // Rewrite the files as the previous version wrote them: no beta and alpha columns, and
        // provenance schema 2 without the new axes.
        for (String file : List.of("results.csv", "epochs.csv", "calibration.csv")) {
            Path f = run.resolve(file);
            List<String> lines =
                    Files.readAllLines(f).stream()
                            .map(l -> l.replaceFirst("^([^,]*,[^,]*,[^,]*),[^,]*,[^,]*,", "$1,"))
                            .toList();
            assertThat(lines.get(0)).startsWith("dataset,model,gamma,seed,");
            Files.write(f, lines);
        }
        Path provenance = run.resolve("provenance.json");
        JsonObject json = JsonParser.parseString(Files.readString(provenance)).getAsJsonObject();
        json.addProperty("schemaVersion", 2);
        JsonObject config = json.getAsJsonObject("config");
        config.remove("penalties");
        config.remove("disturb");
        config.remove("mixes");
        Files.writeString(provenance, json.toString());

        ok(CliRun.of("report", "--results", run.toString()));
        assertThat(RunFiles.reportBody(run)).isEqualTo(report);
        CliRun again = CliRun.of(gammas);
        ok(again);
        assertThat(Files.readString(run.resolve("sweep.log")))
                .contains("2 cells, 2 finished earlier, 0 to train");
        assertThat(RunFiles.resultsWithoutTimes(run))
                .isEqualTo(
                        results.stream()
                                .map(
                                        l ->
                                                l.replaceFirst(
                                                        "^([^,]*,[^,]*,[^,]*),[^,]*,[^,]*,", "$1,"))
                                .toList());
    }
}
