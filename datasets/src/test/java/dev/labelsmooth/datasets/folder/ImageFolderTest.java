package dev.labelsmooth.datasets.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labelsmooth.datasets.embedded.EmbeddedFashionMnist;
import dev.labelsmooth.datasets.images.DataFileException;
import dev.labelsmooth.datasets.images.LabeledImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image folders made of real Fashion-MNIST images written as files. */
class ImageFolderTest {

    private static LabeledImages train;
    private static LabeledImages test;

    @TempDir static Path shared;

    @BeforeAll
    static void readEmbedded() throws IOException {
        train = EmbeddedFashionMnist.read(true).subset(IntStream.range(0, 300).toArray());
        test = EmbeddedFashionMnist.read(false).subset(IntStream.range(0, 100).toArray());
    }

    private static Path splitFolder(Path dir, String format) throws IOException {
        ImageFolderWriter.write(train, dir.resolve("train"), format);
        ImageFolderWriter.write(test, dir.resolve("test"), format);
        return dir;
    }

    @Test
    void aFolderCopyOfFashionMnistReadsBackTheSamePixelsUnderSortedClassNames(@TempDir Path dir)
            throws IOException {
        splitFolder(dir, "png");
        ImageFolder folder = new ImageFolder(dir, 28, 2);
        LabeledImages read = folder.read(true, 0, 1);
        assertThat(read.channels()).isEqualTo(1);
        assertThat(read.size()).isEqualTo(300);
        List<String> sorted =
                train.classNames().stream().map(ImageFolderWriter::folderName).sorted().toList();
        assertThat(read.classNames()).isEqualTo(sorted);
        // Files are listed class by class; match each read image to its source by name.
        int[] sourceOf = new int[read.size()];
        int next = 0;
        for (String name : sorted) {
            for (int i = 0; i < train.size(); i++) {
                if (ImageFolderWriter.folderName(train.classNames().get(train.labels()[i]))
                        .equals(name)) {
                    sourceOf[next++] = i;
                }
            }
        }
        for (int i = 0; i < read.size(); i++) {
            int j = sourceOf[i];
            assertThat(read.classNames().get(read.labels()[i]))
                    .isEqualTo(
                            ImageFolderWriter.folderName(
                                    train.classNames().get(train.labels()[j])));
            assertThat(Arrays.copyOfRange(read.pixels(), i * 784, (i + 1) * 784))
                    .as("image %d", i)
                    .isEqualTo(Arrays.copyOfRange(train.pixels(), j * 784, (j + 1) * 784));
        }
        assertThat(folder.read(false, 0, 1).size()).isEqualTo(100);
    }

    @Test
    void classesAndImagesAreThoseDjlsImageFolderLists(@TempDir Path dir) throws Exception {
        ImageFolderWriter.write(train, dir, "png");
        Files.writeString(dir.resolve(".DS_Store"), "hidden");
        Files.createDirectories(dir.resolve(".thumbnails"));
        var djl =
                ai.djl.basicdataset.cv.classification.ImageFolder.builder()
                        .setRepositoryPath(dir)
                        .setSampling(1, false)
                        .build();
        djl.prepare();
        ImageFolder.Listing ours = new ImageFolder(dir, 28, 1).list();
        assertThat(ours.classes()).isEqualTo(djl.getSynset());
        assertThat((long) ours.train().size()).isEqualTo(djl.size());
        assertThat(ours.split()).isFalse();
    }

