package dev.labelsmooth.experiment.report;

import dev.labelsmooth.core.loss.LossConfig.Family;
import dev.labelsmooth.experiment.store.EpochPoint;
import dev.labelsmooth.experiment.store.GroupKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts, each written as PNG and SVG with XChart. */
final class Plots {

    private Plots() {}

    /** Accuracy against gamma, one series per data set and model, error bars one std over seeds. */
    static void accuracyVsGamma(Map<GroupKey, List<ConfigStats>> groups, Path out)
            throws IOException {
        XYChart chart =
                new XYChartBuilder()
                        .width(800)
                        .height(500)
                        .title("Best validation accuracy against gamma")
                        .xAxisTitle("gamma (probability on the true class)")
                        .yAxisTitle("best validation accuracy (%)")
                        .build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        for (var entry : groups.entrySet()) {
            List<ConfigStats> stats = entry.getValue();
            double[] x =
                    stats.stream().mapToDouble(s -> s.config().gamma().doubleValue()).toArray();
            double[] y = stats.stream().mapToDouble(ConfigStats::mean).toArray();
            double[] err = stats.stream().mapToDouble(ConfigStats::std).toArray();
            chart.addSeries(entry.getKey().toString(), x, y, err);
        }
        if (groups.isEmpty()) {
            chart.addSeries("no finished cells", new double[] {1}, new double[] {0});
        }
        save(chart, out.resolve("accuracy-vs-gamma"));
    }

    /**
     * Reliability diagram of a baseline (gamma = 1, or plain cross-entropy) against the best
     * configuration, bins pooled over seeds.
     *
     * @param baseLabel the baseline's legend, e.g. {@code gamma=1}
     * @param bestLabel the best's legend, or null when the baseline is the best
     * @return the file name without extension
     */
    static String reliability(
            GroupKey key,
            String baseLabel,
            List<double[]> base,
            String bestLabel,
            List<double[]> best,
            Path out)
            throws IOException {
        XYChart chart =
                new XYChartBuilder()
                        .width(600)
                        .height(600)
                        .title("Reliability: " + key)
                        .xAxisTitle("confidence")
                        .yAxisTitle("accuracy")
                        .build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        XYSeries diagonal =
                chart.addSeries("perfect calibration", new double[] {0, 1}, new double[] {0, 1});
        diagonal.setMarker(SeriesMarkers.NONE);
        addBins(chart, baseLabel, base);
        if (bestLabel != null) {
            addBins(chart, bestLabel, best);
        }
        String name = "reliability-" + key.fileName();
        save(chart, out.resolve(name));
        return name;
    }

    /** One configuration's panel of the reliability small multiples. */
    record ReliabilityPanel(String label, List<double[]> bins, double ece, double eceScaled) {}

    /** Side of one small-multiple panel, in pixels. */
    private static final int PANEL = 340;

