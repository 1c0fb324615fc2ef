package dev.labelsmooth.datasets.folder;

import static dev.labelsmooth.core.Checks.require;

import dev.labelsmooth.core.provenance.FileDigest;
import dev.labelsmooth.datasets.images.DataFileException;
import dev.labelsmooth.datasets.images.ImageDecoder;
import dev.labelsmooth.datasets.images.LabeledImages;
import dev.labelsmooth.datasets.images.StratifiedSubset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A data set laid out as folders of images, the convention of DJL's {@code ImageFolder} and
 * torchvision's {@code ImageFolder}: {@code root/train/<class>/<image>} and {@code
 * root/test/<class>/<image>}, or {@code root/<class>/<image>} with a stratified, seeded fifth of
 * every class carved out as the test split.
 *
 * <p>Classes are the sorted names of the class folders (labels 0..K-1 in that order) and must be
 * the same in both splits. Every visible file in a class folder must be an image Java's ImageIO
 * decodes (PNG, JPEG, BMP, GIF; any size, grey or colour): a file that is not one or is cut short
 * is an error naming it, never skipped. Hidden files and folders (names starting with a dot) are
 * ignored, as are files beside the class folders (a README). Images are resized so the shorter side
 * is {@code imageSize} (bilinear) and center-cropped to a square, as Visual Decathlon images are;
 * if every image of the data set is grey (grey PNG or JPEG, grey palette) it has one channel, else
 * three (grey images repeat their levels). Decoding runs on {@code threads} threads.
 *
 * @param root the folder
 * @param imageSize the side of the square images produced
 * @param threads decoding and hashing threads
 */
public record ImageFolder(Path root, int imageSize, int threads) {

    /** The share of each class carved out as the test split when there is no train/test level. */
    public static final double CARVED_TEST_SHARE = 0.2;

    /** Whether every image is grey, from the headers, by the folder's {@link #signature}. */
    private static final Map<String, Boolean> ALL_GRAY = new ConcurrentHashMap<>();

    /**
     * Manifests computed in this process, by a hash of every file's path, size and modification
     * time: a changed file is hashed again, an unchanged folder is not hashed twice.
     */
    private static final Map<String, String> MANIFESTS = new ConcurrentHashMap<>();

    /** Checks the size and threads and makes the root absolute. */
    public ImageFolder {
        require(imageSize >= 8 && imageSize <= 1024, "image size", "in [8, 1024]", imageSize);
        require(threads >= 1, "decoding threads", ">= 1", threads);
        root = root.toAbsolutePath().normalize();
    }

    /**
     * One image file and its label.
     *
     * @param file the file
     * @param label the index of its class folder
     */
    public record Item(Path file, int label) {}

    /**
     * What the folder holds.
     *
     * @param classes the class names, sorted
     * @param train the training images (all images when the test split is carved)
     * @param test the test images, or null when the test split is carved from {@code train}
     * @param ignored visible files beside the class folders, not read
     */
    public record Listing(
            List<String> classes, List<Item> train, List<Item> test, List<Path> ignored) {

        /** Whether the folder has train and test levels. */
        public boolean split() {
            return test != null;
        }

        /** Every image of both splits. */
        public List<Item> all() {
            if (test == null) {
                return train;
            }
            List<Item> all = new ArrayList<>(train);
            all.addAll(test);
            return all;
        }
    }

    /**
     * Lists and checks the folder without decoding anything.
     *
     * @throws DataFileException naming the folder or file that breaks the layout
     */
    public Listing list() throws DataFileException {
        if (!Files.exists(root)) {
            throw new DataFileException("image folder " + root + " does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new DataFileException("image folder must be a folder, got a file at " + root);
        }
        List<Path> ignored = new ArrayList<>();
        List<Path> top = visible(root, ignored);
        boolean hasTrain = top.stream().anyMatch(p -> name(p).equals("train"));
        boolean hasTest = top.stream().anyMatch(p -> name(p).equals("test"));
        if (hasTrain != hasTest) {
            throw new DataFileException(
                    "image folder "
                            + root
                            + " has a "
                            + (hasTrain ? "train" : "test")
                            + " folder but no "
                            + (hasTrain ? "test" : "train")
                            + " folder; use root/train/<class>/ and root/test/<class>/, or"
                            + " root/<class>/ alone to carve the test split");
        }
        if (!hasTrain) {
            List<String> classes = classes(root, top);
            return new Listing(classes, items(root, top, classes), null, List.copyOf(ignored));
        }
        Path trainDir = root.resolve("train");
        Path testDir = root.resolve("test");
        List<Path> trainFolders = visible(trainDir, ignored);
        List<Path> testFolders = visible(testDir, ignored);
        List<String> classes = classes(trainDir, trainFolders);
        List<String> testClasses = classes(testDir, testFolders);
        if (!classes.equals(testClasses)) {
            Set<String> onlyTrain = new TreeSet<>(classes);
            onlyTrain.removeAll(testClasses);
            Set<String> onlyTest = new TreeSet<>(testClasses);
            onlyTest.removeAll(classes);
            throw new DataFileException(
                    "image folder "
                            + root
                            + " must have the same class folders in train and test, got "
                            + (onlyTrain.isEmpty() ? "" : onlyTrain + " only in " + trainDir)
                            + (onlyTrain.isEmpty() || onlyTest.isEmpty() ? "" : " and ")
                            + (onlyTest.isEmpty() ? "" : onlyTest + " only in " + testDir));
        }
        return new Listing(
                classes,
                items(trainDir, trainFolders, classes),
                items(testDir, testFolders, classes),
                List.copyOf(ignored));
    }

    /** Visible entries of {@code dir}; visible regular files are added to {@code files}. */
    private static List<Path> visible(Path dir, List<Path> files) throws DataFileException {
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> folders = new ArrayList<>();
            for (Path p : entries.sorted().toList()) {
                if (name(p).startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    folders.add(p);
                } else {
                    files.add(p);
                }
            }
            return folders;
        } catch (IOException e) {
            throw new DataFileException("image folder " + dir + " cannot be listed: " + e, e);
        }
    }