    @Test
    void colourGreyAndPaletteImagesOfAnySizeBecomeThreeChannelSquares(@TempDir Path dir)
            throws IOException {
        Path a = Files.createDirectories(dir.resolve("train/a"));
        Path b = Files.createDirectories(dir.resolve("train/b"));
        Files.createDirectories(dir.resolve("test/a"));
        Files.createDirectories(dir.resolve("test/b"));
        BufferedImage red = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 40; x++) {
            for (int y = 0; y < 20; y++) {
                red.setRGB(x, y, 0xC81E0A);
            }
        }
        ImageIO.write(red, "png", a.resolve("wide.png").toFile());
        ImageIO.write(red, "jpg", a.resolve("wide.jpg").toFile());
        ImageIO.write(red, "bmp", b.resolve("wide.bmp").toFile());
        BufferedImage gray = new BufferedImage(30, 50, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setDataElements(0, 0, 30, 50, filled(30 * 50, (byte) 77));
        ImageIO.write(gray, "png", b.resolve("tall.png").toFile());
        ImageIO.write(red, "gif", dir.resolve("test/a/x.gif").toFile());
        ImageIO.write(gray, "png", dir.resolve("test/b/y.png").toFile());
        LabeledImages read = new ImageFolder(dir, 16, 2).read(true, 0, 1);
        assertThat(read.channels()).isEqualTo(3);
        assertThat(read.height()).isEqualTo(16);
        assertThat(read.width()).isEqualTo(16);
        assertThat(read.labels()).containsExactly(0, 0, 1, 1);
        int plane = 16 * 16;
        // wide.jpg (file order: wide.jpg, wide.png), then tall.png, wide.bmp
        int png = 3 * plane;
        assertThat(read.pixels()[png] & 0xFF).isEqualTo(0xC8);
        assertThat(read.pixels()[png + plane] & 0xFF).isEqualTo(0x1E);
        assertThat(read.pixels()[png + 2 * plane] & 0xFF).isEqualTo(0x0A);
        int grey = 2 * 3 * plane;
        for (int c = 0; c < 3; c++) {
            assertThat(read.pixels()[grey + c * plane + 100] & 0xFF).isEqualTo(77);
        }
        LabeledImages testSplit = new ImageFolder(dir, 16, 1).read(false, 0, 1);
        assertThat(testSplit.channels()).isEqualTo(3);
        assertThat(testSplit.pixels()[0] & 0xFF).isEqualTo(0xC8);
    }

    @Test
    void withoutTrainAndTestAStratifiedSeededFifthOfEachClassIsCarvedAsTheTestSplit(
            @TempDir Path dir) throws IOException {
        ImageFolderWriter.write(train, dir, "png");
        ImageFolder folder = new ImageFolder(dir, 28, 2);
        LabeledImages tr = folder.read(true, 0, 7);
        LabeledImages te = folder.read(false, 0, 7);
        assertThat(tr.size() + te.size()).isEqualTo(300);
        assertThat(te.size()).isEqualTo(60);
        int[] all = new ImageFolder(dir, 28, 1).read(true, 0, 7).classCounts();
        int[] testCounts = te.classCounts();
        for (int c = 0; c < 10; c++) {
            assertThat(testCounts[c] + tr.classCounts()[c])
                    .isEqualTo(countOf(train, folder.list().classes().get(c)));
            assertThat((double) testCounts[c])
                    .isCloseTo(
                            0.2 * (testCounts[c] + all[c]),
                            org.assertj.core.api.Assertions.within(1.0));
        }
        Set<String> trainImages = fingerprints(tr);
        Set<String> testImages = fingerprints(te);
        testImages.retainAll(trainImages);
        assertThat(testImages).isEmpty();
        assertThat(folder.read(false, 0, 7).pixels()).isEqualTo(te.pixels());
        assertThat(folder.read(false, 0, 8).pixels()).isNotEqualTo(te.pixels());
        assertThat(folder.read(true, 50, 7).size()).isEqualTo(50);
    }

    @Test
    void badFoldersAreRefusedNamingTheFolderOrFile(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> new ImageFolder(dir.resolve("nope"), 28, 1).list())
                .isInstanceOf(DataFileException.class)
                .hasMessage("image folder " + dir.resolve("nope") + " does not exist");
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertThatThrownBy(() -> new ImageFolder(file, 28, 1).list())
                .hasMessage("image folder must be a folder, got a file at " + file);
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.createDirectories(empty.resolve(".git"));
        assertThatThrownBy(() -> new ImageFolder(empty, 28, 1).list())
                .hasMessageStartingWith("image folder " + empty + " has no class folders");
        Path single = Files.createDirectories(dir.resolve("single/cats"));
        assertThatThrownBy(() -> new ImageFolder(single.getParent(), 28, 1).list())
                .hasMessageContaining("has a single class folder 'cats'");
        Path noImages = dir.resolve("noimages");
        ImageFolderWriter.write(test, noImages, "png");
        Path bag = noImages.resolve("Bag");
        try (var files = Files.list(bag)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.writeString(bag.resolve(".hidden.png"), "not read");
        assertThatThrownBy(() -> new ImageFolder(noImages, 28, 1).list())
                .hasMessage("class folder " + bag + " has no images");
        Path mismatch = splitFolder(dir.resolve("mismatch"), "png");
        Files.move(mismatch.resolve("test/Bag"), mismatch.resolve("test/Bags"));
        assertThatThrownBy(() -> new ImageFolder(mismatch, 28, 1).list())
                .hasMessageContaining("must have the same class folders in train and test, got")
                .hasMessageContaining("[Bag] only in " + mismatch.resolve("train"))
                .hasMessageContaining("[Bags] only in " + mismatch.resolve("test"));
        Path half = dir.resolve("half");
        ImageFolderWriter.write(test, half.resolve("train"), "png");
        assertThatThrownBy(() -> new ImageFolder(half, 28, 1).list())
                .hasMessageContaining("has a train folder but no test folder");
        Path nested = dir.resolve("nested");
        ImageFolderWriter.write(test, nested, "png");
        Files.createDirectories(nested.resolve("Coat/more"));
        assertThatThrownBy(() -> new ImageFolder(nested, 28, 1).list())
                .hasMessage(
                        "class folder "
                                + nested.resolve("Coat")
                                + " must hold image files only, got the folder "
                                + nested.resolve("Coat/more"));
    }

