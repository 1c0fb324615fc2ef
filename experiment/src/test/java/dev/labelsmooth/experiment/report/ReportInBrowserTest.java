package dev.labelsmooth.experiment.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The committed study's report.html in a real browser: Debian's Chromium, headless, at a phone's
 * and a wide screen's width. The page's own script counts the tables with rows and the plots with a
 * non-zero size into {@code body[data-rendered]}; the browser's log must hold no console message
 * (errors, failed loads).
 */
class ReportInBrowserTest {

    static final Path STUDY =
            Path.of("..", "reports", "fashion-mnist-overconfident-resnet20-v1")
                    .toAbsolutePath()
                    .normalize();

    /**
     * Skips where Chromium is not installed, unless {@code LABELSMOOTH_REQUIRE_CHROMIUM=1} (as
     * {@code .ci/run} sets it, after installing it).
     */
    static String chromium() {
        for (String name : List.of("chromium", "chromium-browser")) {
            try {
                Process p = new ProcessBuilder(name, "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) {
                    return name;
                }
            } catch (IOException | InterruptedException e) {
                // try the next name
            }
        }
        if ("1".equals(System.getenv("LABELSMOOTH_REQUIRE_CHROMIUM"))) {
            throw new AssertionError(
                    "chromium must be installed (apt-get install chromium):"
                            + " LABELSMOOTH_REQUIRE_CHROMIUM=1");
        }
        Assumptions.assumeTrue(false, "chromium is not installed");
        return null;
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"390, 844", "1440, 900"})
    void theCommittedReportRendersEveryTableAndPlotWithoutAConsoleMessage(int width, int height)
            throws Exception {
        String browser = chromium();
        Path html = STUDY.resolve("report.html");
        String page = Files.readString(html);
        int tables = count(page, "<table class=\"sortable\"");
        int plots = count(page, "<figure class=\"plot\">");
        List<String> command =
                new ArrayList<>(
                        List.of(
                                browser,
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-dev-shm-usage",
                                "--no-first-run",
                                "--user-data-dir=" + Files.createTempDirectory("chromium"),
                                "--enable-logging=stderr",
                                "--v=0",
                                "--window-size=" + width + "," + height,
                                "--virtual-time-budget=5000",
                                "--dump-dom",
                                html.toUri().toString()));
        Path err = Files.createTempFile("chromium", ".log");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(err);
        Matcher rendered = Pattern.compile("data-rendered=\"([^\"]*)\"").matcher(dom);
        assertThat(rendered.find()).as("the page's script ran; browser log:\n" + log).isTrue();
        assertThat(rendered.group(1))
                .isEqualTo("tables " + tables + "/" + tables + " plots " + plots + "/" + plots);
        assertThat(tables).isGreaterThanOrEqualTo(5);
        assertThat(plots).isGreaterThanOrEqualTo(5);
        assertThat(log.lines().filter(l -> l.contains("CONSOLE")).toList()).isEmpty();
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
