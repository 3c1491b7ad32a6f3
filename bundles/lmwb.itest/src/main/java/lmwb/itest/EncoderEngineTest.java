package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.LanguageModel;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelOptions;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;

/**
 * Inside the real runtime the encoder computes its matrix products with OpenBLAS from bundle lmwb.blas (the
 * package wiring between lmwb.encoders, lmwb.blas and lmwb.djl works and the natives load), runs several
 * batches at once, and gives the same embeddings as PyTorch's own path. The PyTorch path is the reference here;
 * both are checked against ONNX Runtime in lmwb.encoders' OnnxRuntimeParityTest.
 */
class EncoderEngineTest {
    private static final String MODEL = "all-minilm-l6-v2";
    private static final String ENGINE_PROPERTY = "lmwb.encoder.gemm";

    @InjectService(timeout = 20_000)
    EmbeddingService embeddings;

    @Test
    void openBlasInferenceInsideTheRuntimeMatchesPyTorch() throws Exception {
        List<EmbeddingInput> inputs = new ArrayList<>();
        String[] words = {"the", "film", "was", "surprisingly", "good", "and", "the", "cast", "wonderful", "today"};
        for (int i = 0; i < 10; i++) {
            inputs.add(EmbeddingInput.text(String.join(" ", List.of(words).subList(0, i + 1)) + "."));
        }
        // Batches of 3: four batches, so the one-batch-per-core workers really share the work.
        EmbeddingRequest request = new EmbeddingRequest(inputs, List.of(0, 3, -1), false, SubwordPooling.MEAN,
                SentencePooling.MEAN, PairEncoding.NATIVE, 3);
        LayerEmbeddings fast = embed(request, null);
        LayerEmbeddings reference = embed(request, "torch");

        assertEquals("openblas", fast.provenance().configuration().get("denseLayers"));
        assertTrue(fast.provenance().versions().getOrDefault("openblas", "").startsWith("OpenBLAS "),
                () -> "provenance names the OpenBLAS build: " + fast.provenance().versions());
        assertEquals("pytorch", reference.provenance().configuration().get("denseLayers"));
        assertEquals(reference.layers().keySet(), fast.layers().keySet());
        double worst = 0;
        for (int layer : reference.layers().keySet()) {
            float[] a = fast.layer(layer).toArray();
            float[] b = reference.layer(layer).toArray();
            assertEquals(b.length, a.length);
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
        }
        // Two fp32 engines, different summation order: the same 1e-4 bound as against ONNX Runtime.
        assertTrue(worst < 1e-4, "max |OpenBLAS - PyTorch| = " + worst);
    }

    private LayerEmbeddings embed(EmbeddingRequest request, String engine) throws Exception {
        LanguageModel model;
        if (engine != null) {
            System.setProperty(ENGINE_PROPERTY, engine);
        }
        try {
            model = embeddings.open(MODEL, ModelOptions.DEFAULTS);
        } finally {
            System.clearProperty(ENGINE_PROPERTY);
        }
        try (LanguageModel m = model) {
            return m.embed(request, ProgressListener.NONE, new CancellationToken());
        }
    }
}
