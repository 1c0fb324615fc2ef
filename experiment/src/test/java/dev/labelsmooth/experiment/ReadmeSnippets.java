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

/**
 * Runs a Java program printed in README.md as a reader would: the first {@code ```java} block after
 * a heading, compiled against the modules and run, its standard output returned.
 */
final class ReadmeSnippets {

    private ReadmeSnippets() {}

    /**
     * Compiles the first Java block after {@code heading} into {@code dir} and runs its main.
     *
     * @return what the program printed on standard output
     */
    static String run(String heading, Path dir, String... args) throws Exception {
        String text = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int section = text.indexOf(heading);
        assertThat(section).as("README section '%s'", heading).isNotNegative();
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

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (URLClassLoader loader =
                new URLClassLoader(
                        new URL[] {dir.toUri().toURL()}, ReadmeSnippets.class.getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            loader.loadClass(name.group(1))
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
