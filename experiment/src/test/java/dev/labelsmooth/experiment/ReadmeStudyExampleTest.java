package dev.labelsmooth.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Run a study from Java" example, taken from README.md itself, compiled against the
 * library and run: it must compile as printed, train its four cells and print the report's tables.
 */
@Tag("slow")
class ReadmeStudyExampleTest {

    @TempDir Path dir;

    @Test
    void studyExampleFromReadmeCompilesRunsAndPrintsTheTables() throws Exception {
        Path runDir = dir.resolve("study");
        String out = ReadmeSnippets.run("### Run a study from Java", dir, runDir.toString());
        assertThat(out)
                .contains("gamma=1 seed 1:", "gamma=0.9 seed 2:", "embedded / resnet20-v1")
                .containsPattern("gamma=0\\.9 +\\d+\\.\\d\\d ± \\d+\\.\\d\\d over 2 seeds, ECE")
                .containsPattern("best gamma (1\\.0|0\\.9): \\d+\\.\\d\\d% against")
                .contains("report: " + runDir.resolve("report.md"));
        assertThat(runDir.resolve("results.csv")).isRegularFile();
        // Two epochs on 1,000 images learn: well above the 10% of chance.
        Matcher acc = Pattern.compile("gamma=1 seed 1: (\\d+\\.\\d+)%").matcher(out);
        assertThat(acc.find()).isTrue();
        assertThat(Double.parseDouble(acc.group(1))).isGreaterThan(30);
    }
}
