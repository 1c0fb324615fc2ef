package dev.labelsmooth.cli;

import dev.labelsmooth.models.ModelName;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters that turn our parsers' IllegalArgumentException into a usage error. */
final class Converters {

    private Converters() {}

    static final class Model implements ITypeConverter<ModelName> {
        @Override
        public ModelName convert(String value) {
            try {
                return ModelName.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Image implements ITypeConverter<ImageShape> {
        @Override
        public ImageShape convert(String value) {
            try {
                return ImageShape.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
