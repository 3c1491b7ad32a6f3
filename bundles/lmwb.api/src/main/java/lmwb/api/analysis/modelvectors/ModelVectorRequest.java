package lmwb.api.analysis.modelvectors;

import java.util.List;
import java.util.Locale;

/**
 * The {@code modelvec} command's request: model vectors from weight deltas and their cluster evaluation.
 *
 * @param base the base model reference (built-in name, Hugging Face folder, hub id)
 * @param models fine-tuned models: lmwb training checkpoints (a {@code seed-*} folder with {@code model.json},
 *     or a training output folder holding several), stored trainings by result id ({@code ID}, {@code ID/seed-N}),
 *     Hugging Face folders or hub ids of the base's architecture
 * @param labels per model its dataset label ({@code -} for unknown), or empty to take them from the checkpoints
 * @param rank r, the singular vectors kept per matrix (default 8)
 * @param variant {@code reference} (default), {@code signfix}, {@code scaled} or {@code concat}
 * @param neighbours k of the kNN majority vote (default 3)
 * @param seed seed of t-SNE and the shuffled-label baseline (default 42)
 * @param out a folder that receives a copy of the stored result, or {@code null}
 */
public record ModelVectorRequest(String base, List<String> models, List<String> labels, Integer rank, String variant,
        Integer neighbours, Long seed, String out) {
    /** The variants. */
    public static final List<String> VARIANTS = List.of("reference", "signfix", "scaled", "concat");

    /** Fills defaults and checks. */
    public ModelVectorRequest {
        base = ModelDeltas.base(base);
        models = ModelDeltas.models(models);
        labels = labels == null ? List.of() : List.copyOf(labels);
        rank = rank == null ? 8 : rank;
        if (rank < 1) {
            throw new IllegalArgumentException("--rank must be at least 1, got " + rank);
        }
        variant = variant == null || variant.isBlank() ? "reference" : variant.trim().toLowerCase(Locale.ROOT);
        if (!VARIANTS.contains(variant)) {
            throw new IllegalArgumentException("unknown --variant '" + variant + "'; use one of " + String.join(", ", VARIANTS));
        }
        neighbours = neighbours == null ? 3 : neighbours;
        if (neighbours < 1) {
            throw new IllegalArgumentException("--neighbours must be at least 1, got " + neighbours);
        }
        seed = seed == null ? 42L : seed;
        out = out == null || out.isBlank() ? null : out;
    }
}