    /**
     * Reliability diagrams of every configuration as small multiples on one image, four panels to a
     * row: each panel shows the per-bin accuracy against mean confidence (bins pooled over seeds),
     * the diagonal, and the share of examples per bin as a step histogram; its title gives the test
     * ECE, and after temperature scaling when known.
     *
     * @return the file name without extension
     */
    static String reliabilityGrid(GroupKey key, List<ReliabilityPanel> panels, Path out)
            throws IOException {
        int columns = Math.min(4, panels.size());
        int rows = (panels.size() + columns - 1) / columns;
        List<XYChart> charts = new java.util.ArrayList<>();
        for (ReliabilityPanel panel : panels) {
            XYChart chart =
                    new XYChartBuilder()
                            .width(PANEL)
                            .height(PANEL)
                            .title(panel.label() + ": " + eceTitle(panel))
                            .xAxisTitle("confidence")
                            .yAxisTitle("accuracy / share")
                            .build();
            chart.getStyler()
                    .setXAxisMin(0.0)
                    .setXAxisMax(1.0)
                    .setYAxisMin(0.0)
                    .setYAxisMax(1.0)
                    .setLegendVisible(false)
                    .setChartTitleFont(titleFont(panel.label() + ": " + eceTitle(panel)));
            XYSeries diagonal =
                    chart.addSeries(
                            "perfect calibration", new double[] {0, 1}, new double[] {0, 1});
            diagonal.setMarker(SeriesMarkers.NONE);
            diagonal.setLineColor(java.awt.Color.GRAY);
            addBins(chart, panel.label(), panel.bins());
            charts.add(chart);
        }
        String name = "reliability-all-" + key.fileName();
        Path file = out.resolve(name);
        java.awt.image.BufferedImage image =
                new java.awt.image.BufferedImage(
                        columns * PANEL, rows * PANEL, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        StringBuilder svg =
                new StringBuilder(
                        String.format(
                                java.util.Locale.ROOT,
                                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n<svg"
                                        + " xmlns=\"http://www.w3.org/2000/svg\""
                                        + " xmlns:xlink=\"http://www.w3.org/1999/xlink\""
                                        + " width=\"%d\" height=\"%d\">%n",
                                image.getWidth(),
                                image.getHeight()));
        for (int i = 0; i < charts.size(); i++) {
            int x = (i % columns) * PANEL;
            int y = (i / columns) * PANEL;
            java.awt.Graphics2D panel = (java.awt.Graphics2D) g.create(x, y, PANEL, PANEL);
            panel.setRenderingHint(
                    java.awt.RenderingHints.KEY_ANTIALIASING,
                    java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
            charts.get(i).paint(panel, PANEL, PANEL);
            panel.dispose();
            svg.append(nestedSvg(charts.get(i), x, y));
        }
        g.dispose();
        javax.imageio.ImageIO.write(image, "png", file.resolveSibling(name + ".png").toFile());
        svg.append("</svg>\n");
        java.nio.file.Files.writeString(file.resolveSibling(name + ".svg"), svg);
        return name;
    }

    /**
     * The widest a panel's title may be: XChart centres it over the plot area, which the y axis
     * pushes right, so it has less than the panel's width.
     */
    static final int TITLE_WIDTH = PANEL - 60;

    /** A sans-serif font of at most 12 points in which {@code title} fits a panel. */
    static java.awt.Font titleFont(String title) {
        java.awt.Graphics2D g =
                new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB)
                        .createGraphics();
        try {
            java.awt.Font font =
                    new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12);
            while (font.getSize() > 7 && g.getFontMetrics(font).stringWidth(title) > TITLE_WIDTH) {
                font = font.deriveFont((float) font.getSize() - 1);
            }
            return font;
        } finally {
            g.dispose();
        }
    }

    static String eceTitle(ReliabilityPanel panel) {
        String before =
                Double.isNaN(panel.ece())
                        ? "ECE n/a"
                        : String.format(java.util.Locale.ROOT, "ECE %.3f", panel.ece());
        return Double.isNaN(panel.eceScaled())
                ? before
                : before
                        + String.format(
                                java.util.Locale.ROOT, ", %.3f after TS", panel.eceScaled());
    }

    /** A chart's SVG document as an element placed at (x, y) inside another SVG. */
    private static String nestedSvg(XYChart chart, int x, int y) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(
                chart, bytes, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        String document = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        int start = document.indexOf("<svg");
        if (start < 0) {
            throw new IOException("XChart wrote no <svg> element");
        }
        int end = document.indexOf('>', start);
        String root =
                document.substring(start, end)
                        .replace("x=\"0px\"", "x=\"" + x + "px\"")
                        .replace("y=\"0px\"", "y=\"" + y + "px\"");
        if (!root.contains("x=\"" + x + "px\"") || !root.contains("y=\"" + y + "px\"")) {
            throw new IOException("XChart's <svg> element has no x=\"0px\" y=\"0px\": " + root);
        }
        return root + document.substring(end) + "\n";
    }

