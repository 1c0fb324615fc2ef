package dev.labelsmooth.cli;

import dev.labelsmooth.datasets.DataSource;
import dev.labelsmooth.datasets.DatasetCatalog;
import dev.labelsmooth.datasets.decathlon.DecathlonDataset;
import dev.labelsmooth.datasets.folder.ImageFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code datasets}: every known data set, its K and image shape, and whether its files are there.
 */
@Command(
        name = "datasets",
        mixinStandardHelpOptions = true,
        description = {
            "List the known data sets, their K and image shape, and whether their files are"
                    + " present.",
            "With --dataset folder:PATH: check an image folder and list its classes with their"
                    + " image counts."
        })
final class DatasetsCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private DataDirOption dataDir;

    @Option(
            names = "--dataset",
            paramLabel = "folder:PATH",
            description = "An image folder to check: layout, classes, counts, image shape.")
    private String folder;

    @Option(
            names = "--image-size",
            paramLabel = "PX",
            defaultValue = "" + DecathlonDataset.DEFAULT_IMAGE_SIZE,
            description =
                    "Side of the square images a folder's images become (default:"
                            + " ${DEFAULT-VALUE}).")
    private int imageSize;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = dataDir.resolve();
        if (folder != null) {
            return check(out);
        }
        out.println("data directory: " + dir);
        out.println(
                String.format(Locale.ROOT, "%-24s %5s  %-9s %s", "name", "K", "image", "files"));
        for (String name : DatasetCatalog.names()) {
            DataSource source = DatasetCatalog.of(name);
            List<Path> missing = source.missingFiles(dir);
            String status;
            if (source.files(dir).isEmpty()) {
                status = "present (" + source.layout(dir) + ")";
            } else if (missing.isEmpty()) {
                status = "present in " + source.files(dir).get(0).getParent();
            } else if (missing.size() == source.files(dir).size()) {
                status = "missing; expected " + source.layout(dir);
            } else {
                status =
                        "missing "
                                + missing.size()
                                + " of "
                                + source.files(dir).size()
                                + ": "
                                + missing;
            }
            out.println(
                    String.format(
                            Locale.ROOT,
                            "%-24s %5d  %-9s %s",
                            name,
                            source.numClasses(),
                            source.imageShape(),
                            status));
        }
        out.println(
                "folder:PATH              any image folder: PATH/train/<class>/<image> and"
                        + " PATH/test/<class>/<image>, or PATH/<class>/<image>"
                        + " ('datasets --dataset folder:PATH' checks one)");
        return ExitCodes.OK;
    }

    private int check(PrintWriter out) throws IOException {
        if (!folder.startsWith(DatasetCatalog.FOLDER_PREFIX)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--dataset must be folder:PATH (the built-in data sets are listed without it),"
                            + " got '"
                            + folder
                            + "'");
        }
        ImageFolder images;
        try {
            images =
                    new ImageFolder(
                            Path.of(folder.substring(DatasetCatalog.FOLDER_PREFIX.length())),
                            imageSize,
                            Runtime.getRuntime().availableProcessors());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ImageFolder.Listing listing = images.list();
        int k = listing.classes().size();
        int[] train = new int[k];
        int[] test = new int[k];
        listing.train().forEach(item -> train[item.label()]++);
        if (listing.split()) {
            listing.test().forEach(item -> test[item.label()]++);
        }
        int channels = images.channels();
        out.println(folder + ": " + images.root());
        out.println(
                listing.split()
                        ? "layout: train/<class>/ and test/<class>/"
                        : "layout: <class>/ (the test split is a stratified "
                                + Math.round(ImageFolder.CARVED_TEST_SHARE * 100)
                                + "% of each class, drawn with the sweep's data seed)");
        out.println(
                "K="
                        + k
                        + ", images "
                        + channels
                        + "x"
                        + imageSize
                        + "x"
                        + imageSize
                        + (channels == 1 ? " (every image is grey)" : " (colour)"));
        out.println(
                String.format(
                        Locale.ROOT,
                        "%-5s %-30s %8s%s",
                        "label",
                        "class",
                        listing.split() ? "train" : "images",
                        listing.split() ? String.format(Locale.ROOT, " %8s", "test") : ""));
        for (int c = 0; c < k; c++) {
            out.println(
                    String.format(
                            Locale.ROOT,
                            "%-5d %-30s %8d%s",
                            c,
                            listing.classes().get(c),
                            train[c],
                            listing.split() ? String.format(Locale.ROOT, " %8d", test[c]) : ""));
        }
        if (!listing.ignored().isEmpty()) {
            out.println(
                    "ignored (beside the class folders): "
                            + listing.ignored().size()
                            + " files, e.g. "
                            + listing.ignored().get(0));
        }
        out.println("files are decoded when a sweep loads them; damaged ones are named there");
        return ExitCodes.OK;
    }
}
