package dev.labelsmooth.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's library example, taken from README.md itself, compiled against the modules and run:
 * it must compile as printed and a ResNet20 trained by DJL's own {@code EasyTrain} with the
 * library's recipe, loss, data and calibration evaluator must learn.
 */
@Tag("slow")
class ReadmeLibraryExampleTest {

    @TempDir Path dir;

    @Test
    void libraryExampleFromReadmeCompilesAndLearns() throws Exception {
        String out =
                ReadmeSnippets.run(
                        "### Train with the loss, the data and a model in your own loop", dir);
        Matcher accuracy =
                Pattern.compile("validation accuracy (\\d\\.\\d+), ECE (\\d\\.\\d+)").matcher(out);
        assertThat(accuracy.find()).as(out).isTrue();
        // Ten classes: chance is 0.10. Two epochs on the 6,000 embedded images reach about 0.75.
        assertThat(Double.parseDouble(accuracy.group(1))).isGreaterThan(0.6);
        assertThat(Double.parseDouble(accuracy.group(2))).isBetween(0.0, 1.0);
    }
}
