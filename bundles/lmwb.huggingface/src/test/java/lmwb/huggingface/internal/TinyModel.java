package lmwb.huggingface.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A tiny but well-formed Hugging Face model written by the tests: a BERT-style {@code config.json}
 * (2 layers, hidden size 32), a minimal {@code tokenizer.json} and a {@code model.safetensors} with two F32
 * tensors ([512, 32] and [32, 32]: {@value #PARAMETERS} parameters) and one I64 buffer (not a parameter),
 * filled from a seeded random generator.
 */
final class TinyModel {
    /** 512 * 32 + 32 * 32, the element counts of the two F32 tensors written below. */
    static final long PARAMETERS = 512L * 32 + 32L * 32;
    static final int LAYERS = 2;
    static final int HIDDEN = 32;

    final byte[] config;
    final byte[] tokenizer;
    final byte[] weights;

    TinyModel(long seed) {
        config = ("{\"model_type\": \"bert\", \"num_hidden_layers\": " + LAYERS + ", \"hidden_size\": " + HIDDEN
                + ", \"num_attention_heads\": 2, \"vocab_size\": 512}\n").getBytes(StandardCharsets.UTF_8);
        tokenizer = ("{\"version\": \"1.0\", \"model\": {\"type\": \"WordPiece\", \"unk_token\": \"[UNK]\", "
                + "\"vocab\": {\"[UNK]\": 0, \"[CLS]\": 1, \"[SEP]\": 2, \"hello\": 3}}}\n").getBytes(StandardCharsets.UTF_8);
        weights = safetensors(seed);
    }

    private static byte[] safetensors(long seed) {
        Map<String, long[]> floats = new LinkedHashMap<>();
        floats.put("embeddings.word_embeddings.weight", new long[] {512, 32});
        floats.put("encoder.layer.0.attention.self.query.weight", new long[] {32, 32});
        StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long offset = 0;
        for (Map.Entry<String, long[]> e : floats.entrySet()) {
            long bytes = e.getValue()[0] * e.getValue()[1] * 4;
            header.append(",\"").append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":[").append(e.getValue()[0])
                    .append(',').append(e.getValue()[1]).append("],\"data_offsets\":[").append(offset).append(',')
                    .append(offset + bytes).append("]}");
            offset += bytes;
        }
        header.append(",\"embeddings.position_ids\":{\"dtype\":\"I64\",\"shape\":[1,16],\"data_offsets\":[")
                .append(offset).append(',').append(offset + 128).append("]}}");
        offset += 128;
        while ((header.length() + 8) % 8 != 0) {
            header.append(' ');
        }
        byte[] head = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + head.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(head.length).put(head);
        Random random = new Random(seed);
        for (long i = 0; i < PARAMETERS; i++) {
            out.putFloat((float) random.nextGaussian() * 0.02f);
        }
        for (long i = 0; i < 16; i++) {
            out.putLong(i);
        }
        return out.array();
    }

    /** Writes the three files into {@code dir}. */
    void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("config.json"), config);
        Files.write(dir.resolve("tokenizer.json"), tokenizer);
        Files.write(dir.resolve("model.safetensors"), weights);
    }

    static String sha256(byte[] content) {
        return hex("SHA-256", new byte[0], content);
    }

    /** The id git gives a blob, computed independently of ContentHashes. */
    static String gitSha1(byte[] content) {
        return hex("SHA-1", ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII), content);
    }

    private static String hex(String algorithm, byte[] prefix, byte[] content) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            digest.update(prefix);
            return HexFormat.of().formatHex(digest.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
