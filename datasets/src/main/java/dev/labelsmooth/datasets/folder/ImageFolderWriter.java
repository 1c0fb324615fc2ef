package dev.labelsmooth.datasets.folder;

import dev.labelsmooth.datasets.images.LabeledImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Writes images as an image folder, {@code <dir>/<class name>/<index>.<format>}: grey images as
 * 8-bit grey, colour ones as RGB. Turns any data set this project reads into the layout {@link
 * ImageFolder} reads, e.g. to compare the two paths on the same images.
 */
public final class ImageFolderWriter {

    private ImageFolderWriter() {}

    /**
     * Writes every image of {@code images} under {@code dir}.
     *
     * @param format an ImageIO format name: png, jpg, bmp or gif
     * @return the number of files written
     */
    public static int write(LabeledImages images, Path dir, String format) throws IOException {
        int h = images.height();
        int w = images.width();
        int plane = h * w;
        for (String name : images.classNames()) {
            Files.createDirectories(dir.resolve(folderName(name)));
        }
        byte[] pixels = images.pixels();
        for (int i = 0; i < images.size(); i++) {
            int offset = i * images.imageBytes();
            BufferedImage image;
            if (images.channels() == 1) {
                image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
                image.getRaster().setDataElements(0, 0, w, h, slice(pixels, offset, plane));
            } else {
                image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                for (int p = 0; p < plane; p++) {
                    int r = pixels[offset + p] & 0xFF;
                    int g = pixels[offset + plane + p] & 0xFF;
                    int b = pixels[offset + 2 * plane + p] & 0xFF;
                    image.setRGB(p % w, p / w, (r << 16) | (g << 8) | b);
                }
            }
            String className = folderName(images.classNames().get(images.labels()[i]));
            Path file =
                    dir.resolve(className)
                            .resolve(String.format(Locale.ROOT, "%06d.%s", i, format));
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IOException("no ImageIO writer for format '" + format + "'");
            }
        }
        return images.size();
    }

    /** A class name as a folder name: '/' and leading dots replaced. */
    static String folderName(String className) {
        return className.replace('/', '_').replaceFirst("^\\.+", "_");
    }

    private static byte[] slice(byte[] pixels, int offset, int length) {
        byte[] out = new byte[length];
        System.arraycopy(pixels, offset, out, 0, length);
        return out;
    }
}
