package lmwb.ranker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lmwb.api.Labels;
import lmwb.api.data.LabelMap;

/**
 * Validation's rows: the classes with fewer than {@code min} examples are left out of every estimator's input and
 * the probe's, so that all of them score the same rows. Rare classes are a real property of tagging data (brown-pos
 * at 100 sentences has tags seen once), and the probe's stratified folds cannot hold a class that has fewer examples
 * than folds. The kept rows keep their order; the kept class ids are renumbered 0..C′−1 in the same order, so an
 * estimator that sizes its arrays by {@link Labels#classCount()} sees no empty class.
 *
 * @param keptRows indices of the rows kept, ascending
 * @param kept the labels of those rows, renumbered
 * @param note the one line that says what was dropped (for the result's notes and stderr)
 */
record RareClasses(int[] keptRows, Labels kept, String note) {

    /**
     * @param labels classification labels, one per row (per word for token tasks)
     * @param min the fewest examples a class needs to stay
     * @param names the dataset's label names (for the note)
     * @param tokenLevel whether rows are words (the note then says tags and tokens)
     * @param dataset the dataset's name, for the refusal
     * @return empty when every class has at least {@code min} examples, otherwise the rows to keep
     * @throws IllegalArgumentException (one line) when fewer than 2 classes would remain
     */
    static Optional<RareClasses> drop(Labels labels, int min, LabelMap names, boolean tokenLevel, String dataset) {
        int[] ids = labels.classIds();
        int[] counts = new int[labels.classCount()];
        for (int id : ids) {
            counts[id]++;
        }
        String classes = tokenLevel ? "tags" : "classes";
        String examples = tokenLevel ? "tokens" : "examples";
        List<String> dropped = new ArrayList<>();
        int droppedRows = 0;
        int[] newId = new int[counts.length];
        int remaining = 0;
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] == 0) {
                newId[c] = -1;
            } else if (counts[c] < min) {
                newId[c] = -1;
                dropped.add((c < names.size() ? names.name(c) : Integer.toString(c)) + " (" + counts[c] + ")");
                droppedRows += counts[c];
            } else {
                newId[c] = remaining++;
            }
        }
        if (dropped.isEmpty()) {
            return Optional.empty();
        }
        if (remaining < 2) {
            throw new IllegalArgumentException("dataset " + dataset + " cannot be validated: " + remaining + " of its "
                    + (remaining + dropped.size()) + " " + classes + " " + (remaining == 1 ? "has" : "have") + " at least "
                    + min + " " + examples + " (the probe's " + min + " stratified folds need one in each) and at least 2 "
                    + "are needed; use more data (raise --downsample)");
        }
        int[] rows = new int[ids.length - droppedRows];
        int[] renumbered = new int[rows.length];
        int k = 0;
        for (int i = 0; i < ids.length; i++) {
            if (newId[ids[i]] >= 0) {
                rows[k] = i;
                renumbered[k++] = newId[ids[i]];
            }
        }
        String note = "dropped " + dropped.size() + " " + (dropped.size() == 1 ? classes.substring(0, classes.length()
                - (tokenLevel ? 1 : 2)) : classes) + " with fewer than " + min + " " + examples + ": "
                + String.join(", ", dropped) + "; every estimator and the probe scored the other " + rows.length + " "
                + examples + " (the probe's " + min + " stratified folds need one of each class in each)";
        return Optional.of(new RareClasses(rows, Labels.classes(renumbered), note));
    }
}
