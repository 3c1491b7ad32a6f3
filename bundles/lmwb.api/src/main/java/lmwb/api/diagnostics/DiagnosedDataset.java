package lmwb.api.diagnostics;

import java.util.List;

/**
 * The dataset a diagnostic looked at.
 *
 * @param name its name (or file, or {@code pred-probs} for given probabilities)
 * @param hash its content hash (of the probabilities and labels for given probabilities)
 * @param task its task type (display name)
 * @param examples examples diagnosed
 * @param labels the label names, by class id
 */
public record DiagnosedDataset(String name, String hash, String task, int examples, List<String> labels) {
    /** Freezes the labels. */
    public DiagnosedDataset {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /**
     * @param id a class id
     * @return its name, or the id as text when the dataset has no name for it
     */
    public String label(int id) {
        return id >= 0 && id < labels.size() ? labels.get(id) : Integer.toString(id);
    }
}
