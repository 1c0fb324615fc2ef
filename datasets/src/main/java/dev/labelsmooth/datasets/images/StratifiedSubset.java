package dev.labelsmooth.datasets.images;

import static dev.labelsmooth.core.Checks.require;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Picks {@code n} of the images so that each class keeps its share (largest remainder rounding),
 * drawing within each class with a seeded {@link Random}. The result is in ascending index order.
 */
public final class StratifiedSubset {

    private StratifiedSubset() {}

    /** Indices of a stratified subset of size {@code min(n, labels.length)}. */
    public static int[] indices(int[] labels, int numClasses, int n, long seed) {
        require(n >= 1, "subset size", ">= 1", n);
        if (n >= labels.length) {
            int[] all = new int[labels.length];
            Arrays.setAll(all, i -> i);
            return all;
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        int[] quota = new int[numClasses];
        double[] remainder = new double[numClasses];
        int assigned = 0;
        for (int c = 0; c < numClasses; c++) {
            double exact = (double) n * byClass.get(c).size() / labels.length;
            quota[c] = (int) Math.floor(exact);
            remainder[c] = exact - quota[c];
            assigned += quota[c];
        }
        Integer[] order = new Integer[numClasses];
        Arrays.setAll(order, c -> c);
        // Largest remainder first; ties go to the lower class index, so the result is
        // deterministic.
        Arrays.sort(
                order,
                Comparator.comparingDouble((Integer c) -> -remainder[c]).thenComparingInt(c -> c));
        for (int i = 0; assigned < n; i++) {
            int c = order[i % numClasses];
            if (quota[c] < byClass.get(c).size()) {
                quota[c]++;
                assigned++;
            }
        }
        Random random = new Random(seed);
        int[] picked = new int[n];
        int next = 0;
        for (int c = 0; c < numClasses; c++) {
            List<Integer> members = byClass.get(c);
            java.util.Collections.shuffle(members, random);
            for (int j = 0; j < quota[c]; j++) {
                picked[next++] = members.get(j);
            }
        }
        Arrays.sort(picked);
        return picked;
    }
}