    /**
     * Best validation accuracy against each family's strength (1 - gamma, beta, alpha), one line
     * per family, each starting at plain cross-entropy; error bars one std over seeds.
     *
     * @return the file name without extension
     */
    static String accuracyVsStrength(GroupKey key, List<ConfigStats> stats, Path out)
            throws IOException {
        XYChart chart =
                new XYChartBuilder()
                        .width(800)
                        .height(500)
                        .title("Best validation accuracy against strength: " + key)
                        .xAxisTitle("strength (1 - gamma, beta or alpha)")
                        .yAxisTitle("best validation accuracy (%)")
                        .build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        ConfigStats ce = Statistics.crossEntropy(stats);
        int series = 0;
        for (Family family : List.of(Family.SMOOTHING, Family.PENALTY, Family.DISTURB)) {
            List<ConfigStats> points = new java.util.ArrayList<>();
            if (ce != null) {
                points.add(ce);
            }
            stats.stream().filter(s -> s.family() == family).forEach(points::add);
            if (points.size() == (ce == null ? 0 : 1)) {
                continue;
            }
            chart.addSeries(
                    family.title() + " (" + family.strengthName() + ")",
                    points.stream().mapToDouble(ConfigStats::strength).toArray(),
                    points.stream().mapToDouble(ConfigStats::mean).toArray(),
                    points.stream().mapToDouble(ConfigStats::std).toArray());
            series++;
        }
        if (series == 0) {
            chart.addSeries("no single-regularizer cells", new double[] {0}, new double[] {0});
        }
        String name = "accuracy-vs-strength-" + key.fileName();
        save(chart, out.resolve(name));
        return name;
    }

    /**
     * Adds per-bin (mean confidence, accuracy) points of the non-empty bins, and the share of the
     * examples in each bin as a step histogram on the same 0-1 axis, so a point resting on a
     * handful of examples is seen as such.
     */
    private static void addBins(XYChart chart, String name, List<double[]> rows) {
        Map<Double, double[]> pooled = new TreeMap<>();
        for (double[] r : rows) {
            double[] sum = pooled.computeIfAbsent(r[0], k -> new double[4]);
            sum[0] += r[2];
            sum[1] += r[3];
            sum[2] += r[4];
            sum[3] = r[1];
        }
        double total = pooled.values().stream().mapToDouble(s -> s[0]).sum();
        if (total > 0) {
            List<Double> hx = new java.util.ArrayList<>();
            List<Double> hy = new java.util.ArrayList<>();
            for (var bin : pooled.entrySet()) {
                hx.add(bin.getKey());
                hy.add(bin.getValue()[0] / total);
            }
            // The last step needs its right edge.
            double[] last = ((TreeMap<Double, double[]>) pooled).lastEntry().getValue();
            hx.add(last[3]);
            hy.add(last[0] / total);
            XYSeries histogram =
                    chart.addSeries(
                            "share of examples per bin, " + name,
                            hx.stream().mapToDouble(Double::doubleValue).toArray(),
                            hy.stream().mapToDouble(Double::doubleValue).toArray());
            histogram.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
            histogram.setMarker(SeriesMarkers.NONE);
        }
        double[] x =
                pooled.values().stream()
                        .filter(s -> s[0] > 0)
                        .mapToDouble(s -> s[1] / s[0])
                        .toArray();
        double[] y =
                pooled.values().stream()
                        .filter(s -> s[0] > 0)
                        .mapToDouble(s -> s[2] / s[0])
                        .toArray();
        if (x.length > 0) {
            chart.addSeries(name, x, y);
        }
    }

