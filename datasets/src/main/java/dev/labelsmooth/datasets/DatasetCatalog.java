package dev.labelsmooth.datasets;

import dev.labelsmooth.core.provenance.FileDigest;
import dev.labelsmooth.datasets.cifar.CifarDataset;
import dev.labelsmooth.datasets.decathlon.DecathlonDataset;
import dev.labelsmooth.datasets.decathlon.DecathlonTask;
import dev.labelsmooth.datasets.embedded.EmbeddedFashionMnist;
import dev.labelsmooth.datasets.folder.ImageFolder;
import dev.labelsmooth.datasets.idx.IdxDataset;
import dev.labelsmooth.datasets.images.DataFileException;
import dev.labelsmooth.datasets.images.LabeledImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every data set name {@code --dataset} accepts, and where their files are looked for: {@code
 * <data-dir>/<name>/} (Decathlon tasks share {@code <data-dir>/decathlon/}). The data directory
 * defaults to {@code $LABELSMOOTH_DATA}, else {@code ~/.labelsmooth/data}. Fashion-MNIST is also
 * found where Debian's {@code dataset-fashion-mnist} puts it.
 */
public final class DatasetCatalog {

    /** Where Debian's {@code dataset-fashion-mnist} package installs the data. */
    public static final Path DEBIAN_FASHION_MNIST = Paths.get("/usr/share/datasets/fashion-mnist");

    private DatasetCatalog() {}

    /** The default data directory: {@code $LABELSMOOTH_DATA} or {@code ~/.labelsmooth/data}. */
    public static Path defaultDataDir() {
        return defaultDataDir(System.getenv());
    }

