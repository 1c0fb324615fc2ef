package dev.labelsmooth.experiment.report;

import dev.labelsmooth.core.loss.LossConfig.Family;
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

    private static void save(XYChart chart, Path withoutExtension) throws IOException {
        BitmapEncoder.saveBitmap(
                chart, withoutExtension.toString(), BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(
                chart, withoutExtension.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    }
}
