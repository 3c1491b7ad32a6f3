package lmwb.diagnostics.divergence;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import lmwb.djl.DjlContext;

/**
 * A model's own tokenizer ({@code tokenizer.json}, through the Hugging Face tokenizers library that DJL embeds): the
 * sub-word tokens of a text as the model sees them, without special tokens, for {@code divergence --tokens model}.
 */
final class ModelTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;

    private ModelTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * @param tokenizerJson the model's {@code tokenizer.json}
     * @return the tokenizer
     * @throws IOException when it cannot be read
     */
    static ModelTokenizer open(Path tokenizerJson) throws IOException {
        try {
            return new ModelTokenizer(DjlContext.call(() -> HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(false).optTruncation(false).optPadding(false).build()));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot load tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param text a text
     * @return its tokens (the tokenizer's normalisation applies, e.g. lowercasing for uncased models)
     */
    List<String> tokens(String text) {
        try {
            return DjlContext.call(() -> java.util.Arrays.asList(tokenizer.encode(text, false, false).getTokens()));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("tokenizing failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
