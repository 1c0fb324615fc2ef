package dev.labelsmooth.cli;

import dev.labelsmooth.datasets.DatasetCatalog;
import dev.labelsmooth.experiment.sweep.SmoothingGrid;
import dev.labelsmooth.models.ModelName;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters: each parses one option value with the parser of the module that owns the
 * concept and turns its IllegalArgumentException into a usage error (exit 2, message and usage).
 */
final class Converters {

    private Converters() {}

    private static <T> T convert(String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** {@code resnet20-v1} and the like. */
    static final class Model implements ITypeConverter<ModelName> {
        @Override
        public ModelName convert(String value) {
            return Converters.convert(value, ModelName::parse);
        }
    }

    /** A model name, checked and kept as its canonical text. */
    static final class ModelText implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return Converters.convert(value, v -> ModelName.parse(v.strip()).toString());
        }
    }

    /** A data set name known to the catalog. */
    static final class Dataset implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return Converters.convert(value, v -> DatasetCatalog.of(v.strip()).name());
        }
    }

    /** {@code CxHxW}. */
    static final class Image implements ITypeConverter<ImageShape> {
        @Override
        public ImageShape convert(String value) {
            return Converters.convert(value, ImageShape::parse);
        }
    }

    /** {@code --gammas}: a list of gammas or {@code paper}. */
    static final class Gammas implements ITypeConverter<SmoothingGrid> {
        @Override
        public SmoothingGrid convert(String value) {
            return Converters.convert(value, SmoothingGrid::parseGammas);
        }
    }

    /** {@code --epsilons}: a list of epsilons. */
    static final class Epsilons implements ITypeConverter<SmoothingGrid> {
        @Override
        public SmoothingGrid convert(String value) {
            return Converters.convert(value, SmoothingGrid::parseEpsilons);
        }
    }

    /** A positive duration: {@code 90s}, {@code 30m}, {@code 6h}, {@code 2d}. */
    static final class Wait implements ITypeConverter<java.time.Duration> {
        @Override
        public java.time.Duration convert(String value) {
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("(\\d{1,9})([smhd])").matcher(value.strip());
            if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                throw new TypeConversionException(
                        "a positive duration such as 90s, 30m, 6h or 2d, got '" + value + "'");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> java.time.Duration.ofSeconds(n);
                case "m" -> java.time.Duration.ofMinutes(n);
                case "h" -> java.time.Duration.ofHours(n);
                default -> java.time.Duration.ofDays(n);
            };
        }
    }
}