    /**
     * Training curves of one data set and model: per configuration, the mean over its seeds at each
     * epoch (solid, with markers) and the mean plus and minus one standard deviation (thin lines of
     * the same colour; no band with one seed) of the training loss, of the holdout accuracy
     * (validation accuracy where the run has no holdout) and of the learning rate. A cell a search
     * stopped contributes up to its last epoch, so a configuration's line ends where its last seed
     * stopped.
     *
     * @return the three file names without extension (loss, accuracy, learning rate)
     */
    static List<String> trainingCurves(
            GroupKey key, Map<String, List<EpochPoint>> byConfig, Path out) throws IOException {
        boolean holdout =
                byConfig.values().stream()
                        .flatMap(List::stream)
                        .anyMatch(p -> !Double.isNaN(p.holdoutAcc()));
        List<String> names = new java.util.ArrayList<>();
        String[][] metrics = {
            {"loss", "training loss", "training loss"},
            {"accuracy", holdout ? "holdout accuracy (%)" : "validation accuracy (%)", ""},
            {"lr", "learning rate", "learning rate"}
        };
        for (String[] metric : metrics) {
            XYChart chart =
                    new XYChartBuilder()
                            .width(800)
                            .height(450)
                            .title(metric[1] + " per epoch: " + key + " (mean ± 1 SD over seeds)")
                            .xAxisTitle("epoch")
                            .yAxisTitle(metric[1])
                            .build();
            chart.getStyler()
                    .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
            java.awt.Color[] palette = chart.getStyler().getTheme().getSeriesColors();
            int index = 0;
            java.util.function.ToDoubleFunction<EpochPoint> value =
                    switch (metric[0]) {
                        case "loss" -> EpochPoint::trainLoss;
                        case "accuracy" -> holdout ? EpochPoint::holdoutAcc : EpochPoint::valAcc;
                        default -> EpochPoint::learningRate;
                    };
            for (Curve curve : curves(byConfig, value)) {
                java.awt.Color colour = palette[index++ % palette.length];
                XYSeries line = chart.addSeries(curve.config(), curve.epochs(), curve.mean());
                line.setLineColor(colour);
                line.setMarkerColor(colour);
                if (curve.seeds() > 1 && !metric[0].equals("lr")) {
                    for (int sign : new int[] {-1, 1}) {
                        double[] edge = new double[curve.epochs().length];
                        for (int j = 0; j < edge.length; j++) {
                            edge[j] = curve.mean()[j] + sign * curve.sd()[j];
                        }
                        XYSeries s =
                                chart.addSeries(
                                        curve.config() + (sign < 0 ? " -1 SD" : " +1 SD"),
                                        curve.epochs(),
                                        edge);
                        s.setLineColor(colour);
                        s.setLineStyle(new java.awt.BasicStroke(0.6f));
                        s.setMarker(SeriesMarkers.NONE);
                        s.setShowInLegend(false);
                    }
                }
            }
            if (chart.getSeriesMap().isEmpty()) {
                chart.addSeries("no epochs", new double[] {0}, new double[] {0});
            }
            String name = "curves-" + metric[0] + "-" + key.fileName();
            save(chart, out.resolve(name));
            names.add(name);
        }
        return names;
    }

    /**
     * One configuration's curve: at each epoch some seed reached, the mean and the sample standard
     * deviation (0 for a single value) over the seeds that reached it.
     *
     * @param config the configuration's label
     * @param epochs the epochs, ascending
     * @param mean the mean at each epoch
     * @param sd the standard deviation at each epoch
     * @param seeds the most seeds behind any point
     */
    record Curve(String config, double[] epochs, double[] mean, double[] sd, int seeds) {}

    /** The curves of {@code value} for each configuration, skipping NaN values. */
    static List<Curve> curves(
            Map<String, List<EpochPoint>> byConfig,
            java.util.function.ToDoubleFunction<EpochPoint> value) {
        List<Curve> out = new java.util.ArrayList<>();
        for (Map.Entry<String, List<EpochPoint>> config : byConfig.entrySet()) {
            TreeMap<Integer, List<Double>> byEpoch = new TreeMap<>();
            for (EpochPoint p : config.getValue()) {
                double v = value.applyAsDouble(p);
                if (!Double.isNaN(v)) {
                    byEpoch.computeIfAbsent(p.epoch(), e -> new java.util.ArrayList<>()).add(v);
                }
            }
            if (byEpoch.isEmpty()) {
                continue;
            }
            int n = byEpoch.size();
            double[] x = new double[n];
            double[] mean = new double[n];
            double[] sd = new double[n];
            int seeds = 0;
            int i = 0;
            for (Map.Entry<Integer, List<Double>> e : byEpoch.entrySet()) {
                List<Double> values = e.getValue();
                double m = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
                double ss = values.stream().mapToDouble(v -> (v - m) * (v - m)).sum();
                x[i] = e.getKey();
                mean[i] = m;
                sd[i] = values.size() > 1 ? Math.sqrt(ss / (values.size() - 1)) : 0;
                seeds = Math.max(seeds, values.size());
                i++;
            }
            out.add(new Curve(config.getKey(), x, mean, sd, seeds));
        }
        return out;
    }

    private static void save(XYChart chart, Path withoutExtension) throws IOException {
        BitmapEncoder.saveBitmap(
                chart, withoutExtension.toString(), BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(
                chart, withoutExtension.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    }
}
