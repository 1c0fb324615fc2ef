package dev.labelsmooth.datasets.images;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG, JPEG, BMP and GIF files (anything Java's ImageIO reads) and turns them into square
 * uint8 planes: shorter side resized to the target (bilinear), then the central square. A file that
 * is not an image, is cut short or makes the decoder warn is refused with a {@link
 * DataFileException} naming it; nothing is decoded half.
 */
public final class ImageDecoder {

    private ImageDecoder() {}

    /** Decodes {@code file}'s first image. */
    public static BufferedImage decode(Path file) throws DataFileException {
        return withReader(
                file,
                reader -> {
                    List<String> warnings = new ArrayList<>();
                    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                    BufferedImage image = reader.read(0);
                    if (!warnings.isEmpty()) {
                        throw new DataFileException(
                                "image "
                                        + file
                                        + " is damaged or cut short ("
                                        + reader.getFormatName()
                                        + " decoder: "
                                        + String.join("; ", warnings)
                                        + ")");
                    }
                    return image;
                });
    }

    /**
     * Whether the file's header declares a grey image (see {@link #isGray(BufferedImage)}), read
     * without decoding the pixels.
     */
    public static boolean isGrayFile(Path file) throws DataFileException {
        return withReader(
                file,
                reader -> {
                    ImageTypeSpecifier type = reader.getRawImageType(0);
                    if (type == null) {
                        type = reader.getImageTypes(0).next();
                    }
                    return isGray(type.getColorModel());
                });
    }

    private interface ReaderWork<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /**
     * Runs {@code work} with an ImageIO reader on {@code file}; a file no reader recognises, and
     * any failure of the reader, become a {@link DataFileException} naming the file.
     */
    private static <T> T withReader(Path file, ReaderWork<T> work) throws DataFileException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DataFileException(
                        "file "
                                + file
                                + " must be a PNG, JPEG, BMP or GIF image, got bytes no image"
                                + " reader recognises");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return work.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (DataFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DataFileException(
                    "image " + file + " is damaged or cut short: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the image holds only grey levels: a grey colour space, or a palette whose every entry
     * is grey (GIF, 8-bit BMP).
     */
    public static boolean isGray(BufferedImage image) {
        return isGray(image.getColorModel());
    }

    private static boolean isGray(ColorModel model) {
        if (model instanceof IndexColorModel palette) {
            for (int i = 0; i < palette.getMapSize(); i++) {
                int r = palette.getRed(i);
                if (r != palette.getGreen(i) || r != palette.getBlue(i)) {
                    return false;
                }
            }
            return true;
        }
        return model.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    /**
     * Writes the image, resized and center-cropped to {@code size x size}, as planes into {@code
     * out} at {@code offset}: one plane of grey levels when {@code channels} is 1, else R, G and B
     * planes (a grey image repeats its levels in all three). Grey levels are the stored values,
     * without the colour-space conversion Java applies when it paints grey onto RGB.
     */
    public static void writePlanes(
            BufferedImage image, int size, int channels, byte[] out, int offset) {
        int plane = size * size;
        if (isGray(image) && !(image.getColorModel() instanceof IndexColorModel)) {
            BufferedImage gray = image;
            boolean ready =
                    image.getWidth() == size
                            && image.getHeight() == size
                            && image.getType() == BufferedImage.TYPE_BYTE_GRAY;
            if (!ready) {
                gray = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
                draw(image, gray);
            }
            Raster raster = gray.getRaster();
            byte[] levels = new byte[plane];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    levels[y * size + x] = (byte) raster.getSample(x, y, 0);
                }
            }
            for (int c = 0; c < channels; c++) {
                System.arraycopy(levels, 0, out, offset + c * plane, plane);
            }
            return;
        }
        BufferedImage rgb = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        draw(image, rgb);
        int[] pixels = rgb.getRGB(0, 0, size, size, null, 0, size);
        for (int p = 0; p < plane; p++) {
            if (channels == 1) {
                out[offset + p] = (byte) (pixels[p] >> 16); // a grey palette: R = G = B
            } else {
                out[offset + p] = (byte) (pixels[p] >> 16);
                out[offset + plane + p] = (byte) (pixels[p] >> 8);
                out[offset + 2 * plane + p] = (byte) pixels[p];
            }
        }
    }

    /** Shorter side to {@code size}, bilinear, then the central {@code size x size} square. */
    public static BufferedImage resizeAndCrop(BufferedImage image, int size) {
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        draw(image, out);
        return out;
    }

    private static void draw(BufferedImage image, BufferedImage target) {
        int size = target.getWidth();
        int w = image.getWidth();
        int h = image.getHeight();
        double scale = (double) size / Math.min(w, h);
        int sw = Math.max(size, (int) Math.round(w * scale));
        int sh = Math.max(size, (int) Math.round(h * scale));
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, -(sw - size) / 2, -(sh - size) / 2, sw, sh, null);
        } finally {
            g.dispose();
        }
    }
}
