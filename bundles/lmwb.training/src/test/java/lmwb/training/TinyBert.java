package lmwb.training;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.ModelDescriptor;
import lmwb.api.encoder.ModelSource;

/**
 * A tiny randomly initialised BERT (seeded; hidden 8, 2 layers, 2 heads, the 30-token WordPiece
 * tokenizer from the test resources) written as a Hugging Face folder with this bundle's safetensors
 * writer, and a model source that resolves its name.
 */
final class TinyBert {
    static final int VOCAB = 30;
    static final int POSITIONS = 40;
    static final int FF = 16;
    static final int LAYERS = 2;

    private TinyBert() {
    }

    static ModelArtifact write(Path dir, String name, int hidden, long seed) throws IOException {
        return write(dir, name, hidden, seed, Map.of());
    }

    /**
     * @param extraConfig more {@code config.json} keys (e.g. {@code hidden_dropout_prob})
     */
    static ModelArtifact write(Path dir, String name, int hidden, long seed, Map<String, Object> extraConfig)
            throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model_type", "bert");
        config.put("vocab_size", VOCAB);
        config.put("hidden_size", hidden);
        config.put("num_hidden_layers", LAYERS);
        config.put("num_attention_heads", 2);
        config.put("intermediate_size", FF);
        config.put("max_position_embeddings", POSITIONS);
        config.put("type_vocab_size", 2);
        config.put("layer_norm_eps", 1e-12);
        config.put("hidden_act", "gelu");
        config.put("pad_token_id", 0);
        config.putAll(extraConfig);
        Files.writeString(dir.resolve("config.json"), new Gson().toJson(config));
        Random r = new Random(seed);
        Map<String, float[]> w = new LinkedHashMap<>();
        Map<String, long[]> s = new LinkedHashMap<>();
        put(w, s, r, "bert.embeddings.word_embeddings.weight", VOCAB, hidden);
        put(w, s, r, "bert.embeddings.position_embeddings.weight", POSITIONS, hidden);
        put(w, s, r, "bert.embeddings.token_type_embeddings.weight", 2, hidden);
        norm(w, s, r, "bert.embeddings.LayerNorm", hidden);
        for (int l = 0; l < LAYERS; l++) {
            String p = "bert.encoder.layer." + l + ".";
            for (String m : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                    "attention.output.dense")) {
                put(w, s, r, p + m + ".weight", hidden, hidden);
                put(w, s, r, p + m + ".bias", hidden);
            }
            norm(w, s, r, p + "attention.output.LayerNorm", hidden);
            put(w, s, r, p + "intermediate.dense.weight", FF, hidden);
            put(w, s, r, p + "intermediate.dense.bias", FF);
            put(w, s, r, p + "output.dense.weight", hidden, FF);
            put(w, s, r, p + "output.dense.bias", hidden);
            norm(w, s, r, p + "output.LayerNorm", hidden);
        }
        SafetensorsWriter.write(dir.resolve("model.safetensors"), w, s, Map.of("format", "pt"));
        try (var in = TinyBert.class.getResourceAsStream("/tiny/tokenizer.json")) {
            Files.copy(in, dir.resolve("tokenizer.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return new ModelArtifact(name, "test", ModelArtifact.WeightFormat.SAFETENSORS, dir.resolve("model.safetensors"),
                dir.resolve("tokenizer.json"), dir.resolve("config.json"), "sha256:tiny-" + name + "-" + seed);
    }

    private static void put(Map<String, float[]> w, Map<String, long[]> s, Random r, String name, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian() * 0.2f;
        }
        w.put(name, v);
        s.put(name, shape);
    }

    private static void norm(Map<String, float[]> w, Map<String, long[]> s, Random r, String name, int n) {
        float[] g = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = 1f + (float) r.nextGaussian() * 0.1f;
            b[i] = (float) r.nextGaussian() * 0.1f;
        }
        w.put(name + ".weight", g);
        s.put(name + ".weight", new long[] {n});
        w.put(name + ".bias", b);
        s.put(name + ".bias", new long[] {n});
    }

    /** A model source that resolves the given artifacts by reference. */
    static ModelSource source(List<ModelArtifact> artifacts) {
        return new ModelSource() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public List<ModelDescriptor> available() {
                return List.of();
            }

            @Override
            public Optional<ModelArtifact> resolve(String reference, ProgressListener progress) {
                return artifacts.stream().filter(a -> a.reference().equals(reference)).findFirst();
            }
        };
    }
}
