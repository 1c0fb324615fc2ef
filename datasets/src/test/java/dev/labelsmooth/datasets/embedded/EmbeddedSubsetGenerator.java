package dev.labelsmooth.datasets.embedded;

import dev.labelsmooth.datasets.idx.IdxDataset;
import dev.labelsmooth.datasets.idx.IdxWriter;
import dev.labelsmooth.datasets.images.LabeledImages;
import dev.labelsmooth.datasets.images.StratifiedSubset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Regenerates the embedded subset from a full Fashion-MNIST directory:
 *
 * <pre>
 * mvn -B -q -pl datasets test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.labelsmooth.datasets.embedded.EmbeddedSubsetGenerator \
 *   -Dexec.args="/usr/share/datasets/fashion-mnist datasets/src/main/resources/dev/labelsmooth/datasets/embedded"
 * </pre>
 */
public final class EmbeddedSubsetGenerator {

    private EmbeddedSubsetGenerator() {}

    public static void main(String[] args) throws IOException {
        Path source = Paths.get(args[0]);
        Path target = Paths.get(args[1]);
        Files.createDirectories(target);
        write(source, target, true, EmbeddedFashionMnist.TRAIN_SIZE);
        write(source, target, false, EmbeddedFashionMnist.TEST_SIZE);
    }

    private static void write(Path source, Path target, boolean train, int size)
            throws IOException {
        LabeledImages all = IdxDataset.FASHION_MNIST.read(source, train);
        LabeledImages subset =
                all.subset(
                        StratifiedSubset.indices(
                                all.labels(), all.numClasses(), size, EmbeddedFashionMnist.SEED));
        List<String> names = IdxDataset.fileNames(train);
        IdxWriter.writeImages(
                target.resolve(names.get(0) + ".gz"),
                subset.size(),
                subset.height(),
                subset.width(),
                subset.pixels());
        IdxWriter.writeLabels(target.resolve(names.get(1) + ".gz"), subset.labels());
    }
}