    @Test
    void aFileThatIsNotAnImageOrIsCutShortIsNamedNotSkipped(@TempDir Path dir) throws IOException {
        for (String format : List.of("png", "jpg")) {
            Path root = splitFolder(dir.resolve(format), format);
            Path victim;
            try (var files = Files.list(root.resolve("train/Coat"))) {
                victim = files.sorted().findFirst().orElseThrow();
            }
            byte[] bytes = Files.readAllBytes(victim);
            Files.write(victim, Arrays.copyOf(bytes, bytes.length / 2));
            assertThatThrownBy(() -> new ImageFolder(root, 28, 2).read(true, 0, 1))
                    .isInstanceOf(DataFileException.class)
                    .hasMessageStartingWith("image " + victim + " is damaged or cut short");
        }
        Path root = splitFolder(dir.resolve("text"), "png");
        Path notes = Files.writeString(root.resolve("test/Bag/notes.txt"), "not an image");
        assertThatThrownBy(() -> new ImageFolder(root, 28, 1).read(false, 0, 1))
                .isInstanceOf(DataFileException.class)
                .hasMessage(
                        "file "
                                + notes
                                + " must be a PNG, JPEG, BMP or GIF image, got bytes no image"
                                + " reader recognises");
    }

    @Test
    void theManifestListsEveryFileAndNamesTheOneThatChanged(@TempDir Path dir) throws IOException {
        splitFolder(dir, "png");
        Files.writeString(dir.resolve("README.md"), "beside the class folders: not listed");
        ImageFolder folder = new ImageFolder(dir, 28, 2);
        String before = folder.manifest();
        assertThat(before.lines()).hasSize(400);
        assertThat(before.lines().findFirst().orElseThrow())
                .matches("test/Ankle boot/\\d{6}\\.png\\t\\d+\\t[0-9a-f]{64}");
        assertThat(ImageFolder.manifestDifference(before, folder.manifest())).isNull();
        Path victim = dir.resolve("train/Bag").resolve(firstFile(dir.resolve("train/Bag")));
        BufferedImage image = ImageIO.read(victim.toFile());
        image.getRaster().setSample(0, 0, 0, 255 - image.getRaster().getSample(0, 0, 0));
        ImageIO.write(image, "png", victim.toFile());
        String after = folder.manifest();
        assertThat(ImageFolder.manifestDifference(before, after))
                .startsWith("the image train/Bag/" + victim.getFileName() + " changed (");
        Files.delete(victim);
        assertThat(ImageFolder.manifestDifference(before, folder.manifest()))
                .isEqualTo(
                        "no image train/Bag/"
                                + victim.getFileName()
                                + " where the run's manifest lists one");
    }

    private static String firstFile(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.sorted().findFirst().orElseThrow().getFileName().toString();
        }
    }

    private static int countOf(LabeledImages images, String folderName) {
        int n = 0;
        for (int label : images.labels()) {
            if (ImageFolderWriter.folderName(images.classNames().get(label)).equals(folderName)) {
                n++;
            }
        }
        return n;
    }

    private static Set<String> fingerprints(LabeledImages images) {
        Set<String> out = new HashSet<>();
        int stride = images.imageBytes();
        for (int i = 0; i < images.size(); i++) {
            out.add(
                    Arrays.toString(
                            Arrays.copyOfRange(images.pixels(), i * stride, (i + 1) * stride)));
        }
        return out;
    }

    private static byte[] filled(int n, byte value) {
        byte[] out = new byte[n];
        Arrays.fill(out, value);
        return out;
    }
}
