package dev.labelsmooth.datasets.cifar;

import dev.labelsmooth.datasets.images.DataFileException;
import dev.labelsmooth.datasets.images.LabeledImages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * CIFAR-10 or CIFAR-100 in the "binary version" layout: fixed-size records of label byte(s) and a
 * 32x32 RGB image stored plane by plane (already channel-first).
 *
 * <ul>
 *   <li>CIFAR-10: {@code cifar-10-batches-bin/data_batch_{1..5}.bin} and {@code test_batch.bin},
 *       records of 1 label byte + 3072 pixel bytes; class names from {@code batches.meta.txt}.
 *   <li>CIFAR-100: {@code cifar-100-binary/train.bin} and {@code test.bin}, records of a coarse and
 *       a fine label byte + 3072 pixel bytes; the fine label is used; names from {@code
 *       fine_label_names.txt}.
 * </ul>
 *
 * @param name {@code cifar10} or {@code cifar100}
 * @param folder the folder inside the data set directory
 * @param trainFiles the training files in that folder
 * @param testFiles the test files in that folder
 * @param labelBytes label bytes before each image (1 or 2)
 * @param numClasses K
 * @param namesFile the file listing class names, one per line
 */
public record CifarDataset(
        String name,
        String folder,
        List<String> trainFiles,
        List<String> testFiles,
        int labelBytes,
        int numClasses,
        String namesFile) {

    /** Bytes of one 3x32x32 image. */
    public static final int IMAGE_BYTES = 3 * 32 * 32;

    public static final CifarDataset CIFAR10 =
            new CifarDataset(
                    "cifar10",
                    "cifar-10-batches-bin",
                    IntStream.rangeClosed(1, 5).mapToObj(i -> "data_batch_" + i + ".bin").toList(),
                    List.of("test_batch.bin"),
                    1,
                    10,
                    "batches.meta.txt");

    public static final CifarDataset CIFAR100 =
            new CifarDataset(
                    "cifar100",
                    "cifar-100-binary",
                    List.of("train.bin"),
                    List.of("test.bin"),
                    2,
                    100,
                    "fine_label_names.txt");

    private static final List<String> CIFAR10_NAMES =
            List.of(
                    "airplane",
                    "automobile",
                    "bird",
                    "cat",
                    "deer",
                    "dog",
                    "frog",
                    "horse",
                    "ship",
                    "truck");

    /** The data files of both splits under {@code dir}. */
    public List<Path> files(Path dir) {
        List<Path> files = new ArrayList<>();
        trainFiles.forEach(f -> files.add(dir.resolve(folder).resolve(f)));
        testFiles.forEach(f -> files.add(dir.resolve(folder).resolve(f)));
        return files;
    }

    /** Reads the training or test split from {@code dir}. */
    public LabeledImages read(Path dir, boolean train) throws IOException {
        Path base = dir.resolve(folder);
        List<String> names = train ? trainFiles : testFiles;
        int recordBytes = labelBytes + IMAGE_BYTES;
        long total = 0;
        for (String f : names) {
            Path file = base.resolve(f);
            long size = Files.size(file);
            if (size == 0 || size % recordBytes != 0) {
                throw new DataFileException(
                        "CIFAR file size must be a positive multiple of the "
                                + recordBytes
                                + "-byte record, got "
                                + size
                                + " bytes in "
                                + file);
            }
            total += size / recordBytes;
        }
        int count = Math.toIntExact(total);
        byte[] pixels = new byte[count * IMAGE_BYTES];
        int[] labels = new int[count];
        byte[] record = new byte[recordBytes];
        int next = 0;
        for (String f : names) {
            Path file = base.resolve(f);
            try (InputStream in =
                    new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                int inFile = 0;
                while (in.readNBytes(record, 0, recordBytes) == recordBytes) {
                    int label = record[labelBytes - 1] & 0xFF;
                    if (label >= numClasses) {
                        throw new DataFileException(
                                "label of record "
                                        + inFile
                                        + " must be in [0, "
                                        + numClasses
                                        + "), got "
                                        + label
                                        + " in "
                                        + file);
                    }
                    labels[next] = label;
                    System.arraycopy(record, labelBytes, pixels, next * IMAGE_BYTES, IMAGE_BYTES);
                    next++;
                    inFile++;
                }
            }
        }
        if (next != count) {
            throw new DataFileException("CIFAR files changed while reading under " + base);
        }
        return new LabeledImages(pixels, labels, 3, 32, 32, classNames(base));
    }

    private List<String> classNames(Path base) throws IOException {
        Path file = base.resolve(namesFile);
        if (Files.isRegularFile(file)) {
            List<String> names =
                    Files.readAllLines(file).stream()
                            .map(String::strip)
                            .filter(s -> !s.isEmpty())
                            .toList();
            if (names.size() == numClasses) {
                return names;
            }
        }
        if (numClasses == 10) {
            return CIFAR10_NAMES;
        }
        return IntStream.range(0, numClasses).mapToObj(i -> "class " + i).toList();
    }
}
