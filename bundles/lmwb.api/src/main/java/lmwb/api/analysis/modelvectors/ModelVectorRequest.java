package lmwb.api.analysis.modelvectors;

import java.util.List;
import java.util.Objects;

/**
 * What {@link ModelVectorAnalysis#vectors} computes.
 *
 * @param base the base model reference (built-in name, Hugging Face folder, hub id)
 * @param models fine-tuned models: lmwb training checkpoints (a {@code seed-*} folder with {@code model.json},
 *     or a training output folder holding several), Hugging Face folders or hub ids of the base's architecture
 * @param labels per model its dataset label, or empty to take them from the checkpoints' descriptions
 * @param rank r, the singular vectors kept per matrix
 * @param variant {@code reference}, {@code signfix}, {@code scaled} or {@code concat}
 * @param neighbours k of the kNN majority vote
 * @param seed seed of t-SNE and the shuffled-label baseline
 */
public record ModelVectorRequest(String base, List<String> models, List<String> labels, int rank, String variant,
        int neighbours, long seed) {
    /** Freezes the lists. */
    public ModelVectorRequest {
        Objects.requireNonNull(base, "base");
        models = List.copyOf(models);
        labels = List.copyOf(labels);
        Objects.requireNonNull(variant, "variant");
    }
}
