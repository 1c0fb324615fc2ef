package dev.labelsmooth.cli;

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
 * The README's library example, taken from README.md itself, compiled against the modules and run:
 * it must compile as printed and a ResNet20 trained by DJL's own {@code EasyTrain} with the
 * library's recipe, loss and data must learn.
 */
@Tag("slow")
class ReadmeExampleTest {

    private static final String SECTION =
            "### Train with the loss, the data and a model in your own loop";

    @TempDir Path dir;

    /** The first {@code ```java} block after the library section's heading. */
    static String librarySnippet(Path readme) throws Exception {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int section = text.indexOf(SECTION);
        assertThat(section).as("README section '%s'", SECTION).isNotNegative();
        int start = text.indexOf("```java\n", section);
        int end = text.indexOf("```\n", start + 8);
        return text.substring(start + 8, end);
    }

    @Test
    void libraryExampleFromReadmeCompilesAndLearns() throws Exception {
        String source = librarySnippet(Path.of("..", "README.md"));
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

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            loader.loadClass(name.group(1))
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        Matcher accuracy = Pattern.compile("validation accuracy (\\d\\.\\d+)").matcher(out);
        assertThat(accuracy.find()).as(out).isTrue();
        // Ten classes: chance is 0.10. Two epochs on the 6,000 embedded images reach about 0.75.
        assertThat(Double.parseDouble(accuracy.group(1))).isGreaterThan(0.6);
    }
}
