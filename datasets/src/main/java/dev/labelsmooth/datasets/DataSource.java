package dev.labelsmooth.datasets;

import dev.labelsmooth.core.provenance.FileDigest;
import dev.labelsmooth.datasets.images.DataFileException;
import dev.labelsmooth.datasets.images.LabeledImages;
import dev.labelsmooth.datasets.images.StratifiedSubset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A data set known by name: where its files live and how to read its two splits. */
public interface DataSource {

    /** The name used by {@code --dataset}, e.g. {@code cifar10} or {@code decathlon/dtd}. */
    String name();

    /** K. */
    int numClasses();

    /** The image shape the readers produce, {@code CxHxW}. */
    String imageShape();

    /** Whether the paper subtracts the per-pixel training mean for it. */
    boolean subtractsMean();

    /**
     * The training images of the full split as published, for estimating a cell's cost before
     * reading anything; empty where it depends on files (the Decathlon tasks).
     */
    default java.util.OptionalInt nominalTrainImages() {
        return java.util.OptionalInt.empty();
    }

    /** The files both splits need, resolved against the data directory. */
    List<Path> files(Path dataDir);

    /** Where the data is read from, for the log: a folder, or the jar for embedded data. */
    default String location(Path dataDir) {
        List<Path> files = files(dataDir);
        return files.isEmpty() ? "the jar" : files.get(0).getParent().toString();
    }

    /** The expected layout, for error messages and {@code datasets}. */
    String layout(Path dataDir);

    /**
     * What identifies the data for resumes: the path, size and SHA-256 of each file of {@link
     * #files}; an image folder gives one digest, of its {@link #manifest}.
     */
    default List<FileDigest> digests(Path dataDir) throws IOException {
        List<FileDigest> digests = new ArrayList<>();
        for (Path file : files(dataDir)) {
            digests.add(FileDigest.of(file));
        }
        return digests;
    }

    /**
     * A listing of every file read with its size and SHA-256, for data sets made of many files (an
     * image folder), else null.
     */
    default String manifest(Path dataDir) throws IOException {
        return null;
    }

    /** The required files that are absent. */
    default List<Path> missingFiles(Path dataDir) {
        return files(dataDir).stream().filter(f -> !Files.isRegularFile(f)).toList();
    }

    /**
     * Reads the training split ({@code train = true}) or the validation split, keeping a stratified
     * subset of {@code limit} images chosen with {@code seed} when {@code 0 < limit < size}.
     *
     * @throws DataFileException naming the layout if a file is missing, or a file and its problem
     */
    LabeledImages read(Path dataDir, boolean train, int limit, long seed) throws IOException;

    /** Fails with the expected layout if any file is missing or is a directory. */
    default void requireFiles(Path dataDir) throws DataFileException {
        for (Path file : files(dataDir)) {
            if (Files.isDirectory(file)) {
                throw new DataFileException(
                        "data set "
                                + name()
                                + " must have a file at "
                                + file
                                + ", got a directory; expected layout "
                                + layout(dataDir));
            }
        }
        List<Path> missing = missingFiles(dataDir);
        if (!missing.isEmpty()) {
            throw new DataFileException(
                    "data set "
                            + name()
                            + " must have its files as "
                            + layout(dataDir)
                            + "; missing: "
                            + missing);
        }
    }

    /** A stratified subset when {@code 0 < limit < size}, else {@code images} itself. */
    static LabeledImages limit(LabeledImages images, int limit, long seed) {
        if (limit <= 0 || limit == images.size()) {
            return images;
        }
        if (limit > images.size()) {
            throw new IllegalArgumentException(
                    "subset size must be at most "
                            + images.size()
                            + " (the images of the split), got "
                            + limit);
        }
        if (limit < images.numClasses()) {
            throw new IllegalArgumentException(
                    "subset size must be at least K="
                            + images.numClasses()
                            + " so that every class can be drawn, got "
                            + limit);
        }
        return images.subset(
                StratifiedSubset.indices(images.labels(), images.numClasses(), limit, seed));
    }
}
