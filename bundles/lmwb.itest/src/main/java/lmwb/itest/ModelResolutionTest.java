package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.ModelSource;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectService;

/**
 * The one model-resolution path, in the running runtime: {@link EmbeddingService#resolve} asks the
 * registered model sources by their {@code service.ranking}; the built-in source declares the highest of the
 * sources lmwb ships, so a built-in name resolves to the pinned built-in model although {@code hf-hub}
 * (which claims any plain name) is installed too.
 */
class ModelResolutionTest {
    @InjectService(timeout = 20_000)
    EmbeddingService embeddings;

    @Test
    void theBuiltinSourceRanksHighestAndAnswersItsNames() throws Exception {
        Map<String, Integer> rankings = new TreeMap<>();
        for (ServiceReference<ModelSource> ref : Framework.context().getServiceReferences(ModelSource.class, null)) {
            Object r = ref.getProperty(Constants.SERVICE_RANKING);
            rankings.put(String.valueOf(ref.getProperty(ModelSource.NAME)), r instanceof Integer i ? i : 0);
        }
        assertTrue(rankings.keySet().containsAll(java.util.List.of("builtin", "hf-dir", "hf-cache", "hf-hub")),
                "registered sources: " + rankings);
        int builtin = rankings.get("builtin");
        rankings.forEach((name, r) -> assertTrue(name.equals("builtin") || r < builtin,
                "the built-in source (" + builtin + ") must rank above " + name + " (" + r + "): " + rankings));

        ModelArtifact a = embeddings.resolve("all-minilm-l6-v2", ProgressListener.NONE);
        assertEquals("builtin", a.source());
        assertTrue(a.contentHash().startsWith("sha256:"), a.contentHash());
    }
}
