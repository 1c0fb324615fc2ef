package dev.labelsmooth.experiment.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code report.html}: the Markdown report as one self-contained page. Every plot is inlined (its
 * SVG, else its PNG as a data URI), tables sort by a click on a column's header, the provenance is
 * there as in report.md, and nothing is fetched from the network: no script, font or style comes
 * from elsewhere. The layout follows the screen: text in one readable column, wide tables scroll
 * sideways on a phone, plots shrink to the width.
 *
 * <p>It renders the Markdown that {@link ReportWriter} writes (headings, paragraphs, lists, pipe
 * tables, fenced code, inline code, bold, links and {@code ![alt](file.png) ([SVG](file.svg))}
 * images), not Markdown in general.
 */
final class HtmlReport {

    private static final Pattern IMAGE =
            Pattern.compile(
                    "^!\\[([^\\]]*)\\]\\(([^)]+)\\.png\\)(?: \\(\\[SVG\\]\\([^)]+\\)\\))?$");

    private HtmlReport() {}

    /** Writes {@code out/report.html} from {@code markdown}, inlining the plots in {@code out}. */
    static Path write(String markdown, Path out) throws IOException {
        String title = "labelsmooth report";
        StringBuilder body = new StringBuilder();
        List<String> lines = markdown.lines().toList();
        int tables = 0;
        for (int i = 0; i < lines.size(); ) {
            String line = lines.get(i);
            if (line.isBlank()) {
                i++;
            } else if (line.startsWith("```")) {
                StringBuilder code = new StringBuilder();
                i++;
                while (i < lines.size() && !lines.get(i).startsWith("```")) {
                    code.append(escape(lines.get(i++))).append('\n');
                }
                i++;
                body.append("<pre><code>").append(code).append("</code></pre>\n");
            } else if (line.startsWith("#")) {
                int level = line.indexOf(' ');
                String text = line.substring(level + 1);
                if (level == 1) {
                    title = text;
                }
                body.append("<h")
                        .append(level)
                        .append(" id=\"")
                        .append(anchor(text))
                        .append("\">")
                        .append(inline(text))
                        .append("</h")
                        .append(level)
                        .append(">\n");
                i++;
            } else if (line.startsWith("|")) {
                int start = i;
                while (i < lines.size() && lines.get(i).startsWith("|")) {
                    i++;
                }
                body.append(table(lines.subList(start, i), tables++));
            } else if (line.startsWith("- ")) {
                body.append("<ul>\n");
                while (i < lines.size() && lines.get(i).startsWith("- ")) {
                    body.append("<li>")
                            .append(inline(lines.get(i++).substring(2)))
                            .append("</li>\n");
                }
                body.append("</ul>\n");
            } else if (IMAGE.matcher(line).matches()) {
                Matcher m = IMAGE.matcher(line);
                m.matches();
                body.append(figure(m.group(1), m.group(2), out));
                i++;
            } else {
                StringBuilder paragraph = new StringBuilder(line);
                i++;
                while (i < lines.size()
                        && !lines.get(i).isBlank()
                        && !lines.get(i).startsWith("#")
                        && !lines.get(i).startsWith("|")
                        && !lines.get(i).startsWith("```")
                        && !lines.get(i).startsWith("- ")
                        && !IMAGE.matcher(lines.get(i)).matches()) {
                    paragraph.append(' ').append(lines.get(i++));
                }
                body.append("<p>").append(inline(paragraph.toString())).append("</p>\n");
            }
        }
        String html =
                "<!DOCTYPE html>\n"
                    + "<html lang=\"en\">\n"
                    + "<head>\n"
                    + "<meta charset=\"utf-8\">\n"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    + "<title>"
                        + escape(title)
                        + "</title>\n<style>\n"
                        + STYLE
                        + "</style>\n</head>\n<body>\n<main>\n"
                        + body
                        + "</main>\n<script>\n"
                        + SCRIPT
                        + "</script>\n</body>\n</html>\n";
        Path file = out.resolve("report.html");
        Path tmp = out.resolve("report.html.tmp");
        Files.writeString(tmp, html, StandardCharsets.UTF_8);
        Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    private static String table(List<String> rows, int index) {
        StringBuilder t =
                new StringBuilder("<div class=\"scroll\"><table class=\"sortable\" id=\"table-")
                        .append(index)
                        .append("\">\n<thead><tr>");
        List<String> header = cells(rows.get(0));
        List<String> align = rows.size() > 1 ? cells(rows.get(1)) : List.of();
        for (int c = 0; c < header.size(); c++) {
            t.append("<th")
                    .append(numeric(align, c) ? " class=\"num\"" : "")
                    .append(" title=\"sort\">")
                    .append(inline(header.get(c)))
                    .append("</th>");
        }
        t.append("</tr></thead>\n<tbody>\n");
        for (String row : rows.subList(Math.min(2, rows.size()), rows.size())) {
            t.append("<tr>");
            List<String> cells = cells(row);
            for (int c = 0; c < cells.size(); c++) {
                t.append("<td")
                        .append(numeric(align, c) ? " class=\"num\"" : "")
                        .append(">")
                        .append(inline(cells.get(c)))
                        .append("</td>");
            }
            t.append("</tr>\n");
        }
        return t.append("</tbody></table></div>\n").toString();
    }

    private static boolean numeric(List<String> align, int c) {
        return c < align.size() && align.get(c).endsWith(":");
    }

    private static List<String> cells(String row) {
        String r = row.strip();
        if (r.startsWith("|")) {
            r = r.substring(1);
        }
        if (r.endsWith("|")) {
            r = r.substring(0, r.length() - 1);
        }
        return java.util.Arrays.stream(r.split("\\|", -1)).map(String::strip).toList();
    }

    private static String figure(String alt, String name, Path out) throws IOException {
        Path svg = out.resolve(name + ".svg");
        Path png = out.resolve(name + ".png");
        String content;
        if (Files.isRegularFile(svg)) {
            String text = Files.readString(svg, StandardCharsets.UTF_8);
            int open = text.indexOf("<svg");
            content = open < 0 ? "" : text.substring(open);
            content =
                    content.replaceFirst(
                            "<svg ", "<svg role=\"img\" aria-label=\"" + escape(alt) + "\" ");
        } else if (Files.isRegularFile(png)) {
            content =
                    "<img alt=\""
                            + escape(alt)
                            + "\" src=\"data:image/png;base64,"
                            + Base64.getEncoder().encodeToString(Files.readAllBytes(png))
                            + "\">";
        } else {
            content = "<p class=\"missing\">plot " + escape(name) + " is missing</p>";
        }
        return "<figure class=\"plot\">\n"
                + content
                + "\n<figcaption>"
                + escape(alt)
                + "</figcaption>\n</figure>\n";
    }

    /** Escapes, then renders `code`, **bold** and [text](link) (links to plots are dropped). */
    static String inline(String text) {
        String s = escape(text);
        s = s.replaceAll("`([^`]+)`", "<code>$1</code>");
        s = s.replaceAll("\\*\\*([^*]+)\\*\\*", "<strong>$1</strong>");
        s = s.replaceAll("\\(\\[SVG\\]\\([^)]+\\)\\)", "");
        s = s.replaceAll("\\[([^\\]]+)\\]\\(([^)\\s]+)\\)", "<a href=\"$2\">$1</a>");
        return s;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private static String anchor(String heading) {
        return heading.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static final String STYLE =
            """
            body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
                   color: #1d1d1f; background: #fff; }
            main { max-width: 1100px; margin: 0 auto; padding: 1rem; }
            h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; border-bottom: 1px solid #ddd; }
            h3 { font-size: 1.1rem; }
            p, li { max-width: 52rem; }
            .scroll { overflow-x: auto; margin: 0.5rem 0 1rem; }
            table { border-collapse: collapse; font-size: 0.9rem; }
            th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #e3e3e3; text-align: left;
                     white-space: nowrap; }
            th { cursor: pointer; background: #f5f5f7; position: sticky; top: 0; }
            th.asc::after { content: " \\25B2"; } th.desc::after { content: " \\25BC"; }
            .num { text-align: right; font-variant-numeric: tabular-nums; }
            figure.plot { margin: 1rem 0; }
            figure.plot svg, figure.plot img { max-width: 100%; height: auto; display: block; }
            figcaption { font-size: 0.85rem; color: #555; }
            pre { background: #f5f5f7; padding: 0.6rem; overflow-x: auto; font-size: 0.8rem; }
            code { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; }
            @media (max-width: 600px) { main { padding: 0.5rem; } body { font-size: 14px; } }
            """;

    /**
     * Sorting by column (numbers by their leading value, "—" and blanks last), and a summary of
     * what rendered in {@code body[data-rendered]} for tests that load the page in a browser.
     */
    private static final String SCRIPT =
            """
            (function () {
              function key(cell) {
                var t = cell.textContent.trim().replace(/\\u2212/g, '-');
                var m = t.match(/^[+-]?\\d+(\\.\\d+)?/);
                return m ? { n: parseFloat(m[0]), t: t } : { n: null, t: t };
              }
              document.querySelectorAll('table.sortable').forEach(function (table) {
                var heads = table.querySelectorAll('th');
                heads.forEach(function (th, column) {
                  th.addEventListener('click', function () {
                    var descending = th.classList.contains('asc');
                    heads.forEach(function (h) { h.classList.remove('asc', 'desc'); });
                    th.classList.add(descending ? 'desc' : 'asc');
                    var body = table.tBodies[0];
                    var rows = Array.prototype.slice.call(body.rows);
                    rows.sort(function (a, b) {
                      var x = key(a.cells[column] || a), y = key(b.cells[column] || b);
                      var order;
                      if (x.n !== null && y.n !== null) { order = x.n - y.n; }
                      else if (x.n !== null) { return -1; }
                      else if (y.n !== null) { return 1; }
                      else { order = x.t.localeCompare(y.t); }
                      return descending ? -order : order;
                    });
                    rows.forEach(function (r) { body.appendChild(r); });
                  });
                });
              });
              var tables = document.querySelectorAll('table');
              var filled = Array.prototype.filter.call(tables, function (t) {
                return t.tBodies.length && t.tBodies[0].rows.length > 0
                    && t.getBoundingClientRect().width > 0;
              }).length;
              var plots = document.querySelectorAll('figure.plot > svg, figure.plot > img');
              var drawn = Array.prototype.filter.call(plots, function (p) {
                var r = p.getBoundingClientRect();
                return r.width > 0 && r.height > 0;
              }).length;
              document.body.setAttribute('data-rendered',
                  'tables ' + filled + '/' + tables.length + ' plots ' + drawn + '/' + plots.length);
            })();
            """;
}
