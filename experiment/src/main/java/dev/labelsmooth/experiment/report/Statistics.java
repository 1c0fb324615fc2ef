package dev.labelsmooth.experiment.report;

import dev.labelsmooth.core.loss.LossConfig.Family;
import dev.labelsmooth.experiment.store.CalibrationRow;
import dev.labelsmooth.experiment.store.CellKey;
import dev.labelsmooth.experiment.store.GroupKey;
import dev.labelsmooth.experiment.store.ResultRow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * The numbers behind the reports, as values: each loss configuration's statistics over its seeds,
 * the best configuration with one tie rule, the comparison with plain cross-entropy, and the pooled
 * reliability bins. Both report layouts (γ only, and with the other regularizers) and {@code
 * search} read them from here.
 */
public final class Statistics {

    private Statistics() {}

    /**
     * Done rows grouped by data set and model, then by configuration: plain cross-entropy first,
     * then smoothing, penalty and DisturbLabel by strength, then the mixes in the order first seen.
     */
    public static Map<GroupKey, List<ConfigStats>> group(List<ResultRow> rows) {
        Map<GroupKey, Map<CellKey, List<ResultRow>>> byGroup = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            if (r.done()) {
                byGroup.computeIfAbsent(GroupKey.of(r), k -> new LinkedHashMap<>())
                        .computeIfAbsent(r.key().withSeed(0), k -> new ArrayList<>())
                        .add(r);
            }
        }
        Map<GroupKey, List<ConfigStats>> out = new LinkedHashMap<>();
        byGroup.forEach(
                (group, configs) -> {
                    List<ConfigStats> stats = new ArrayList<>();
                    configs.forEach((config, list) -> stats.add(stats(config, list)));
                    List<ConfigStats> sorted = new ArrayList<>(stats);
                    sorted.sort(
                            Comparator.comparing(ConfigStats::family)
                                    .thenComparing(
                                            s ->
                                                    s.family() == Family.MIX
                                                            ? stats.indexOf(s)
                                                            : s.strength()));
                    out.put(group, sorted);
                });
        return out;
    }

    private static ConfigStats stats(CellKey config, List<ResultRow> rows) {
        return new ConfigStats(
                config,
                Family.of(
                        config.gamma().compareTo(BigDecimal.ONE) < 0,
                        config.beta().signum() > 0,
                        config.alpha().signum() > 0),
                rows.stream().mapToDouble(ResultRow::bestValAcc).toArray(),
                rows.stream().mapToDouble(ResultRow::valEce).average().orElse(Double.NaN),
                rows.stream().mapToDouble(ResultRow::valNll).average().orElse(Double.NaN));
    }

    /** Plain cross-entropy among {@code stats}, or null when it was not run. */
    public static ConfigStats crossEntropy(List<ConfigStats> stats) {
        return stats.stream().filter(ConfigStats::isCrossEntropy).findFirst().orElse(null);
    }

    /**
     * The best configuration by mean accuracy, ties by {@link CellKey#PREFERRED_ON_TIE}; null if
     * none.
     */
    public static ConfigStats best(List<ConfigStats> stats) {
        ConfigStats best = null;
        for (ConfigStats s : stats) {
            if (better(s, best)) {
                best = s;
            }
        }
        return best;
    }

    /**
     * The best configuration of each family but plain cross-entropy, by mean accuracy, ties by
     * {@link CellKey#PREFERRED_ON_TIE}.
     */
    public static Map<Family, ConfigStats> bestPerFamily(List<ConfigStats> stats) {
        Map<Family, ConfigStats> best = new LinkedHashMap<>();
        for (ConfigStats s : stats) {
            if (!s.isCrossEntropy() && better(s, best.get(s.family()))) {
                best.put(s.family(), s);
            }
        }
        return best;
    }

    private static boolean better(ConfigStats s, ConfigStats than) {
        return than == null
                || s.mean() > than.mean()
                || (s.mean() == than.mean()
                        && CellKey.PREFERRED_ON_TIE.compare(s.config(), than.config()) < 0);
    }

    /**
     * Welch's two-sided p of {@code s} against {@code base}; NaN where it cannot apply (the same
     * configuration, fewer than two seeds on a side, or no spread at all).
     */
    public static double welchP(ConfigStats s, ConfigStats base) {
        if (base == null
                || s == null
                || s.config().equals(base.config())
                || s.seeds() < 2
                || base.seeds() < 2
                || (s.std() == 0 && base.std() == 0)) {
            return Double.NaN;
        }
        return new TTest().tTest(s.accuracies(), base.accuracies());
    }

    /** The paper's diff_pct: {@code (s - base) / s * 100} of the mean accuracies. */
    public static double diffPct(ConfigStats s, ConfigStats base) {
        return (s.mean() - base.mean()) / s.mean() * 100;
    }

    /**
     * The reliability bins of one configuration, seeds pooled, as {@code {lower, upper, count,
     * confidence x count, accuracy x count}} per bin row read.
     */
    public static List<double[]> pooledBins(
            List<CalibrationRow> rows, GroupKey group, CellKey config) {
        List<double[]> out = new ArrayList<>();
        for (CalibrationRow row : rows) {
            if (row.dataset().equals(group.dataset())
                    && row.model().equals(group.model())
                    && row.key().withSeed(0).equals(config)) {
                var bin = row.bin();
                double count = bin.count();
                double conf = Double.isNaN(bin.confidence()) ? 0 : bin.confidence();
                double acc = Double.isNaN(bin.accuracy()) ? 0 : bin.accuracy();
                out.add(new double[] {bin.lower(), bin.upper(), count, conf * count, acc * count});
            }
        }
        return out;
    }
}
