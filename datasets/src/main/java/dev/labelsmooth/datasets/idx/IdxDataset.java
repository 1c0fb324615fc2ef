package dev.labelsmooth.datasets.idx;

import dev.labelsmooth.datasets.images.DataFileException;
import dev.labelsmooth.datasets.images.LabeledImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An IDX data set: the four files of MNIST or Fashion-MNIST in one directory, each plain or {@code
 * .gz}. The two differ only in name and class names.
 *
 * @param name the name used by {@code --dataset}
 * @param classNames the K class names
 */
public record IdxDataset(String name, List<String> classNames) {

    public static final IdxDataset MNIST =
            new IdxDataset("mnist", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));

    public static final IdxDataset FASHION_MNIST =
            new IdxDataset(
                    "fashion-mnist",
                    List.of(
                            "T-shirt/top",
                            "Trouser",
                            "Pullover",
                            "Dress",
                            "Coat",
                            "Sandal",
                            "Shirt",
                            "Sneaker",
                            "Bag",
                            "Ankle boot"));

    /** The file base names of a split: images then labels. */
    public static List<String> fileNames(boolean train) {
        String prefix = train ? "train" : "t10k";
        return List.of(prefix + "-images-idx3-ubyte", prefix + "-labels-idx1-ubyte");
    }

    /**
     * The files this data set needs in {@code dir}, each as found (plain or .gz) or as expected.
     */
    public List<Path> files(Path dir) {
        List<Path> files = new ArrayList<>();
        for (boolean train : new boolean[] {true, false}) {
            for (String base : fileNames(train)) {
                files.add(resolve(dir, base));
            }
        }
        return files;
    }

    /** Reads the training ({@code train-*}) or test ({@code t10k-*}) split from {@code dir}. */
    public LabeledImages read(Path dir, boolean train) throws IOException {
        List<String> names = fileNames(train);
        Path imagesFile = resolve(dir, names.get(0));
        Path labelsFile = resolve(dir, names.get(1));
        IdxReader.Images images = IdxReader.readImages(imagesFile);
        int[] labels = IdxReader.readLabels(labelsFile, classNames.size());
        return pair(images, imagesFile.toString(), labels, labelsFile.toString());
    }

    /** Pairs images with their labels, which must be as many; the names are for the error. */
    public LabeledImages pair(
            IdxReader.Images images, String imagesFile, int[] labels, String labelsFile)
            throws DataFileException {
        if (labels.length != images.count()) {
            throw new DataFileException(
                    "label count must equal the image count "
                            + images.count()
                            + " of "
                            + imagesFile
                            + ", got "
                            + labels.length
                            + " in "
                            + labelsFile);
        }
        return new LabeledImages(
                images.pixels(), labels, 1, images.rows(), images.cols(), classNames);
    }

    /**
     * {@code dir/base} if it exists, else {@code dir/base.gz} if that exists, else {@code
     * dir/base}.
     */
    static Path resolve(Path dir, String base) {
        Path plain = dir.resolve(base);
        Path gz = dir.resolve(base + ".gz");
        return !Files.exists(plain) && Files.exists(gz) ? gz : plain;
    }
}
