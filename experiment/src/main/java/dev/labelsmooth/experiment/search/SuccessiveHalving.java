package dev.labelsmooth.experiment.search;

import static dev.labelsmooth.core.Checks.require;
import static dev.labelsmooth.core.Checks.requireSetting;

import dev.labelsmooth.experiment.sweep.SearchSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Synchronous successive halving (Jamieson and Talwalkar, 2016) over a fixed list of
 * configurations: rung 0 trains every configuration for {@code minEpochs} epochs, ranks them and
 * keeps the best {@code 1/eta}; each later rung trains the survivors {@code eta} times as long, and
 * the last rung trains them to {@code epochs}. Survivors continue where they stopped, on the
 * learning-rate schedule of the full run, so a survivor's epochs are exactly those of a full run.
 *
 * <p>The decisions are a pure function of the scores: {@link #run} replays them from whatever has
 * been trained so far and says what to train next, so a search resumed in the middle of a rung
 * takes the same decisions, and the same code replays a finished grid's per-epoch accuracies.
 *
 * @param epochs epochs of a full run, the last rung's
 * @param minEpochs epochs of rung 0
 * @param eta the reduction factor: each rung keeps the best {@code floor(n / eta)} (at least one)
 */
public record SuccessiveHalving(int epochs, int minEpochs, int eta) {

    /** Checks the ranges, naming the option. */
    public SuccessiveHalving {
        requireSetting(epochs >= 1, "epochs", ">= 1", epochs);
        requireSetting(eta >= 2, "eta", ">= 2", eta);
        requireSetting(
                minEpochs >= 1 && minEpochs <= epochs,
                "minEpochs",
                "in [1, 'epochs'=" + epochs + "]",
                minEpochs);
    }

    /** The halving {@code settings} give a run of {@code epochs} epochs. */
    public static SuccessiveHalving of(SearchSettings settings, int epochs) {
        return new SuccessiveHalving(epochs, settings.minEpochs(), settings.eta());
    }

    /**
     * The epoch each rung trains to, for {@code configurations} candidates: {@code minEpochs *
     * eta^i} while that is below {@code epochs} and more than one candidate is left, then {@code
     * epochs}.
     *
     * @param configurations how many candidates rung 0 starts with
     * @return the rung epochs, ascending, the last one {@code epochs}
     */
    public List<Integer> rungs(int configurations) {
        require(configurations >= 1, "configurations", ">= 1", configurations);
        List<Integer> rungs = new ArrayList<>();
        long epoch = minEpochs;
        int alive = configurations;
        while (epoch < epochs && alive > 1) {
            rungs.add((int) epoch);
            alive = keep(alive);
            epoch *= eta;
        }
        rungs.add(epochs);
        return List.copyOf(rungs);
    }

    /**
     * How many of {@code alive} candidates a rung keeps: {@code floor(alive / eta)}, at least 1.
     */
    public int keep(int alive) {
        return Math.max(1, alive / eta);
    }

    /**
     * Where a candidate stands: the mean over its seeds of the best validation accuracy up to an
     * epoch, or empty while some seed has not been trained that far.
     *
     * @param <C> the candidate type
     */
    @FunctionalInterface
    public interface Scores<C> {
        /**
         * The score of {@code candidate} after {@code epoch} epochs.
         *
         * @return the score, or empty when not yet known
         */
        OptionalDouble at(C candidate, int epoch);
    }

    /**
     * A candidate with its score at a rung.
     *
     * @param candidate the candidate
     * @param score mean over seeds of the best validation accuracy so far
     */
    public record Scored<C>(C candidate, double score) {}

    /**
     * One decided rung.
     *
     * @param index 0-based
     * @param epoch the epoch its candidates were trained to
     * @param ranked its candidates, best first
     * @param kept how many of the first of {@code ranked} go on (all of them at the last rung,
     *     where the first is the choice)
     */
    public record Rung<C>(int index, int epoch, List<Scored<C>> ranked, int kept) {

        /** The candidates that go on to the next rung. */
        public List<C> survivors() {
            return ranked.subList(0, kept).stream().map(Scored::candidate).toList();
        }

        /** The candidates stopped at this rung. */
        public List<C> stopped() {
            return ranked.subList(kept, ranked.size()).stream().map(Scored::candidate).toList();
        }
    }

    /**
     * The search so far.
     *
     * @param rungs the decided rungs, in order
     * @param nextEpoch the epoch the next rung trains to, or 0 when the search is finished
     * @param toTrain the candidates of the next rung (empty when finished)
     * @param choice the best candidate of the last rung (null until finished)
     */
    public record Progress<C>(List<Rung<C>> rungs, int nextEpoch, List<C> toTrain, C choice) {

        /** Whether the last rung has been decided. */
        public boolean finished() {
            return choice != null;
        }
    }

    /**
     * Replays the search on the scores known so far.
     *
     * @param candidates every configuration, in the grid's order
     * @param tieBreak orders candidates of equal score, preferred first (for γ: the larger γ)
     * @param scores the scores trained so far
     * @return the decided rungs and what to train next
     */
    public <C> Progress<C> run(List<C> candidates, Comparator<C> tieBreak, Scores<C> scores) {
        Objects.requireNonNull(tieBreak, "tieBreak");
        List<Integer> rungEpochs = rungs(candidates.size());
        List<Rung<C>> decided = new ArrayList<>();
        List<C> alive = List.copyOf(candidates);
        for (int i = 0; i < rungEpochs.size(); i++) {
            int epoch = rungEpochs.get(i);
            List<Scored<C>> scored = new ArrayList<>();
            for (C c : alive) {
                OptionalDouble s = scores.at(c, epoch);
                if (s.isEmpty()) {
                    return new Progress<>(List.copyOf(decided), epoch, alive, null);
                }
                scored.add(new Scored<>(c, s.getAsDouble()));
            }
            scored.sort(
                    Comparator.<Scored<C>>comparingDouble(Scored::score)
                            .reversed()
                            .thenComparing(Scored::candidate, tieBreak));
            boolean last = i == rungEpochs.size() - 1;
            Rung<C> rung =
                    new Rung<>(
                            i,
                            epoch,
                            List.copyOf(scored),
                            last ? scored.size() : keep(alive.size()));
            decided.add(rung);
            if (last) {
                return new Progress<>(
                        List.copyOf(decided), 0, List.of(), scored.get(0).candidate());
            }
            alive = rung.survivors();
        }
        throw new AssertionError("the last rung always decides");
    }

    /**
     * Epochs trained by the search per seed, against {@code configurations * epochs} for the grid.
     *
     * @param progress a finished or unfinished search
     * @return epochs trained (each survivor's rungs counted once, as it continues)
     */
    public static <C> long epochsTrained(Progress<C> progress) {
        long total = 0;
        int previous = 0;
        for (Rung<C> rung : progress.rungs()) {
            total += (long) rung.ranked().size() * (rung.epoch() - previous);
            previous = rung.epoch();
        }
        return total;
    }
}
