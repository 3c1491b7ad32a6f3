package lmwb.api.analysis.modelvectors;

import java.util.List;

/** The checks both model-delta requests share. */
final class ModelDeltas {
    private ModelDeltas() {
    }

    static String base(String base) {
        if (base == null || base.isBlank()) {
            throw new IllegalArgumentException("--base is required (see 'models')");
        }
        return base.trim();
    }

    static List<String> models(List<String> models) {
        List<String> out = models == null ? List.of() : List.copyOf(models);
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--models is required: comma list of fine-tuned checkpoints or models");
        }
        return out;
    }
}
