package dev.labelsmooth.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyFilesTest {

    @TempDir Path dir;

    @Test
    void floatMatrixHasTheVersion1HeaderAndLittleEndianData() throws IOException {
        Path file = dir.resolve("logits.npy");
        NpyFiles.writeFloats(file, new float[] {1f, -2f, 0.5f, 3f, 4f, 5f}, 2, 3);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes[0]).isEqualTo((byte) 0x93);
        assertThat(new String(bytes, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        assertThat(bytes[6]).isEqualTo((byte) 1);
        assertThat(bytes[7]).isEqualTo((byte) 0);
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        // The data starts at a multiple of 64 bytes, after a newline-terminated dictionary.
        assertThat((10 + headerLength) % 64).isZero();
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertThat(header)
                .startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }")
                .endsWith("\n");
        ByteBuffer data =
                ByteBuffer.wrap(bytes, 10 + headerLength, 24).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(data.getFloat()).isEqualTo(1f);
        assertThat(data.getFloat()).isEqualTo(-2f);
        assertThat(bytes.length).isEqualTo(10 + headerLength + 6 * 4);
    }

    @Test
    void longVectorIsOneDimensional() throws IOException {
        Path file = dir.resolve("labels.npy");
        NpyFiles.writeLongs(file, new long[] {3, 7});
        byte[] bytes = Files.readAllBytes(file);
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertThat(new String(bytes, 10, headerLength, StandardCharsets.US_ASCII))
                .contains("'descr': '<i8'", "'shape': (2,)");
        ByteBuffer data =
                ByteBuffer.wrap(bytes, 10 + headerLength, 16).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(data.getLong()).isEqualTo(3);
        assertThat(data.getLong()).isEqualTo(7);
    }
}
