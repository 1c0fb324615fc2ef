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
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;
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
        List<ResultRow> bySeed =
                rows.stream().sorted(Comparator.comparingInt(ResultRow::seed)).toList();
        return new ConfigStats(
                config,
                Family.of(
                        config.gamma().compareTo(BigDecimal.ONE) < 0,
                        config.beta().signum() > 0,
                        config.alpha().signum() > 0),
                bySeed.stream().mapToInt(ResultRow::seed).toArray(),
                bySeed.stream()
                        .mapToDouble(r -> r.hasHoldout() ? r.heldOut().testAcc() : r.bestValAcc())
                        .toArray(),
                bySeed.stream().mapToDouble(ResultRow::valEce).toArray(),
                bySeed.stream().mapToDouble(ResultRow::valNll).toArray(),
                bySeed.stream().mapToDouble(r -> r.heldOut().holdoutAcc()).toArray(),
                bySeed.stream().mapToDouble(ResultRow::bestValAcc).toArray(),
                bySeed.stream().map(ResultRow::heldOut).toList());
    }

    /** Plain cross-entropy among {@code stats}, or null when it was not run. */
    public static ConfigStats crossEntropy(List<ConfigStats> stats) {
        return stats.stream().filter(ConfigStats::isCrossEntropy).findFirst().orElse(null);
    }

    /**
     * The best configuration: by mean holdout accuracy where there is a holdout, else by mean
     * accuracy; ties by {@link CellKey#PREFERRED_ON_TIE}; null if none.
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

    /**
     * Whether {@code s} ranks above {@code than}: by mean holdout accuracy where both have a
     * holdout (so that the test split is never chosen on), else by mean accuracy; ties by {@link
     * CellKey#PREFERRED_ON_TIE}.
     */
    private static boolean better(ConfigStats s, ConfigStats than) {
        if (than == null) {
            return true;
        }
        boolean holdout = s.hasHoldout() && than.hasHoldout();
        double a = holdout ? s.holdoutMean() : s.mean();
        double b = holdout ? than.holdoutMean() : than.mean();
        return a > b || (a == b && CellKey.PREFERRED_ON_TIE.compare(s.config(), than.config()) < 0);
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

    /** Resamples of the bootstrap intervals. */
    static final int BOOTSTRAP_RESAMPLES = 10_000;

    /** The bootstrap's seed: a report is a function of its files. */
    private static final long BOOTSTRAP_SEED = 20_261_128L;

    /** The two-sided level of every interval and test. */
    static final double ALPHA = 0.05;

    /** The power of the minimum detectable effect. */
    static final double POWER = 0.8;

    /**
     * Every configuration of a data set and model against plain cross-entropy, paired by seed
     * index, with Holm's adjustment over all of them; empty without cross-entropy.
     *
     * @param stats the group's configurations
     * @return one comparison per configuration but cross-entropy, in the order of {@code stats}
     */
    public static List<Comparison> compareWithCrossEntropy(List<ConfigStats> stats) {
        ConfigStats ce = crossEntropy(stats);
        if (ce == null) {
            return List.of();
        }
        List<Comparison> raw = new ArrayList<>();
        for (ConfigStats s : stats) {
            if (!s.isCrossEntropy()) {
                raw.add(compare(s, ce));
            }
        }
        double[] adjusted = holm(raw.stream().mapToDouble(Comparison::p).toArray());
        List<Comparison> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            out.add(raw.get(i).withHolm(adjusted[i]));
        }
        return out;
    }

    /** {@code s} against {@code base}: paired by seed index when two or more seeds pair. */
    public static Comparison compare(ConfigStats s, ConfigStats base) {
        List<Double> diffs = new ArrayList<>();
        for (int i = 0; i < s.seedIndices().length; i++) {
            double other = base.accuracyOfSeed(s.seedIndices()[i]);
            if (!Double.isNaN(other)) {
                diffs.add(s.accuracies()[i] - other);
            }
        }
        if (diffs.size() >= 2) {
            return paired(s, base, diffs.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return welch(s, base);
    }

    private static Comparison paired(ConfigStats s, ConfigStats base, double[] d) {
        int n = d.length;
        double mean = StatUtils.mean(d);
        double sd = Math.sqrt(StatUtils.variance(d));
        double se = sd / Math.sqrt(n);
        TDistribution t = new TDistribution(n - 1);
        double half = t.inverseCumulativeProbability(1 - ALPHA / 2) * se;
        double p;
        if (sd == 0) {
            p = mean == 0 ? 1 : 0;
        } else {
            p = 2 * t.cumulativeProbability(-Math.abs(mean / se));
        }
        double[] boot = bootstrapMeanInterval(d);
        return new Comparison(
                s.config(),
                base.config(),
                true,
                d,
                mean,
                mean - half,
                mean + half,
                boot[0],
                boot[1],
                p,
                signFlipP(d),
                n > 62 ? 0 : 2 / Math.pow(2, n),
                Double.NaN,
                minimumDetectable(t, se));
    }

    private static Comparison welch(ConfigStats s, ConfigStats base) {
        double mean = s.mean() - base.mean();
        double p = welchP(s, base);
        double ciLow = Double.NaN;
        double ciHigh = Double.NaN;
        double mde = Double.NaN;
        if (s.seeds() >= 2 && base.seeds() >= 2) {
            double v1 = StatUtils.variance(s.accuracies()) / s.seeds();
            double v2 = StatUtils.variance(base.accuracies()) / base.seeds();
            double se = Math.sqrt(v1 + v2);
            if (se > 0) {
                double df =
                        (v1 + v2)
                                * (v1 + v2)
                                / (v1 * v1 / (s.seeds() - 1) + v2 * v2 / (base.seeds() - 1));
                TDistribution t = new TDistribution(df);
                double half = t.inverseCumulativeProbability(1 - ALPHA / 2) * se;
                ciLow = mean - half;
                ciHigh = mean + half;
                mde = minimumDetectable(t, se);
            }
        }
        return new Comparison(
                s.config(),
                base.config(),
                false,
                new double[0],
                mean,
                ciLow,
                ciHigh,
                Double.NaN,
                Double.NaN,
                p,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                mde);
    }

    private static double minimumDetectable(TDistribution t, double se) {
        return (t.inverseCumulativeProbability(1 - ALPHA / 2)
                        + t.inverseCumulativeProbability(POWER))
                * se;
    }

    /**
     * The exact two-sided sign-flip p-value: the share of the 2^n sign assignments whose mean is at
     * least as far from 0 as the observed one (the observed assignment included).
     */
    static double signFlipP(double[] d) {
        int n = d.length;
        if (n > 20) {
            throw new IllegalArgumentException(
                    "exact sign-flip test must have at most 20 pairs, got " + n);
        }
        double observed = Math.abs(StatUtils.sum(d));
        long extreme = 0;
        long total = 1L << n;
        for (long mask = 0; mask < total; mask++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += ((mask >> i) & 1) == 1 ? -d[i] : d[i];
            }
            // A relative tolerance keeps ties (such as the observed sum itself) counted.
            if (Math.abs(sum) >= observed - 1e-9 * Math.max(1, observed)) {
                extreme++;
            }
        }
        return (double) extreme / total;
    }

    /** The 2.5% and 97.5% percentiles of the mean of {@code d} resampled with replacement. */
    static double[] bootstrapMeanInterval(double[] d) {
        java.util.Random random = new java.util.Random(BOOTSTRAP_SEED);
        double[] means = new double[BOOTSTRAP_RESAMPLES];
        for (int b = 0; b < means.length; b++) {
            double sum = 0;
            for (int i = 0; i < d.length; i++) {
                sum += d[random.nextInt(d.length)];
            }
            means[b] = sum / d.length;
        }
        java.util.Arrays.sort(means);
        return new double[] {
            means[(int) Math.floor(ALPHA / 2 * (means.length - 1))],
            means[(int) Math.ceil((1 - ALPHA / 2) * (means.length - 1))]
        };
    }

    /**
     * Holm's step-down adjustment of {@code p} (NaN entries are left out of the family and stay
     * NaN): the i-th smallest of m becomes {@code max over j <= i of min(1, (m - j + 1) p_(j))}.
     */
    static double[] holm(double[] p) {
        Integer[] order =
                java.util.stream.IntStream.range(0, p.length)
                        .filter(i -> !Double.isNaN(p[i]))
                        .boxed()
                        .sorted(Comparator.comparingDouble(i -> p[i]))
                        .toArray(Integer[]::new);
        double[] adjusted = new double[p.length];
        java.util.Arrays.fill(adjusted, Double.NaN);
        int m = order.length;
        double running = 0;
        for (int j = 0; j < m; j++) {
            running = Math.max(running, Math.min(1, (m - j) * p[order[j]]));
            adjusted[order[j]] = running;
        }
        return adjusted;
    }

    /**
     * Mean confidence minus accuracy over pooled bins ({@link #pooledBins}): positive when the
     * model is over-confident; NaN without bins.
     */
    public static double confidenceGap(List<double[]> bins) {
        double n = 0;
        double confidence = 0;
        double accuracy = 0;
        for (double[] b : bins) {
            n += b[2];
            confidence += b[3];
            accuracy += b[4];
        }
        return n == 0 ? Double.NaN : (confidence - accuracy) / n;
    }
}
