package lmwb.diagnostics.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Seeded stratified k-fold assignment (the {@code probe} estimator's: each class shuffled, dealt round-robin). */
public final class Folds {
    private Folds() {
    }

    /**
     * @param classes class id per example
     * @param classCount number of classes
     * @param folds folds
     * @param seed the seed
     * @return the fold of each example
     */
    public static int[] stratified(int[] classes, int classCount, int folds, long seed) {
        Random rnd = new Random(seed);
        int[] fold = new int[classes.length];
        int next = 0;
        for (int c = 0; c < classCount; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < classes.length; i++) {
                if (classes[i] == c) {
                    members.add(i);
                }
            }
            Collections.shuffle(members, rnd);
            for (int i : members) {
                fold[i] = next++ % folds;
            }
        }
        return fold;
    }
}
