package dev.labelsmooth.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.training.StopRequest;
import dev.labelsmooth.core.training.TrainingRecipe;
import dev.labelsmooth.core.training.TrainingStoppedException;
import dev.labelsmooth.datasets.embedded.EmbeddedFashionMnist;
import dev.labelsmooth.datasets.folder.ImageFolderWriter;
import dev.labelsmooth.experiment.runner.SweepListener;
import dev.labelsmooth.experiment.store.ResultRow;
import dev.labelsmooth.experiment.sweep.Cell;
import dev.labelsmooth.experiment.sweep.SmoothingGrid;
import dev.labelsmooth.experiment.sweep.SweepConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep on a folder of real Fashion-MNIST images written as PNG files. */
class ImageFolderSweepTest {

    @TempDir Path tmp;

    @Test
    @Tag("slow")
    void aSweepOnAnImageFolderTrainsAboveChanceResumesAndRefusesChangedImages() throws IOException {
        Path folder = tmp.resolve("fashion");
        ImageFolderWriter.write(
                EmbeddedFashionMnist.read(true).subset(IntStream.range(0, 1500).toArray()),
                folder.resolve("train"),
                "png");
        ImageFolderWriter.write(
                EmbeddedFashionMnist.read(false).subset(IntStream.range(0, 400).toArray()),
                folder.resolve("test"),
                "png");
        String name = "folder:" + folder;
        SweepConfig config =
                SweepConfig.builder()
                        .optDatasets(List.of(name))
                        .optGrid(SmoothingGrid.gammas(List.of(1.0)))
                        .optEpochs(3)
                        .optBatchSize(50)
                        .optHoldout(200)
                        .optImageSize(28)
                        .optRecipe(
                                TrainingRecipe.paper().toBuilder()
                                        .optBatchNormMomentum(0.9f)
                                        .build())
                        .optDevice("cpu")
                        .build();
        Path out = tmp.resolve("run");
        StopRequest stop = new StopRequest();
        SweepListener stopsInEpochTwo =
                new SweepListener() {
                    @Override
                    public void batchFinished(
                            Cell cell, int epoch, int batch, int batches, double loss) {
                        if (epoch == 2 && batch == 5) {
                            stop.request("a test");
                        }
                    }
                };
        assertThatThrownBy(
                        () ->
                                Experiments.sweep(
                                        SweepRequest.builder(config)
                                                .optRunDirectory(out)
                                                .optListener(stopsInEpochTwo)
                                                .optStopRequest(stop)
                                                .build()))
                .isInstanceOf(TrainingStoppedException.class);

        SweepResult resumed =
                Experiments.sweep(SweepRequest.builder(config).optRunDirectory(out).build());
        assertThat(resumed.trainedNow()).isEqualTo(1);
        ResultRow row = resumed.results().get(0);
        assertThat(row.dataset()).isEqualTo(name);
        assertThat(row.bestValAcc()).as("10 classes, chance is 10%").isGreaterThan(50);
        assertThat(Files.readAllLines(out.resolve("epochs.csv"))).hasSize(4);

        String provenance = Files.readString(out.resolve("provenance.json"));
        assertThat(provenance).contains(folder.resolve("manifest.tsv").toString());
        assertThat(provenance).contains("\"imageShape\": \"1x28x28\"");
        Path manifest =
                out.resolve("data-manifests")
                        .resolve(name.replaceAll("[^A-Za-z0-9._-]+", "_") + ".tsv");
        assertThat(Files.readAllLines(manifest)).hasSize(1900);

        Path victim;
        try (var files = Files.list(folder.resolve("train/Sandal"))) {
            victim = files.sorted().findFirst().orElseThrow();
        }
        BufferedImage image = ImageIO.read(victim.toFile());
        image.getRaster().setSample(3, 3, 0, 255 - image.getRaster().getSample(3, 3, 0));
        ImageIO.write(image, "png", victim.toFile());
        assertThatThrownBy(
                        () ->
                                Experiments.sweep(
                                        SweepRequest.builder(config).optRunDirectory(out).build()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(
                        "data set "
                                + name
                                + " must be the data the run in "
                                + out
                                + " was trained on, got the image train/Sandal/"
                                + victim.getFileName()
                                + " changed (");
    }
}
