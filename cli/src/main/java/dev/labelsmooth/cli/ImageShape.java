package dev.labelsmooth.cli;

import static dev.labelsmooth.core.Checks.require;

import ai.djl.ndarray.types.Shape;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image input as written on the command line, {@code CxHxW} (e.g. {@code 1x28x28}).
 *
 * @param channels 1 (grey) or 3 (RGB)
 * @param height pixels
 * @param width pixels
 */
public record ImageShape(int channels, int height, int width) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,4})x(\\d{1,5})x(\\d{1,5})");

    /** The largest side accepted: a 3x1024x1024 batch of 128 already needs 1.5 GB. */
    static final int MAX_SIDE = 1024;

    /** Checks the channels and that both sides are in [8, 1024]. */
    public ImageShape {
        require(channels == 1 || channels == 3, "input channels", "1 or 3", channels);
        require(
                height >= 8 && width >= 8 && height <= MAX_SIDE && width <= MAX_SIDE,
                "input height and width",
                "in [8, " + MAX_SIDE + "]",
                height + "x" + width);
    }

    /** Parses {@code CxHxW}. */
    public static ImageShape parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "input must be CxHxW, e.g. 1x28x28 or 3x32x32, got '" + text + "'");
        }
        return new ImageShape(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
    }

    /** The NCHW shape of a batch of this size. */
    public Shape batchShape(long batch) {
        return new Shape(batch, channels, height, width);
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
