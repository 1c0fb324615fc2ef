package dev.labelsmooth.experiment.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labelsmooth.experiment.Experiments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html as a file: self-contained, every table and plot of report.md in it. */
class HtmlReportTest {

    @TempDir Path tmp;

    @Test
    void theHtmlReportHoldsEveryTableAndPlotOfTheMarkdownAndFetchesNothing() throws IOException {
        Path out = tmp.resolve("report");
        Experiments.report(out, List.of(Path.of("..", "reports", "quick-embedded-resnet20-v1")));
        String md = Files.readString(out.resolve("report.md"));
        String html = Files.readString(out.resolve("report.html"));
        long mdTables =
                md.lines().filter(l -> l.startsWith("|---") || l.startsWith("| ---")).count();
        long mdImages = md.lines().filter(l -> l.startsWith("![")).count();
        assertThat(count(html, "<table class=\"sortable\"")).isEqualTo(mdTables).isPositive();
        assertThat(count(html, "<figure class=\"plot\">")).isEqualTo(mdImages).isPositive();
        assertThat(count(html, "<svg role=\"img\"")).isEqualTo(mdImages);
        assertThat(html)
                .contains("<meta name=\"viewport\"")
                .contains("<h2 id=\"provenance\">Provenance</h2>")
                .contains("<h2 id=\"training-curves\">Training curves</h2>")
                .doesNotContain("<script src")
                .doesNotContain("<link")
                .doesNotContain("@import")
                .doesNotContain("<!DOCTYPE svg")
                .doesNotContainPattern("(src|href)=\"https?://")
                .doesNotContainPattern("url\\(['\"]?https?:");
    }

    @Test
    void inlineMarkdownIsEscapedThenRendered() {
        assertThat(HtmlReport.inline("a <b> & `x<y` **bold** [SVG](p.svg) [site](https://x.org)"))
                .isEqualTo(
                        "a &lt;b&gt; &amp; <code>x&lt;y</code> <strong>bold</strong> <a"
                                + " href=\"p.svg\">SVG</a> <a href=\"https://x.org\">site</a>");
    }

    private static long count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
