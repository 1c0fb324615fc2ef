package dev.labelsmooth.datasets.embedded;

import dev.labelsmooth.datasets.idx.IdxDataset;
import dev.labelsmooth.datasets.idx.IdxReader;
import dev.labelsmooth.datasets.images.DataFileException;
import dev.labelsmooth.datasets.images.LabeledImages;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A stratified subset of Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017; Zalando SE, MIT licence):
 * 600 training images per class from {@code train-*} and 100 test images per class from {@code
 * t10k-*}, drawn with seed {@value #SEED} by {@code StratifiedSubset} from Debian's {@code
 * dataset-fashion-mnist}. The files are IDX, gzip-compressed, next to this class; see {@code
 * NOTICE} there for the licence and how they were made.
 */
public final class EmbeddedFashionMnist {

    /** The seed the subset was drawn with. */
    public static final long SEED = 20261127L;

    /** Images per split. */
    public static final int TRAIN_SIZE = 6000;

    public static final int TEST_SIZE = 1000;

    private EmbeddedFashionMnist() {}

    /** Reads the training or test part. */
    public static LabeledImages read(boolean train) throws IOException {
        List<String> names = IdxDataset.fileNames(train);
        String imagesFile = names.get(0) + ".gz";
        String labelsFile = names.get(1) + ".gz";
        IdxDataset fashion = IdxDataset.FASHION_MNIST;
        IdxReader.Images images = IdxReader.readImages(open(imagesFile), "embedded " + imagesFile);
        int[] labels =
                IdxReader.readLabels(
                        open(labelsFile), "embedded " + labelsFile, fashion.classNames().size());
        return fashion.pair(images, "embedded " + imagesFile, labels, "embedded " + labelsFile);
    }

    private static InputStream open(String name) throws DataFileException {
        InputStream in = EmbeddedFashionMnist.class.getResourceAsStream(name);
        if (in == null) {
            throw new DataFileException(
                    "embedded resource "
                            + name
                            + " must be in the labelsmooth-datasets jar, got nothing");
        }
        return in;
    }
}