    static Path defaultDataDir(Map<String, String> env) {
        String fromEnv = env.get("LABELSMOOTH_DATA");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Paths.get(fromEnv);
        }
        return Paths.get(System.getProperty("user.home"), ".labelsmooth", "data");
    }

    /** The prefix of an image folder's name, {@code folder:PATH}. */
    public static final String FOLDER_PREFIX = "folder:";

    /** Every name, Decathlon tasks included ({@code folder:PATH} names any image folder). */
    public static List<String> names() {
        List<String> names =
                new ArrayList<>(
                        List.of("embedded", "mnist", "fashion-mnist", "cifar10", "cifar100"));
        Arrays.stream(DecathlonTask.values()).forEach(t -> names.add("decathlon/" + t.id()));
        return names;
    }

    /** The data set with this name, Decathlon images at their default 72x72. */
    public static DataSource of(String name) {
        return of(name, DecathlonDataset.DEFAULT_IMAGE_SIZE);
    }

    /**
     * The data set with this name; {@code decathlonImageSize} sets the side of Decathlon images.
     */
    public static DataSource of(String name, int decathlonImageSize) {
        return switch (name) {
            case "embedded" -> new Embedded();
            case "mnist" -> new Idx(IdxDataset.MNIST, null);
            case "fashion-mnist" -> new Idx(IdxDataset.FASHION_MNIST, DEBIAN_FASHION_MNIST);
            case "cifar10" -> new Cifar(CifarDataset.CIFAR10);
            case "cifar100" -> new Cifar(CifarDataset.CIFAR100);
            default -> {
                if (name.startsWith(FOLDER_PREFIX)) {
                    String path = name.substring(FOLDER_PREFIX.length());
                    if (path.isBlank()) {
                        throw new IllegalArgumentException(
                                "dataset folder:PATH must name a folder, got '" + name + "'");
                    }
                    yield new Folder(
                            name,
                            new ImageFolder(
                                    Paths.get(path),
                                    decathlonImageSize,
                                    Runtime.getRuntime().availableProcessors()));
                }
                if (name.startsWith("decathlon/")) {
                    try {
                        DecathlonTask task =
                                DecathlonTask.of(name.substring("decathlon/".length()));
                        yield new Decathlon(new DecathlonDataset(task, decathlonImageSize));
                    } catch (IllegalArgumentException e) {
                        // fall through to the full list of names
                    }
                }
                throw new IllegalArgumentException(
                        "dataset must be one of "
                                + String.join(", ", names())
                                + " or folder:PATH, got '"
                                + name
                                + "'");
            }
        };
    }

    private record Embedded() implements DataSource {
        public String name() {
            return "embedded";
        }

        public int numClasses() {
            return 10;
        }

        public java.util.OptionalInt nominalTrainImages() {
            return java.util.OptionalInt.of(6_000);
        }

        @Override
        public String imageShape() {
            return "1x28x28";
        }

        public boolean subtractsMean() {
            return true;
        }

        public List<Path> files(Path dataDir) {
            return List.of();
        }

        public String layout(Path dataDir) {
            return "a Fashion-MNIST subset inside the labelsmooth-datasets jar";
        }

        public LabeledImages read(Path dataDir, boolean train, int limit, long seed)
                throws IOException {
            return DataSource.limit(EmbeddedFashionMnist.read(train), limit, seed);
        }
    }

    private record Idx(IdxDataset dataset, Path fallback) implements DataSource {
        public String name() {
            return dataset.name();
        }

        public int numClasses() {
            return dataset.classNames().size();
        }

        public java.util.OptionalInt nominalTrainImages() {
            return java.util.OptionalInt.of(60_000);
        }

        @Override
        public String imageShape() {
            return "1x28x28";
        }

        public boolean subtractsMean() {
            return true;
        }

        Path directory(Path dataDir) {
            Path own = dataDir.resolve(dataset.name());
            if (fallback != null
                    && dataset.files(own).stream().noneMatch(Files::isRegularFile)
                    && dataset.files(fallback).stream().allMatch(Files::isRegularFile)) {
                return fallback;
            }
            return own;
        }

        public List<Path> files(Path dataDir) {
            return dataset.files(directory(dataDir));
        }

        public String layout(Path dataDir) {
            String where =
                    dataDir.resolve(dataset.name())
                            + "/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]";
            return fallback == null
                    ? where
                    : where
                            + " (or under "
                            + fallback
                            + ", Debian's dataset-"
                            + dataset.name()
                            + ")";
        }

        public LabeledImages read(Path dataDir, boolean train, int limit, long seed)
                throws IOException {
            requireFiles(dataDir);
            return DataSource.limit(dataset.read(directory(dataDir), train), limit, seed);
        }
    }

    private record Cifar(CifarDataset dataset) implements DataSource {
        public String name() {
            return dataset.name();
        }

        public int numClasses() {
            return dataset.numClasses();
        }

        public java.util.OptionalInt nominalTrainImages() {
            return java.util.OptionalInt.of(50_000);
        }

        @Override
        public String imageShape() {
            return "3x32x32";
        }

        public boolean subtractsMean() {
            return true;
        }

        public List<Path> files(Path dataDir) {
            return dataset.files(dataDir.resolve(dataset.name()));
        }

        public String layout(Path dataDir) {
            Path base = dataDir.resolve(dataset.name()).resolve(dataset.folder());
            return base
                    + "/{"
                    + String.join(",", dataset.trainFiles())
                    + ","
                    + String.join(",", dataset.testFiles())
                    + "}";
        }

        public LabeledImages read(Path dataDir, boolean train, int limit, long seed)
                throws IOException {
            requireFiles(dataDir);
            return DataSource.limit(
                    dataset.read(dataDir.resolve(dataset.name()), train), limit, seed);
        }
    }

    private record Decathlon(DecathlonDataset dataset) implements DataSource {
        public String name() {
            return "decathlon/" + dataset.task().id();
        }

        public int numClasses() {
            return dataset.task().numClasses();
        }

        public String imageShape() {
            return "3x" + dataset.imageSize() + "x" + dataset.imageSize();
        }

        public boolean subtractsMean() {
            return dataset.task().subtractsMean();
        }

        public List<Path> files(Path dataDir) {
            Path root = dataDir.resolve("decathlon");
            return List.of(dataset.annotations(root, true), dataset.annotations(root, false));
        }

        public String layout(Path dataDir) {
            Path root = dataDir.resolve("decathlon");
            return root
                    + "/annotations/"
                    + dataset.task().id()
                    + "_{train,val}.json plus the images they name under "
                    + root;
        }

        public LabeledImages read(Path dataDir, boolean train, int limit, long seed)
                throws IOException {
            requireFiles(dataDir);
            return dataset.read(dataDir.resolve("decathlon"), train, limit, seed);
        }
    }

    private record Folder(String name, ImageFolder folder) implements DataSource {

        public int numClasses() {
            try {
                return folder.numClasses();
            } catch (DataFileException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        public java.util.OptionalInt nominalTrainImages() {
            try {
                ImageFolder.Listing listing = folder.list();
                int n = listing.train().size();
                return java.util.OptionalInt.of(
                        listing.split()
                                ? n
                                : n - (int) Math.round(n * ImageFolder.CARVED_TEST_SHARE));
            } catch (DataFileException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        @Override
        public String imageShape() {
            try {
                return folder.channels() + "x" + folder.imageSize() + "x" + folder.imageSize();
            } catch (DataFileException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        public boolean subtractsMean() {
            return true;
        }

        public List<Path> files(Path dataDir) {
            return List.of();
        }

        @Override
        public String location(Path dataDir) {
            return folder.root().toString();
        }

        @Override
        public void requireFiles(Path dataDir) throws DataFileException {
            folder.list();
        }

        @Override
        public List<FileDigest> digests(Path dataDir) throws IOException {
            String manifest = folder.manifest();
            long bytes = manifest.lines().mapToLong(l -> Long.parseLong(l.split("\t")[1])).sum();
            return List.of(
                    new FileDigest(
                            folder.root().resolve("manifest.tsv").toString(),
                            bytes,
                            FileDigest.sha256Hex(
                                    manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        }

        @Override
        public String manifest(Path dataDir) throws IOException {
            return folder.manifest();
        }

        public String layout(Path dataDir) {
            Path root = folder.root();
            return root
                    + "/train/<class>/<image> and "
                    + root
                    + "/test/<class>/<image>, or "
                    + root
                    + "/<class>/<image> (a stratified fifth carved as the test split)";
        }

        public LabeledImages read(Path dataDir, boolean train, int limit, long seed)
                throws IOException {
            return folder.read(train, limit, seed);
        }
    }
}
