package dev.labelsmooth.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir Path dir;

    @Test
    void replacesTheFileAndLeavesNoTemporary() throws IOException {
        Path file = dir.resolve("sub/a.txt");
        AtomicFiles.write(file, "one");
        AtomicFiles.write(file, "two");
        assertThat(file).hasContent("two");
        try (var entries = Files.list(file.getParent())) {
            assertThat(entries).containsExactly(file);
        }
    }

    @Test
    void aFailingWriterLeavesTheOldVersion() throws IOException {
        Path file = dir.resolve("b.txt");
        AtomicFiles.write(file, "old");
        assertThatThrownBy(
                        () ->
                                AtomicFiles.write(
                                        file,
                                        out -> {
                                            out.write('x');
                                            throw new IOException("disk full");
                                        }))
                .hasMessage("disk full");
        assertThat(file).hasContent("old");
    }
}
