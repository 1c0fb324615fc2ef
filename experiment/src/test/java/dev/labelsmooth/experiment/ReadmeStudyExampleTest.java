package dev.labelsmooth.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Run a study from Java" example, taken from README.md itself, compiled against the
 * library and run: it must compile as printed, train its four cells and print the report's tables.
 */
@Tag("slow")
class ReadmeStudyExampleTest {

    private static final String SECTION = "### Run a study from Java";

    @TempDir Path dir;

    @Test
    void studyExampleFromReadmeCompilesRunsAndPrintsTheTables() throws Exception {
        String text = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int section = text.indexOf(SECTION);
        assertThat(section).as("README section '%s'", SECTION).isNotNegative();
        int start = text.indexOf("```java\n", section);
        String source = text.substring(start + 8, text.indexOf("```\n", start + 8));
        Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
        assertThat(name.find()).as("the snippet declares a public class").isTrue();
        Path file = dir.resolve(name.group(1) + ".java");
        Files.writeString(file, source);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int compiled =
                javac.run(
                        null,
                        diagnostics,
                        diagnostics,
                        "-classpath",
                        System.getProperty("java.class.path"),
                        "-d",
                        dir.toString(),
                        file.toString());
        assertThat(compiled).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        Path runDir = dir.resolve("study");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            loader.loadClass(name.group(1))
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {runDir.toString()});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
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
