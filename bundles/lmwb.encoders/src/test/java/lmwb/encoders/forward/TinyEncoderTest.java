package lmwb.encoders.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.LanguageModel;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.ModelOptions;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;
import lmwb.encoders.spi.NamedTensor;
import lmwb.encoders.text.InputTokenizer;
import lmwb.encoders.weights.EncoderCheckpoint;
import lmwb.encoders.weights.EncoderConfig;
import lmwb.encoders.weights.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tiny seeded random checkpoints: loading paths agree bit for bit, every architecture runs, bad input is refused. */
public class TinyEncoderTest {
    static final List<EmbeddingInput> INPUTS = List.of(EmbeddingInput.text("The cat sat on the mat."),
            EmbeddingInput.text("hello world!"), EmbeddingInput.words(List.of("new", "york", "is", "big")),
            EmbeddingInput.pair("the dog is running", "a big house?"));

    public static ModelArtifact artifact(Path dir, String type) {
        return new ModelArtifact("tiny-" + type, "test", ModelArtifact.WeightFormat.SAFETENSORS,
                dir.resolve("model.safetensors"), dir.resolve("tokenizer.json"), dir.resolve("config.json"),
                "sha256:tiny-" + type);
    }

    static LayerEmbeddings embed(LanguageModel m, SentencePooling pooling) {
        return m.embed(new EmbeddingRequest(INPUTS, List.of(0, 1, 2), true, SubwordPooling.MEAN, pooling,
                PairEncoding.NATIVE, 3), ProgressListener.NONE, CancellationToken.NONE);
    }

    @Test
    void safetensorsAndInMemoryWeightsGiveBitIdenticalResults(@TempDir Path tmp) throws Exception {
        Path dir = TinyModels.writeModel(tmp.resolve("bert"), "bert", TinyModels.HIDDEN, 7L);
        ModelArtifact a = artifact(dir, "bert");
        EncoderConfig config = EncoderConfig.fromJson(dir.resolve("config.json"));
        Map<String, NamedTensor> memory = TinyModels.tensors(TinyModels.weights("bert", TinyModels.HIDDEN, 7L));
        try (LanguageModel fromFile = new BertFamilyModelProvider().open(a, ModelOptions.DEFAULTS);
                LanguageModel fromMemory = EncoderLanguageModel.open("tiny", "sha256:x",
                        new EncoderCheckpoint(config, memory), dir.resolve("tokenizer.json"), "cpu", 0.1f)) {
            LayerEmbeddings x = embed(fromFile, SentencePooling.MEAN);
            LayerEmbeddings y = embed(fromMemory, SentencePooling.MEAN);
            for (int l = 0; l <= 2; l++) {
                assertArrayEquals(x.layer(l).toArray(), y.layer(l).toArray(), "layer " + l);
            }
            assertArrayEquals(x.layerMean().toArray(), y.layerMean().toArray());
            assertEquals(2, fromFile.info().layers());
            assertEquals(TinyModels.HIDDEN, fromFile.info().hiddenSize());
            // The pooler and position_ids in the file are ignored; gamma/beta were mapped.
            assertEquals(memory.values().stream().mapToLong(t -> t.data().length).sum(), fromFile.info().parameters());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"roberta", "distilbert", "electra"})
    void otherArchitecturesRunWithTheRightShapes(String type, @TempDir Path tmp) throws Exception {
        int embeddingSize = type.equals("electra") ? 4 : TinyModels.HIDDEN;
        Path dir = TinyModels.writeModel(tmp.resolve(type), type, embeddingSize, 11L);
        try (LanguageModel m = new BertFamilyModelProvider().open(artifact(dir, type), ModelOptions.DEFAULTS)) {
            assertEquals(type, m.info().modelType());
            LayerEmbeddings e = embed(m, SentencePooling.MEAN);
            for (int l = 0; l <= 2; l++) {
                assertEquals(INPUTS.size(), e.layer(l).rows());
                assertEquals(TinyModels.HIDDEN, e.layer(l).cols());
                assertEquals(-1, e.layer(l).firstNonFinite());
            }
            LayerEmbeddings words = m.embed(new EmbeddingRequest(INPUTS.subList(0, 3), List.of(-1), false,
                    SubwordPooling.FIRST, SentencePooling.NONE, PairEncoding.NATIVE, 2), ProgressListener.NONE,
                    CancellationToken.NONE);
            // "The cat sat on the mat." has 7 words by the reference pattern (the, cat, sat, on, the, mat, .).
            assertArrayEquals(new int[] {7, 3, 4}, words.wordsPerInput());
            assertEquals(14, words.layer(2).rows());
        }
    }

