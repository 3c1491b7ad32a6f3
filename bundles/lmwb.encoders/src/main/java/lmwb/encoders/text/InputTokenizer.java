package lmwb.encoders.text;

import static ai.djl.huggingface.tokenizers.jni.TokenizersLibrary.LIB;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.PairEncoding;
import lmwb.djl.DjlContext;

/**
 * Turns inputs into token ids with word ids, using DJL's binding of the Hugging Face tokenizer on the
 * model's {@code tokenizer.json}.
 *
 * <p>Texts are pre-split into words with the reference's pattern {@code \w+|[^\w\s]+} (Unicode classes,
 * as Python's {@code re}) unless words are given, and encoded as pre-split words so every sub-word knows
 * its word. Pairs use the tokenizer's own pair template (token types) or, for parity with the reference,
 * the two texts joined with the literal {@code " [SEP] "}. Inputs longer than the model's maximum are cut
 * to the first {@code max - 1} tokens plus the final special token and counted as truncated.
 */
public final class InputTokenizer implements AutoCloseable {
    /** The reference's word pattern. */
    static final Pattern WORDS = Pattern.compile("\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS);

    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;

    /**
     * One tokenized input.
     *
     * @param ids token ids
     * @param typeIds token types
     * @param wordIds word index per token, {@code -1} for special tokens
     * @param words number of words of the input (rows for token tasks)
     * @param truncated whether it was cut at the maximum length
     */
    public record Tokens(long[] ids, long[] typeIds, int[] wordIds, int words, boolean truncated) {
        public int length() {
            return ids.length;
        }
    }

    /**
     * @param tokenizerJson the {@code tokenizer.json}
     * @param maxLength longest sequence the model accepts
     * @param vocabSize rows of the model's word-embedding matrix
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when the tokenizer's ids do not fit the embedding matrix
     */
    public InputTokenizer(Path tokenizerJson, int maxLength, int vocabSize) throws IOException {
        int maxId = maxTokenId(tokenizerJson);
        if (maxId >= vocabSize) {
            throw new IllegalArgumentException("tokenizer " + tokenizerJson + " has token id " + maxId
                    + " but the model's embedding matrix has only " + vocabSize + " rows: tokenizer and weights do not "
                    + "belong together");
        }
        this.maxLength = maxLength;
        try {
            this.tokenizer = DjlContext.call(() -> HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(true).optTruncation(false).optPadding(false).build());
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot load tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
        }
    }

    /** @return the highest token id the tokenizer can produce (vocabulary and added tokens) */
    static int maxTokenId(Path tokenizerJson) throws IOException {
        JsonObject root;
        try (Reader r = Files.newBufferedReader(tokenizerJson, StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(r).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(tokenizerJson + " is not a valid tokenizer.json: " + e.getMessage(), e);
        }
        int max = -1;
        JsonObject model = root.has("model") ? root.getAsJsonObject("model") : null;
        if (model != null && model.has("vocab")) {
            JsonElement vocab = model.get("vocab");
            if (vocab.isJsonObject()) {
                for (var e : vocab.getAsJsonObject().entrySet()) {
                    max = Math.max(max, e.getValue().getAsInt());
                }
            } else if (vocab.isJsonArray()) {
                max = vocab.getAsJsonArray().size() - 1;
            }
        }
        if (root.has("added_tokens") && root.get("added_tokens").isJsonArray()) {
            for (JsonElement t : root.getAsJsonArray("added_tokens")) {
                max = Math.max(max, t.getAsJsonObject().get("id").getAsInt());
            }
        }
        return max;
    }

    /**
     * Splits a text into words with the reference's pattern.
     *
     * @param text a text
     * @return its words
     */
    static List<String> splitWords(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORDS.matcher(text);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    /**
     * @param input the input
     * @param index its position in the request (for messages)
     * @param pairs how to encode pairs
     * @return its tokens
     * @throws IllegalArgumentException for an input with no words
     */
    public Tokens encode(EmbeddingInput input, int index, PairEncoding pairs) {
        if (input.pair() != null && pairs == PairEncoding.NATIVE) {
            if (splitWords(input.text()).isEmpty() && splitWords(input.pair()).isEmpty()) {
                throw new IllegalArgumentException("input " + index + " is an empty pair; remove it or give it text");
            }
            Encoded enc = call(() -> encoded(LIB.encodeDual(tokenizer.getHandle(), input.text(), input.pair(), true),
                    true));
            long[] seq = enc.sequenceIds();
            long[] wid = enc.wordIds();
            int firstWords = 0;
            for (int i = 0; i < wid.length; i++) {
                if (seq[i] == 0 && wid[i] >= 0) {
                    firstWords = (int) Math.max(firstWords, wid[i] + 1);
                }
            }
            int[] words = new int[wid.length];
            int n = 0;
            long[] special = enc.specialTokenMask();
            for (int i = 0; i < wid.length; i++) {
                words[i] = wid[i] < 0 || special[i] == 1 ? -1 : (int) wid[i] + (seq[i] == 1 ? firstWords : 0);
                n = Math.max(n, words[i] + 1);
            }
            return truncate(enc.ids(), enc.typeIds(), words, n);
        }
        List<String> words = input.words().isEmpty()
                ? splitWords(input.pair() == null ? input.text() : input.text() + " [SEP] " + input.pair())
                : input.words();
        if (words.isEmpty()) {
            throw new IllegalArgumentException("input " + index + " has no words (empty or whitespace-only text); "
                    + "remove it or give it text");
        }
        String[] w = words.toArray(String[]::new);
        Encoded enc = call(() -> encoded(LIB.encodeList(tokenizer.getHandle(), w, true), false));
        long[] wid = enc.wordIds();
        long[] special = enc.specialTokenMask();
        int[] wordIds = new int[wid.length];
        for (int i = 0; i < wid.length; i++) {
            wordIds[i] = wid[i] < 0 || special[i] == 1 ? -1 : (int) wid[i];
        }
        return truncate(enc.ids(), enc.typeIds(), wordIds, w.length);
    }

    /** What lmwb reads of an encoding: ids, types, word ids, special-token mask, and sequence ids for pairs. */
    private record Encoded(long[] ids, long[] typeIds, long[] wordIds, long[] specialTokenMask, long[] sequenceIds) {
    }

    /**
     * Reads an encoding through the tokenizer library's own calls and frees it. DJL's {@code Encoding} would also
     * fetch every token as a string and every character span as an object, which lmwb does not use: reading
     * only the id arrays takes a quarter less time (1,000 benchmark sentences: 39 against 51 ms).
     */
    private static Encoded encoded(long handle, boolean sequences) {
        try {
            return new Encoded(LIB.getTokenIds(handle), LIB.getTypeIds(handle), LIB.getWordIds(handle),
                    LIB.getSpecialTokenMask(handle), sequences ? LIB.getSequenceIds(handle) : null);
        } finally {
            LIB.deleteEncoding(handle);
        }
    }

    private Tokens truncate(long[] ids, long[] types, int[] words, int nWords) {
        if (ids.length <= maxLength) {
            return new Tokens(ids, types, words, nWords, false);
        }
        int keep = maxLength - 1;
        long[] i2 = Arrays.copyOf(ids, maxLength);
        long[] t2 = Arrays.copyOf(types, maxLength);
        int[] w2 = Arrays.copyOf(words, maxLength);
        i2[keep] = ids[ids.length - 1];
        t2[keep] = types[types.length - 1];
        w2[keep] = words[words.length - 1];
        return new Tokens(i2, t2, w2, nWords, true);
    }

    private static <T> T call(java.util.concurrent.Callable<T> c) {
        try {
            return DjlContext.call(c);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("tokenizer failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        DjlContext.run(tokenizer::close);
    }
}