    private static List<String> classes(Path dir, List<Path> folders) throws DataFileException {
        List<String> classes = folders.stream().map(ImageFolder::name).sorted().toList();
        if (classes.isEmpty()) {
            throw new DataFileException(
                    "image folder "
                            + dir
                            + " has no class folders; expected "
                            + dir
                            + "/<class>/<image> with at least two classes");
        }
        if (classes.size() == 1) {
            throw new DataFileException(
                    "image folder "
                            + dir
                            + " has a single class folder '"
                            + classes.get(0)
                            + "'; a classifier needs at least two");
        }
        return classes;
    }

    private static List<Item> items(Path dir, List<Path> folders, List<String> classes)
            throws DataFileException {
        List<Item> items = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path folder = dir.resolve(classes.get(label));
            List<Path> files = new ArrayList<>();
            List<Path> nested = visible(folder, files);
            if (!nested.isEmpty()) {
                throw new DataFileException(
                        "class folder "
                                + folder
                                + " must hold image files only, got the folder "
                                + nested.get(0));
            }
            if (files.isEmpty()) {
                throw new DataFileException("class folder " + folder + " has no images");
            }
            for (Path file : files) {
                items.add(new Item(file, label));
            }
        }
        return items;
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }

    /** K, from the class folders. */
    public int numClasses() throws DataFileException {
        return list().classes().size();
    }

    /** 1 when every image of both splits is grey (read from the headers only), else 3. */
    public int channels() throws DataFileException {
        return channels(list());
    }

    private int channels(Listing listing) throws DataFileException {
        List<Item> items = listing.all();
        String key;
        try {
            key = signature(items);
        } catch (IOException e) {
            throw new DataFileException("image folder " + root + " cannot be listed: " + e, e);
        }
        Boolean gray = ALL_GRAY.get(key);
        if (gray == null) {
            gray = allGray(items);
            ALL_GRAY.put(key, gray);
        }
        return gray ? 1 : 3;
    }

    private boolean allGray(List<Item> items) throws DataFileException {
        return inPool(
                () ->
                        items.parallelStream()
                                .allMatch(
                                        item ->
                                                uncheck(
                                                        () ->
                                                                ImageDecoder.isGrayFile(
                                                                        item.file()))));
    }

    /** The images of the training ({@code train}) or test split as the model sees them. */
    public LabeledImages read(boolean train, int limit, long seed) throws IOException {
        Listing listing = list();
        List<Item> items = split(listing, train, seed);
        int k = listing.classes().size();
        if (limit > 0 && limit < items.size()) {
            int[] labels = items.stream().mapToInt(Item::label).toArray();
            List<Item> chosen = new ArrayList<>();
            for (int i : StratifiedSubset.indices(labels, k, limit, seed)) {
                chosen.add(items.get(i));
            }
            items = chosen;
        }
        int channels = channels(listing);
        int stride = channels * imageSize * imageSize;
        byte[] pixels = new byte[items.size() * stride];
        int[] labels = items.stream().mapToInt(Item::label).toArray();
        List<Item> decode = items;
        inPool(
                () -> {
                    IntStream.range(0, decode.size())
                            .parallel()
                            .forEach(
                                    i ->
                                            uncheck(
                                                    () -> {
                                                        Path file = decode.get(i).file();
                                                        BufferedImage image =
                                                                ImageDecoder.decode(file);
                                                        if (channels == 1
                                                                && !ImageDecoder.isGray(image)) {
                                                            throw new DataFileException(
                                                                    "image "
                                                                            + file
                                                                            + " decodes in colour"
                                                                            + " although its"
                                                                            + " header says grey");
                                                        }
                                                        ImageDecoder.writePlanes(
                                                                image,
                                                                imageSize,
                                                                channels,
                                                                pixels,
                                                                i * stride);
                                                        return true;
                                                    }));
                    return true;
                });
        return new LabeledImages(pixels, labels, channels, imageSize, imageSize, listing.classes());
    }

    /** The items of one split; a carved test split is the same stratified draw for both calls. */
    private static List<Item> split(Listing listing, boolean train, long seed)
            throws DataFileException {
        if (listing.split()) {
            return train ? listing.train() : listing.test();
        }
        List<Item> all = listing.train();
        int k = listing.classes().size();
        int[] labels = all.stream().mapToInt(Item::label).toArray();
        int[] counts = new int[k];
        for (int label : labels) {
            counts[label]++;
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] < 2) {
                throw new DataFileException(
                        "class folder "
                                + listing.classes().get(c)
                                + " has "
                                + counts[c]
                                + " image; carving a test split needs at least 2 per class (or"
                                + " give the folder train/ and test/ levels)");
            }
        }
        int testSize = Math.max(k, (int) Math.round(all.size() * CARVED_TEST_SHARE));
        boolean[] inTest = new boolean[all.size()];
        for (int i : StratifiedSubset.indices(labels, k, testSize, seed)) {
            inTest[i] = true;
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (inTest[i] != train) {
                items.add(all.get(i));
            }
        }
        return items;
    }

    /**
     * The data set's identity: one line per image file of both splits, {@code <path relative to the
     * root>\t<bytes>\t<SHA-256>}, sorted by path.
     */
    public String manifest() throws IOException {
        List<Item> items = new ArrayList<>(list().all());
        items.sort(Comparator.comparing(item -> root.relativize(item.file()).toString()));
        String key = signature(items);
        String cached = MANIFESTS.get(key);
        if (cached != null) {
            return cached;
        }
        String[] lines = new String[items.size()];
        inPool(
                () -> {
                    IntStream.range(0, items.size())
                            .parallel()
                            .forEach(
                                    i ->
                                            uncheck(
                                                    () -> {
                                                        Path file = items.get(i).file();
                                                        FileDigest d = FileDigest.of(file);
                                                        lines[i] =
                                                                root.relativize(file)
                                                                        + "\t"
                                                                        + d.bytes()
                                                                        + "\t"
                                                                        + d.sha256()
                                                                        + "\n";
                                                        return true;
                                                    }));
                    return true;
                });
        String manifest = String.join("", Arrays.asList(lines));
        MANIFESTS.put(key, manifest);
        return manifest;
    }

    /**
     * The first file in which two manifests differ, as a phrase for an error message: changed (both
     * sizes and SHA-256 prefixes), added or removed; null when they are equal.
     */
    public static String manifestDifference(String recorded, String now) {
        Map<String, String> before = byPath(recorded);
        Map<String, String> after = byPath(now);
        Set<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        for (String path : paths) {
            String was = before.get(path);
            String is = after.get(path);
            if (was == null) {
                return "the image " + path + " that the run's manifest does not list";
            }
            if (is == null) {
                return "no image " + path + " where the run's manifest lists one";
            }
            if (!was.equals(is)) {
                return "the image "
                        + path
                        + " changed ("
                        + describe(is)
                        + " where the run's manifest records "
                        + describe(was)
                        + ")";
            }
        }
        return null;
    }

    private static Map<String, String> byPath(String manifest) {
        Map<String, String> out = new java.util.HashMap<>();
        manifest.lines()
                .forEach(
                        line -> {
                            int tab = line.indexOf('\t');
                            out.put(line.substring(0, tab), line.substring(tab + 1));
                        });
        return out;
    }

    private static String describe(String sizeAndSha) {
        String[] parts = sizeAndSha.split("\t");
        return parts[0] + " bytes, SHA-256 " + parts[1].substring(0, 12) + "...";
    }

    /** A hash of every file's path, size and modification time. */
    private static String signature(List<Item> items) throws IOException {
        StringBuilder stat = new StringBuilder();
        for (Item item : items) {
            stat.append(item.file())
                    .append(' ')
                    .append(Files.size(item.file()))
                    .append(' ')
                    .append(Files.getLastModifiedTime(item.file()).toMillis())
                    .append('\n');
        }
        return FileDigest.sha256Hex(stat.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Runs {@code work} on a pool of {@link #threads} threads, rethrowing its I/O failure. */
    private <T> T inPool(java.util.concurrent.Callable<T> work) throws DataFileException {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            return pool.submit(work).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException u
                    && u.getCause() instanceof DataFileException d) {
                throw d;
            }
            if (cause instanceof UncheckedIOException u) {
                throw new DataFileException(u.getCause().getMessage(), u.getCause());
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataFileException("interrupted while reading " + root, e);
        } finally {
            pool.shutdownNow();
        }
    }

    private interface IoCall {
        boolean call() throws IOException;
    }

    private static boolean uncheck(IoCall call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