    /**
     * The packed pass on OpenBLAS (no padding) against PyTorch's padded pass for every architecture: RoBERTa's
     * position offset, DistilBERT without token types, ELECTRA's embedding projection.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bert", "roberta", "distilbert", "electra"})
    void packedPassMatchesThePaddedOneForEveryArchitecture(String type, @TempDir Path tmp) throws Exception {
        int embeddingSize = type.equals("electra") ? 4 : TinyModels.HIDDEN;
        Path dir = TinyModels.writeModel(tmp.resolve(type), type, embeddingSize, 11L);
        LayerEmbeddings packed;
        LayerEmbeddings padded;
        try (LanguageModel m = new BertFamilyModelProvider().open(artifact(dir, type), ModelOptions.DEFAULTS)) {
            assertTrue(((EncoderLanguageModel) m).encoder().usesOpenBlas());
            packed = embed(m, SentencePooling.MEAN);
        }
        System.setProperty(BlasLinear.PROPERTY, "torch");
        try (LanguageModel m = new BertFamilyModelProvider().open(artifact(dir, type), ModelOptions.DEFAULTS)) {
            padded = embed(m, SentencePooling.MEAN);
        } finally {
            System.clearProperty(BlasLinear.PROPERTY);
        }
        for (int l = 0; l <= 2; l++) {
            assertArrayEquals(padded.layer(l).toArray(), packed.layer(l).toArray(), 1e-5f, type + " layer " + l);
        }
        assertArrayEquals(padded.mean().orElseThrow().toArray(), packed.mean().orElseThrow().toArray(), 1e-5f);
    }

    @Test
    void outputRowsFollowInputOrderWhateverTheBatching(@TempDir Path tmp) throws Exception {
        Path dir = TinyModels.writeModel(tmp.resolve("bert"), "bert", TinyModels.HIDDEN, 3L);
        try (LanguageModel m = new BertFamilyModelProvider().open(artifact(dir, "bert"), ModelOptions.DEFAULTS)) {
            LayerEmbeddings all = embed(m, SentencePooling.CLS);
            for (int i = 0; i < INPUTS.size(); i++) {
                LayerEmbeddings one = m.embed(new EmbeddingRequest(List.of(INPUTS.get(i)), List.of(2), false,
                        SubwordPooling.MEAN, SentencePooling.CLS, PairEncoding.NATIVE, 1), ProgressListener.NONE,
                        CancellationToken.NONE);
                float[] expected = new float[TinyModels.HIDDEN];
                one.layer(2).copyRow(0, expected);
                float[] got = new float[TinyModels.HIDDEN];
                all.layer(2).copyRow(i, got);
                // Padding to a longer batch changes nothing for real tokens up to fp32 rounding.
                assertArrayEquals(expected, got, 1e-5f, "input " + i);
            }
        }
    }

    @Test
    void truncationIsCountedAndEmptyTextRefused(@TempDir Path tmp) throws Exception {
        Path dir = TinyModels.writeModel(tmp.resolve("bert"), "bert", TinyModels.HIDDEN, 5L);
        try (LanguageModel m = new BertFamilyModelProvider().open(artifact(dir, "bert"), ModelOptions.DEFAULTS)) {
            String longText = "the cat sat on the mat. ".repeat(100_000 / 24 + 1);
            assertTrue(longText.length() >= 100_000);
            LayerEmbeddings e = m.embed(EmbeddingRequest.of(List.of(EmbeddingInput.text(longText),
                    EmbeddingInput.text("hello")), List.of(-1), false), ProgressListener.NONE, CancellationToken.NONE);
            assertEquals(1, e.truncatedInputs());
            // Max length = 40 positions; the long text gives 40 tokens, "hello" 3 ([CLS] hello [SEP]).
            assertEquals(43, e.tokens());
            IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> m.embed(
                    EmbeddingRequest.of(List.of(EmbeddingInput.text("ok"), EmbeddingInput.text("   ")), List.of(-1),
                            false), ProgressListener.NONE, CancellationToken.NONE));
            assertTrue(empty.getMessage().contains("input 1 has no words"), empty.getMessage());
            IllegalArgumentException layer = assertThrows(IllegalArgumentException.class, () -> m.embed(
                    EmbeddingRequest.of(List.of(EmbeddingInput.text("ok")), List.of(3), false), ProgressListener.NONE,
                    CancellationToken.NONE));
            assertTrue(layer.getMessage().contains("layer 3 does not exist"), layer.getMessage());
        }
    }

    @Test
    void pairsUseTheTemplateOrTheReferenceLiteralJoin(@TempDir Path tmp) throws Exception {
        Path dir = TinyModels.writeModel(tmp.resolve("bert"), "bert", TinyModels.HIDDEN, 13L);
        try (EncoderLanguageModel m = (EncoderLanguageModel) new BertFamilyModelProvider().open(artifact(dir, "bert"),
                ModelOptions.DEFAULTS)) {
            EmbeddingInput pair = EmbeddingInput.pair("the dog is running", "a big house?");
            InputTokenizer.Tokens nativePair = m.tokenizer().encode(pair, 0, PairEncoding.NATIVE);
            // [CLS] the dog is run ##ning [SEP] a big house ? [SEP]: the second segment has token type 1.
            assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1}, nativePair.typeIds());
            assertArrayEquals(new int[] {-1, 0, 1, 2, 3, 3, -1, 4, 5, 6, 7, -1}, nativePair.wordIds());
            InputTokenizer.Tokens joined = m.tokenizer().encode(pair, 0, PairEncoding.JOIN_SEP);
            // One segment: the words of "the dog is running [SEP] a big house?" split by the reference
            // pattern, so the literal [SEP] becomes the three words "[", "SEP", "]".
            assertEquals(11, joined.words());
            assertTrue(Arrays.stream(joined.typeIds()).allMatch(t -> t == 0));
        }
    }

    @Test
    void unsupportedModelTypeIsRefusedListingSupportedOnes(@TempDir Path tmp) throws Exception {
        Path dir = TinyModels.writeModel(tmp.resolve("gpt"), "bert", TinyModels.HIDDEN, 5L);
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"gpt2\", \"n_embd\": 8}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BertFamilyModelProvider().open(artifact(dir, "gpt2"), ModelOptions.DEFAULTS));
        assertTrue(e.getMessage().contains("'gpt2'") && e.getMessage().contains("bert, roberta"), e.getMessage());
    }

    @Test
    void tokenizerThatDoesNotFitTheEmbeddingsIsRefused(@TempDir Path tmp) throws Exception {
        Path dir = TinyModels.writeModel(tmp.resolve("bert"), "bert", TinyModels.HIDDEN, 5L);
        String config = Files.readString(dir.resolve("config.json")).replace("\"vocab_size\":30", "\"vocab_size\":20");
        Files.writeString(dir.resolve("config.json"), config);
        Map<String, float[][]> w = TinyModels.weights("bert", TinyModels.HIDDEN, 5L);
        w.put("bert.embeddings.word_embeddings.weight", new float[20][TinyModels.HIDDEN]);
        TinyModels.writeSafetensors(dir.resolve("model.safetensors"), w, "F32", false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BertFamilyModelProvider().open(artifact(dir, "bert"), ModelOptions.DEFAULTS));
        assertTrue(e.getMessage().contains("only 20 rows"), e.getMessage());
    }

    @Test
    void missingTensorIsNamed(@TempDir Path tmp) throws Exception {
        Path dir = TinyModels.writeModel(tmp.resolve("bert"), "bert", TinyModels.HIDDEN, 5L);
        Map<String, float[][]> w = TinyModels.weights("bert", TinyModels.HIDDEN, 5L);
        w.remove("bert.encoder.layer.1.output.dense.weight");
        TinyModels.writeSafetensors(dir.resolve("model.safetensors"), w, "F32", false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BertFamilyModelProvider().open(artifact(dir, "bert"), ModelOptions.DEFAULTS));
        assertTrue(e.getMessage().contains("encoder.layer.1.output.dense.weight"), e.getMessage());
    }

    @Test
    void layerMeanIsTheMeanOfTransformerLayersBeforePooling(@TempDir Path tmp) throws IOException {
        Path dir = TinyModels.writeModel(tmp.resolve("bert"), "bert", TinyModels.HIDDEN, 9L);
        try (LanguageModel m = new BertFamilyModelProvider().open(artifact(dir, "bert"), ModelOptions.DEFAULTS)) {
            // With CLS pooling (one token) the mean of pooled layers equals the pooled mean: (L1 + L2) / 2.
            LayerEmbeddings e = embed(m, SentencePooling.CLS);
            FloatMatrix l1 = e.layer(1);
            FloatMatrix l2 = e.layer(2);
            for (int r = 0; r < l1.rows(); r++) {
                for (int c = 0; c < l1.cols(); c++) {
                    assertEquals((l1.get(r, c) + l2.get(r, c)) / 2, e.layerMean().get(r, c), 1e-6);
                }
            }
        }
    }
}
