package lmwb.encoders.weights;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import lmwb.encoders.spi.NamedTensor;

/**
 * Tiny randomly initialised BERT-family checkpoints (seeded), written as Hugging Face model folders:
 * {@code config.json}, {@code model.safetensors} and the tiny WordPiece {@code tokenizer.json} from the test
 * resources (30 tokens).
 */
public final class TinyModels {
    static final int VOCAB = 30;
    public static final int HIDDEN = 8;
    static final int HEADS = 2;
    static final int LAYERS = 2;
    static final int FF = 16;
    static final int POSITIONS = 40;

    private TinyModels() {
    }

    /** Checkpoint parameters in the architecture's own Hugging Face names. */
    public static Map<String, float[][]> weights(String type, int embeddingSize, long seed) {
        Random r = new Random(seed);
        Map<String, float[][]> w = new LinkedHashMap<>();
        String e = switch (type) {
            case "roberta" -> "roberta.embeddings.";
            case "electra" -> "electra.embeddings.";
            case "distilbert" -> "distilbert.embeddings.";
            default -> "bert.embeddings.";
        };
        int positions = type.equals("roberta") ? POSITIONS + 2 : POSITIONS;
        put(w, e + "word_embeddings.weight", r, VOCAB, embeddingSize);
        put(w, e + "position_embeddings.weight", r, positions, embeddingSize);
        if (!type.equals("distilbert")) {
            put(w, e + "token_type_embeddings.weight", r, type.equals("roberta") ? 1 : 2, embeddingSize);
        }
        putNorm(w, e + "LayerNorm", r, embeddingSize, type.equals("bert"));
        if (type.equals("electra") && embeddingSize != HIDDEN) {
            put(w, "electra.embeddings_project.weight", r, HIDDEN, embeddingSize);
            put(w, "electra.embeddings_project.bias", r, 1, HIDDEN);
        }
        for (int l = 0; l < LAYERS; l++) {
            if (type.equals("distilbert")) {
                String p = "distilbert.transformer.layer." + l + ".";
                for (String m : List.of("attention.q_lin", "attention.k_lin", "attention.v_lin", "attention.out_lin")) {
                    linear(w, p + m, r, HIDDEN, HIDDEN);
                }
                putNorm(w, p + "sa_layer_norm", r, HIDDEN, false);
                linear(w, p + "ffn.lin1", r, FF, HIDDEN);
                linear(w, p + "ffn.lin2", r, HIDDEN, FF);
                putNorm(w, p + "output_layer_norm", r, HIDDEN, false);
            } else {
                String p = type + ".encoder.layer." + l + ".";
                for (String m : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                        "attention.output.dense")) {
                    linear(w, p + m, r, HIDDEN, HIDDEN);
                }
                putNorm(w, p + "attention.output.LayerNorm", r, HIDDEN, type.equals("bert"));
                linear(w, p + "intermediate.dense", r, FF, HIDDEN);
                linear(w, p + "output.dense", r, HIDDEN, FF);
                putNorm(w, p + "output.LayerNorm", r, HIDDEN, false);
            }
        }
        if (type.equals("bert")) {
            linear(w, "bert.pooler.dense", r, HIDDEN, HIDDEN);
        }
        return w;
    }

    private static void linear(Map<String, float[][]> w, String name, Random r, int out, int in) {
        put(w, name + ".weight", r, out, in);
        put(w, name + ".bias", r, 1, out);
    }

    /** BERT checkpoints written with the old gamma/beta names, to test the mapping. */
    private static void putNorm(Map<String, float[][]> w, String name, Random r, int n, boolean old) {
        float[][] g = new float[1][n];
        float[][] b = new float[1][n];
        for (int i = 0; i < n; i++) {
            g[0][i] = 1f + (float) r.nextGaussian() * 0.1f;
            b[0][i] = (float) r.nextGaussian() * 0.1f;
        }
        w.put(name + (old ? ".gamma" : ".weight"), g);
        w.put(name + (old ? ".beta" : ".bias"), b);
    }

    private static void put(Map<String, float[][]> w, String name, Random r, int rows, int cols) {
        float[][] a = new float[rows][cols];
        for (float[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) r.nextGaussian() * 0.2f;
            }
        }
        w.put(name, a);
    }

    /** @return the tensors keyed by canonical name, as the loader would produce them */
    public static Map<String, NamedTensor> tensors(Map<String, float[][]> w) {
        Map<String, NamedTensor> raw = new LinkedHashMap<>();
        w.forEach((k, v) -> raw.put(k, new NamedTensor(k, shape(k, v), flat(v))));
        return WeightNames.normalize(raw);
    }

    static long[] shape(String name, float[][] v) {
        boolean vector = name.endsWith(".bias") || name.endsWith(".beta") || name.endsWith(".gamma")
                || name.contains("LayerNorm.weight") || name.contains("layer_norm.weight");
        return vector ? new long[] {v[0].length} : new long[] {v.length, v[0].length};
    }

    static float[] flat(float[][] v) {
        float[] f = new float[v.length * v[0].length];
        for (int i = 0; i < v.length; i++) {
            System.arraycopy(v[i], 0, f, i * v[0].length, v[0].length);
        }
        return f;
    }

    /** Writes {@code config.json}, {@code model.safetensors} (F32) and {@code tokenizer.json} into {@code dir}. */
    public static Path writeModel(Path dir, String type, int embeddingSize, long seed) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model_type", type);
        config.put("vocab_size", VOCAB);
        if (type.equals("distilbert")) {
            config.put("dim", HIDDEN);
            config.put("n_layers", LAYERS);
            config.put("n_heads", HEADS);
            config.put("hidden_dim", FF);
            config.put("max_position_embeddings", POSITIONS);
            config.put("activation", "gelu");
        } else {
            config.put("hidden_size", HIDDEN);
            config.put("num_hidden_layers", LAYERS);
            config.put("num_attention_heads", HEADS);
            config.put("intermediate_size", FF);
            config.put("max_position_embeddings", type.equals("roberta") ? POSITIONS + 2 : POSITIONS);
            config.put("type_vocab_size", type.equals("roberta") ? 1 : 2);
            config.put("layer_norm_eps", 1e-12);
            config.put("hidden_act", "gelu");
            config.put("pad_token_id", type.equals("roberta") ? 1 : 0);
            if (type.equals("electra")) {
                config.put("embedding_size", embeddingSize);
            }
        }
        Files.writeString(dir.resolve("config.json"), new Gson().toJson(config));
        writeSafetensors(dir.resolve("model.safetensors"), weights(type, embeddingSize, seed), "F32", true);
        try (var in = TinyModels.class.getResourceAsStream("/tiny/tokenizer.json")) {
            Files.copy(in, dir.resolve("tokenizer.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    /**
     * Writes a safetensors file.
     *
     * @param dtype F32, F16 or BF16
     * @param withPositionIds whether to add an int64 {@code position_ids} buffer as real checkpoints have
     */
    public static void writeSafetensors(Path file, Map<String, float[][]> w, String dtype, boolean withPositionIds)
            throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", Map.of("format", "pt"));
        int width = dtype.equals("F32") ? 4 : 2;
        long offset = 0;
        for (var e : w.entrySet()) {
            long n = (long) e.getValue().length * e.getValue()[0].length;
            header.put(e.getKey(), Map.of("dtype", dtype, "shape", shape(e.getKey(), e.getValue()),
                    "data_offsets", List.of(offset, offset + n * width)));
            offset += n * width;
        }
        if (withPositionIds) {
            header.put("bert.embeddings.position_ids", Map.of("dtype", "I64", "shape", List.of(1, 4),
                    "data_offsets", List.of(offset, offset + 32)));
            offset += 32;
        }
        byte[] h = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        ByteBuffer data = ByteBuffer.allocate((int) offset).order(ByteOrder.LITTLE_ENDIAN);
        for (float[][] v : w.values()) {
            for (float x : flat(v)) {
                switch (dtype) {
                    case "F32" -> data.putFloat(x);
                    case "F16" -> data.putShort(floatToHalf(x));
                    default -> data.putShort((short) (Float.floatToIntBits(x) >>> 16));
                }
            }
        }
        if (withPositionIds) {
            for (long i = 0; i < 4; i++) {
                data.putLong(i);
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length);
            out.write(len.array());
            out.write(h);
            out.write(data.array());
        }
    }

    /** Round-to-nearest float → half for normal values (the test data stays in the normal range). */
    static short floatToHalf(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        int mant = bits & 0x7fffff;
        if (exp <= 0) {
            return (short) sign;
        }
        int half = sign | (exp << 10) | (mant >>> 13);
        if ((mant & 0x1000) != 0) {
            half++;
        }
        return (short) half;
    }
}
