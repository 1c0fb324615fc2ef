package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile command lines and input files that must end with exit code 2 and a one-line message
 * naming the value or file and what was expected, before anything is trained or written.
 */
class BadInputTest {

    @TempDir Path tmp;

    private CliRun usage(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode).as(run.err + run.out).isEqualTo(ExitCodes.USAGE);
        return run;
    }

    @Test
    void repeatedGammasAreRefusedAsNumbers() {
        Path out = tmp.resolve("run");
        assertThat(usage("sweep", "--gammas", "1.0,1.0,0.9", "--out", out.toString()).err)
                .contains("gamma list must not repeat a value", "got 1.0 and 1.0");
        assertThat(usage("sweep", "--gammas", "1,1.0", "--out", out.toString()).err)
                .contains("got 1 and 1.0");
        assertThat(usage("sweep", "--epsilons", "0.1,0.10", "--out", out.toString()).err)
                .contains("epsilon list must not repeat a value");
        assertThat(usage("sweep", "--dataset", "embedded,embedded", "--out", out.toString()).err)
                .contains("--dataset must not name a value twice");
        assertThat(out).doesNotExist();
    }

    @Test
    void aGpuOnAHostWithoutOneIsRefusedSayingWhyAndWhatToInstall() {
        Path out = tmp.resolve("run");
        for (String[] args :
                new String[][] {
                    {"sweep", "--device", "gpu", "--out", out.toString()},
                    {"train", "--device", "gpu:1", "--out", out.toString()},
                    {"sweep", "--gpus", "2", "--out", out.toString()},
                    {"bench", "--device", "gpu"}
                }) {
            String err = usage(args).err;
            assertThat(err)
                    .as(String.join(" ", args))
                    .contains("but the engine sees 0: the PyTorch natives loaded are the CPU build")
                    .contains("CUDA runtime >= 12.4")
                    .doesNotContain("Exception");
        }
        assertThat(usage("search", "--gpus", "2", "--out", out.toString()).err)
                .contains("--gpus 2 from --device auto needs GPUs 0..1, but the engine sees 0");
        assertThat(usage("train", "--gpus", "2", "--out", out.toString()).err)
                .contains("--gpus 2 spreads the cells of a sweep over GPUs");
        assertThat(out).doesNotExist();
    }

    @Test
    void emptyListsDoNotFallBackToThePreset() {
        assertThat(usage("sweep", "--dataset", ",").err).contains("--dataset must name a data set");
        assertThat(usage("sweep", "--model", ",").err).contains("--model must name a model");
    }

    @Test
    void outputPathsAreCheckedBeforeAnyWork() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThat(usage("sweep", "--out", file.toString()).err)
                .contains("--out must be a directory, got the file " + file);
        assertThat(usage("sweep", "--out", "").err).contains("--out must name a directory, got ''");
        assertThat(usage("sweep", "--out", file.resolve("below").toString()).err)
                .contains("which is not a directory");
        Path json = tmp.resolve("missing/bench.jsonl");
        assertThat(usage("bench", "--steps", "1", "--json", json.toString()).err)
                .contains("--json must name a file in an existing folder, got " + json);
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void limitsOutsideTheDataAreRefusedAndNoDirectoryIsLeft() {
        Path out = tmp.resolve("limits");
        assertThat(usage("sweep", "--limit-train", "100000", "--out", out.toString()).err)
                .contains("training limit of embedded", "at most 6000", "got 100000");
        assertThat(usage("sweep", "--limit-val", "5", "--out", out.toString()).err)
                .contains("validation limit of embedded", "at least K=10", "got 5");
        assertThat(out).doesNotExist();
        assertThat(usage("sweep", "--image-size", "0", "--out", out.toString()).err)
                .contains("--image-size must be >= 1, got 0");
    }

    @Test
    void oversizedModelInputIsAUsageError() {
        assertThat(usage("models", "--model", "resnet20-v1", "--input", "3x99999x99999").err)
                .contains("input height and width must be in [8, 1024], got 99999x99999");
    }

    @Test
    void trainRefusesMoreThanOneSeed() {
        assertThat(usage("train", "--seeds", "2", "--out", tmp.resolve("t").toString()).err)
                .contains("one seed", "--seeds 2");
    }

    @Test
    void badDataFilesAreNamed() throws IOException {
        Path data = TinyData.mnist(tmp.resolve("data"), 1);
        Path images = data.resolve("mnist").resolve(TinyData.TRAIN_IMAGES);
        // Not gzip although it ends in .gz.
        Path gz = images.resolveSibling(TinyData.TRAIN_IMAGES + ".gz");
        Files.move(images, gz);
        Files.writeString(gz, "plain text");
        String[] sweep = {
            "sweep",
            "--dataset",
            "mnist",
            "--data-dir",
            data.toString(),
            "--out",
            tmp.resolve("run").toString()
        };
        assertThat(usage(sweep).err).contains(gz + " must be gzip-compressed");
        // A directory where a file should be.
        Files.delete(gz);
        Files.createDirectory(images);
        assertThat(usage(sweep).err)
                .contains("must have a file at " + images + ", got a directory");
        // Zero images.
        Files.delete(images);
        dev.labelsmooth.datasets.idx.IdxWriter.writeImages(images, 0, 28, 28, new byte[0]);
        assertThat(usage(sweep).err)
                .contains("must hold at least one image, got 0 in")
                .contains(TinyData.TRAIN_IMAGES);
        assertThat(tmp.resolve("run")).doesNotExist();
    }
}
