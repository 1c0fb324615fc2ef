package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labelsmooth.datasets.embedded.EmbeddedFashionMnist;
import dev.labelsmooth.datasets.folder.ImageFolderWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DatasetsCommandTest {

    @TempDir Path dataDir;

    @Test
    void listsEveryDataSetWithKAndWhatIsMissing() throws IOException {
        Path cifar = Files.createDirectories(dataDir.resolve("cifar100/cifar-100-binary"));
        Files.write(cifar.resolve("train.bin"), new byte[3074]);
        Files.write(cifar.resolve("test.bin"), new byte[3074]);
        StringWriter out = new StringWriter();
        CommandLine cli = Main.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("datasets", "--data-dir", dataDir.toString()))
                .isEqualTo(ExitCodes.OK);
        String text = out.toString();
        assertThat(text).contains("data directory: " + dataDir);
        assertThat(text).containsPattern("embedded +10  1x28x28 +present");
        assertThat(text).containsPattern("cifar100 +100  3x32x32 +present in .*cifar-100-binary");
        assertThat(text)
                .containsPattern(
                        "cifar10 +10  3x32x32 +missing; expected"
                                + " .*cifar-10-batches-bin/\\{data_batch_1.bin");
        assertThat(text)
                .containsPattern(
                        "decathlon/omniglot +1623  3x72x72 +missing; expected"
                                + " .*omniglot_\\{train,val}.json");
    }

    @Test
    void aFolderIsCheckedAndItsClassesCountedOrRefusedNamingWhatIsWrong() throws IOException {
        Path folder = dataDir.resolve("pets");
        ImageFolderWriter.write(
                EmbeddedFashionMnist.read(false).subset(IntStream.range(0, 60).toArray()),
                folder,
                "png");
        Files.writeString(folder.resolve("README.md"), "about the pets");
        CliRun run = CliRun.of("datasets", "--dataset", "folder:" + folder, "--image-size", "32");
        assertThat(run.exitCode).as(run.err).isEqualTo(ExitCodes.OK);
        assertThat(run.out)
                .contains("layout: <class>/ (the test split is a stratified 20% of each class")
                .contains("K=10, images 1x32x32 (every image is grey)")
                .containsPattern("0 +Ankle boot +\\d+")
                .contains(
                        "ignored (beside the class folders): 1 files, e.g. "
                                + folder.resolve("README.md"));

        Files.createDirectories(folder.resolve("Bag/nested"));
        CliRun nested = CliRun.of("datasets", "--dataset", "folder:" + folder);
        assertThat(nested.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(nested.err)
                .contains(
                        "class folder "
                                + folder.resolve("Bag")
                                + " must hold image files only, got the folder "
                                + folder.resolve("Bag/nested"));
        CliRun missing = CliRun.of("datasets", "--dataset", "folder:" + dataDir.resolve("none"));
        assertThat(missing.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err)
                .contains("image folder " + dataDir.resolve("none") + " does not exist");
        CliRun sweep =
                CliRun.of(
                        "sweep",
                        "--dataset",
                        "folder:" + dataDir.resolve("none"),
                        "--out",
                        dataDir.resolve("run").toString());
        assertThat(sweep.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(sweep.err)
                .contains("image folder " + dataDir.resolve("none") + " does not exist");
        assertThat(dataDir.resolve("run")).doesNotExist();
    }

    @Test
    void aModelThatCannotTakeTheDataSetsImagesStopsTheSweepBeforeTraining() {
        Path out = dataDir.resolve("vgg");
        CliRun run = CliRun.of("sweep", "--model", "zoo-vgg11", "--out", out.toString());
        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err)
                .contains(
                        "data set embedded: model zoo-vgg11 takes images of at least 32x32"
                                + " pixels, got 1x28x28");
        CliRun plan = CliRun.of("sweep", "--model", "zoo-vgg11", "--plan", "--out", out.toString());
        assertThat(plan.exitCode).isEqualTo(ExitCodes.USAGE);
        CliRun bench = CliRun.of("bench", "--model", "zoo-alexnet", "--input", "3x32x32");
        assertThat(bench.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(bench.err).contains("takes images of at least 67x67 pixels");
    }
}
