package lmwb.encoders.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;
import lmwb.encoders.builtin.BuiltinTestModels;
import lmwb.encoders.text.InputTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code embed} on the OpenBLAS path packs the sequences of a batch without padding; PyTorch's path pads them.
 * Both must give the same rows, for every pooling layout the packed offsets affect: one row per word (token
 * tasks), pairs with the tokenizer's template, and the layer mean. The reference is PyTorch's padded pass,
 * itself checked against ONNX Runtime in {@link OnnxRuntimeParityTest}.
 */
class PackedEmbedTest {
    static EncoderLanguageModel packed;
    static EncoderLanguageModel padded;

    @BeforeAll
    static void open() throws Exception {
        ModelArtifact artifact = BuiltinTestModels.resolve("all-minilm-l6-v2");
        packed = EncoderLanguageModel.open(artifact, "cpu", 0.1f);
        System.setProperty(BlasLinear.PROPERTY, "torch");
        try {
            padded = EncoderLanguageModel.open(artifact, "cpu", 0.1f);
        } finally {
            System.clearProperty(BlasLinear.PROPERTY);
        }
        assertTrue(packed.encoder().usesOpenBlas());
        assertTrue(!padded.encoder().usesOpenBlas());
    }

    @AfterAll
    static void close() {
        packed.close();
        padded.close();
    }

    /** Lengths differ within each batch (batch 3), so rows sit at different packed and padded offsets. */
    static final List<EmbeddingInput> WORDS = List.of(
            EmbeddingInput.words(List.of("New", "York", "is", "big")),
            EmbeddingInput.words(List.of("Hi")),
            EmbeddingInput.words(List.of("The", "unbelievably", "long", "word", "antidisestablishmentarianism",
                    "appears", "here", "twice", ":", "antidisestablishmentarianism")),
            EmbeddingInput.words(List.of("a", "b")),
            EmbeddingInput.words(List.of("Tokenization", "splits", "words", "into", "pieces")));

    static final List<EmbeddingInput> PAIRS = List.of(
            EmbeddingInput.pair("A man is playing a guitar.", "Someone plays music."),
            EmbeddingInput.pair("Short.", "A much longer second sentence that goes on for a while, with commas."),
            EmbeddingInput.pair("The cat sat.", "No."),
            EmbeddingInput.pair("Stocks fell sharply on Monday after the central bank raised rates.", "Markets dropped."));

    @Test
    void wordRowsMatchThePaddedPass() {
        for (SubwordPooling sub : SubwordPooling.values()) {
            EmbeddingRequest r = new EmbeddingRequest(WORDS, List.of(0, 3, -1), true, sub, SentencePooling.NONE,
                    PairEncoding.NATIVE, 3);
            compare(r, "words " + sub);
        }
    }

    @Test
    void pairsMatchThePaddedPass() {
        for (SentencePooling pooling : List.of(SentencePooling.MEAN, SentencePooling.CLS, SentencePooling.MAX)) {
            EmbeddingRequest r = new EmbeddingRequest(PAIRS, List.of(-1), true, SubwordPooling.MEAN, pooling,
                    PairEncoding.NATIVE, 3);
            compare(r, "pairs " + pooling);
        }
    }

    /** Long batches attend in groups of sequences, each with its own score buffer: same hidden states. */
    @Test
    void groupedAttentionMatchesOneBuffer() throws Exception {
        List<InputTokenizer.Tokens> toks = new java.util.ArrayList<>();
        for (int i = 0; i < PAIRS.size(); i++) {
            toks.add(packed.tokenizer().encode(PAIRS.get(i), i, PairEncoding.NATIVE));
        }
        int[] lengths = toks.stream().mapToInt(InputTokenizer.Tokens::length).toArray();
        int n = java.util.Arrays.stream(lengths).sum();
        long[] ids = new long[n];
        long[] types = new long[n];
        long[] pos = new long[n];
        int at = 0;
        for (InputTokenizer.Tokens tk : toks) {
            for (int j = 0; j < tk.length(); j++, at++) {
                ids[at] = tk.ids()[j];
                types[at] = tk.typeIds()[j];
                pos[at] = j;
            }
        }
        int layers = packed.info().layers();
        int longest = java.util.Arrays.stream(lengths).max().orElseThrow();
        // Room for one sequence's scores: four groups of one.
        long oneSequence = 12L * longest * longest * Float.BYTES;
        List<float[][]> runs = new java.util.ArrayList<>();
        for (long budget : new long[] {TransformerEncoder.SCORE_BUFFER_BYTES, oneSequence}) {
            runs.add(lmwb.djl.DjlContext.call(() -> {
                try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
                    ai.djl.ndarray.types.Shape s = new ai.djl.ndarray.types.Shape(n);
                    ai.djl.ndarray.NDList hs = packed.encoder().forwardPacked(m.create(ids, s), m.create(types, s),
                            m.create(pos, s), lengths, layers, budget);
                    float[][] out = new float[layers + 1][];
                    for (int l = 0; l <= layers; l++) {
                        out[l] = hs.get(l).toFloatArray();
                    }
                    return out;
                }
            }));
        }
        for (int l = 0; l <= layers; l++) {
            assertArrayEquals(runs.get(0)[l], runs.get(1)[l], 1e-5f, "layer " + l);
        }
    }

    private static void compare(EmbeddingRequest r, String what) {
        LayerEmbeddings a = packed.embed(r, ProgressListener.NONE, CancellationToken.NONE);
        LayerEmbeddings b = padded.embed(r, ProgressListener.NONE, CancellationToken.NONE);
        assertEquals(b.layers().keySet(), a.layers().keySet(), what);
        assertArrayEquals(b.wordsPerInput(), a.wordsPerInput(), what);
        for (int l : a.layers().keySet()) {
            close(b.layer(l), a.layer(l), what + " layer " + l);
        }
        close(b.mean().orElseThrow(), a.mean().orElseThrow(), what + " layer mean");
        assertEquals(b.tokens(), a.tokens(), what);
    }

    private static void close(FloatMatrix expected, FloatMatrix actual, String what) {
        assertEquals(expected.rows(), actual.rows(), what);
        assertEquals(expected.cols(), actual.cols(), what);
        for (int i = 0; i < expected.rows(); i++) {
            for (int j = 0; j < expected.cols(); j++) {
                float d = Math.abs(expected.get(i, j) - actual.get(i, j));
                assertTrue(d <= 1e-4, what + " row " + i + " dim " + j + ": " + actual.get(i, j) + " vs "
                        + expected.get(i, j));
            }
        }
    }
}
