package dev.labelsmooth.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.labelsmooth.datasets.idx.IdxWriter;
import dev.labelsmooth.datasets.images.DataFileException;
import dev.labelsmooth.datasets.images.LabeledImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCatalogTest {

    @TempDir Path dataDir;

    @Test
    void knowsEveryPaperDataSetWithItsK() {
        assertThat(DatasetCatalog.names())
                .contains(
                        "embedded",
                        "mnist",
                        "fashion-mnist",
                        "cifar10",
                        "cifar100",
                        "decathlon/aircraft",
                        "decathlon/imagenet12",
                        "decathlon/vgg-flowers")
                .hasSize(15);
        assertThat(DatasetCatalog.of("cifar100").numClasses()).isEqualTo(100);
        assertThat(DatasetCatalog.of("decathlon/gtsrb").numClasses()).isEqualTo(43);
        assertThat(DatasetCatalog.of("decathlon/svhn").imageShape()).isEqualTo("3x72x72");
        assertThat(DatasetCatalog.of("decathlon/imagenet12").subtractsMean()).isFalse();
    }

    @Test
    void rejectsUnknownNameListingTheKnownOnes() {
        assertThatThrownBy(() -> DatasetCatalog.of("imagenet"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dataset must be one of embedded, mnist, fashion-mnist")
                .hasMessageEndingWith("got 'imagenet'");
        assertThatThrownBy(() -> DatasetCatalog.of("decathlon/mnist"))
                .hasMessageContaining("got 'decathlon/mnist'");
    }

    @Test
    void missingFilesFailAtOnceWithTheLayout() {
        DataSource cifar = DatasetCatalog.of("cifar10");
        assertThat(cifar.missingFiles(dataDir)).hasSize(6);
        assertThatThrownBy(() -> cifar.read(dataDir, true, 0, 1))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(
                        "data set cifar10 must have its files as "
                                + dataDir.resolve("cifar10/cifar-10-batches-bin"))
                .hasMessageContaining("data_batch_1.bin")
                .hasMessageContaining("missing: [");
    }

    @Test
    void readsMnistFromItsFolderWithAStratifiedLimit() throws IOException {
        Path dir = Files.createDirectories(dataDir.resolve("mnist"));
        int n = 40;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        for (String split : new String[] {"train", "t10k"}) {
            IdxWriter.writeImages(
                    dir.resolve(split + "-images-idx3-ubyte.gz"), n, 28, 28, new byte[n * 784]);
            IdxWriter.writeLabels(dir.resolve(split + "-labels-idx1-ubyte.gz"), labels);
        }
        DataSource mnist = DatasetCatalog.of("mnist");
        assertThat(mnist.missingFiles(dataDir)).isEmpty();
        LabeledImages limited = mnist.read(dataDir, true, 20, 3);
        assertThat(limited.size()).isEqualTo(20);
        assertThat(limited.classCounts()).containsOnly(2);
    }

    @Test
    void dataDirComesFromEnvironmentOrHome() {
        assertThat(DatasetCatalog.defaultDataDir(Map.of("LABELSMOOTH_DATA", "/data/ls")))
                .isEqualTo(Paths.get("/data/ls"));
        assertThat(DatasetCatalog.defaultDataDir(Map.of()))
                .isEqualTo(Paths.get(System.getProperty("user.home"), ".labelsmooth", "data"));
    }

    /** Integration: Debian's full Fashion-MNIST, which .ci/run installs. */
    @Test
    void findsDebianFashionMnistWithFullSplitsAndBalancedClasses() throws IOException {
        assumeTrue(
                Files.isDirectory(DatasetCatalog.DEBIAN_FASHION_MNIST),
                "needs Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist)");
        DataSource fashion = DatasetCatalog.of("fashion-mnist");
        assertThat(fashion.missingFiles(dataDir)).isEmpty();
        assertThat(fashion.files(dataDir).get(0)).startsWith(DatasetCatalog.DEBIAN_FASHION_MNIST);
        LabeledImages train = fashion.read(dataDir, true, 0, 0);
        LabeledImages test = fashion.read(dataDir, false, 0, 0);
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(train.classCounts()).containsOnly(6000);
        assertThat(test.classCounts()).containsOnly(1000);
    }
}
