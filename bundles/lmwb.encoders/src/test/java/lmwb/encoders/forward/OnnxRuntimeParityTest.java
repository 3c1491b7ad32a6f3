package lmwb.encoders.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import lmwb.djl.DjlContext;
import lmwb.encoders.builtin.BuiltinModels;
import lmwb.encoders.builtin.BuiltinTestModels;
import lmwb.encoders.text.InputTokenizer;
import lmwb.encoders.text.Pooling;
import lmwb.encoders.weights.EncoderCheckpoint;
import lmwb.encoders.weights.OnnxModelReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every layer's hidden states of the DJL forward pass against ONNX Runtime running the very same ONNX file
 * (an independent implementation), with graph outputs appended for the embedding LayerNorm and each
 * layer's final LayerNorm. Real sentences of different lengths share one padded batch; only real tokens are
 * compared. Tolerance 1e-4 absolute: fp32 kernels of two runtimes, summation order differs.
 */
class OnnxRuntimeParityTest {
    static final List<String> SENTENCES = List.of(
            "The cat sat on the mat.",
            "A quick brown fox jumps over the lazy dog, while the farmer's children watch from the old wooden fence.",
            "Stocks fell sharply on Monday after the central bank raised interest rates again.",
            "Hello!",
            "Researchers at the university published a study showing that regular exercise improves memory in older "
                    + "adults, especially when combined with a balanced diet and enough sleep.");

    /**
     * Both engines of the inference forward pass are checked: dense layers through OpenBLAS (the default on the
     * CPU) and through PyTorch (the path training and GPUs use).
     */
    @ParameterizedTest
    @CsvSource({"all-minilm-l6-v2, openblas", "all-minilm-l6-v2, torch", "bge-small-en-v1.5, openblas",
        "bge-small-en-v1.5, torch"})
    void everyLayerMatchesOnnxRuntime(String name, String gemm) throws Exception {
        ModelArtifact artifact = BuiltinTestModels.resolve(name);
        EncoderCheckpoint cp = EncoderCheckpoint.load(artifact);
        int layers = cp.config().layers();
        int h = cp.config().hiddenSize();
        EncoderLanguageModel opened;
        System.setProperty(BlasLinear.PROPERTY, gemm);
        try {
            opened = EncoderLanguageModel.open(artifact, "cpu", 0.1f);
        } finally {
            System.clearProperty(BlasLinear.PROPERTY);
        }
        try (EncoderLanguageModel model = opened) {
            assertEquals(gemm.equals("openblas"), model.encoder().usesOpenBlas(), "engine of the dense layers");
            BuiltinModels.Builtin builtin = BuiltinModels.find(name).orElseThrow();
            assertEquals(builtin.layers(), model.info().layers());
            assertEquals(builtin.parameters(), model.info().parameters(), "parameter count listed by lmwb:models");
            List<InputTokenizer.Tokens> toks = new ArrayList<>();
            for (int i = 0; i < SENTENCES.size(); i++) {
                toks.add(model.tokenizer().encode(EmbeddingInput.text(SENTENCES.get(i)), i, PairEncoding.NATIVE));
            }
            int b = toks.size();
            int t = toks.stream().mapToInt(InputTokenizer.Tokens::length).max().orElseThrow();
            long[] ids = new long[b * t];
            long[] types = new long[b * t];
            long[] mask = new long[b * t];
            long[] pos = new long[b * t];
            float[] fmask = new float[b * t];
            for (int r = 0; r < b; r++) {
                for (int j = 0; j < toks.get(r).length(); j++) {
                    ids[r * t + j] = toks.get(r).ids()[j];
                    mask[r * t + j] = 1;
                    fmask[r * t + j] = 1f;
                }
                for (int j = 0; j < t; j++) {
                    pos[r * t + j] = j;
                }
            }
            List<float[]> djl = DjlContext.call(() -> {
                try (NDManager m = NDManager.newBaseManager()) {
                    Shape s = new Shape(b, t);
                    NDList hs = model.encoder().forward(m.create(ids, s), m.create(types, s), m.create(pos, s),
                            m.create(fmask, s), false);
                    List<float[]> out = new ArrayList<>();
                    for (int l = 0; l <= layers; l++) {
                        out.add(hs.get(l).toFloatArray());
                    }
                    return out;
                }
            });
            List<float[]> ort = runOnnxRuntime(artifact.weights(), layers, ids, mask, types, b, t);
            double worst = 0;
            for (int l = 0; l <= layers; l++) {
                for (int r = 0; r < b; r++) {
                    for (int j = 0; j < toks.get(r).length(); j++) {
                        for (int k = 0; k < h; k++) {
                            int idx = (r * t + j) * h + k;
                            double d = Math.abs(djl.get(l)[idx] - ort.get(l)[idx]);
                            worst = Math.max(worst, d);
                            if (d > 1e-4) {
                                throw new AssertionError(name + " layer " + l + " sentence " + r + " token " + j
                                        + " dim " + k + ": DJL " + djl.get(l)[idx] + " vs ORT " + ort.get(l)[idx]);
                            }
                        }
                    }
                }
            }
            System.out.printf("%s (%s): max |lmwb - ORT| over %d hidden states = %.3g%n", name, gemm, layers + 1,
                    worst);
            if (model.encoder().usesOpenBlas()) {
                // The packed pass embed uses (no padding: each sentence's tokens follow the previous one's).
                int[] lengths = toks.stream().mapToInt(InputTokenizer.Tokens::length).toArray();
                int n = Arrays.stream(lengths).sum();
                long[] pids = new long[n];
                long[] ppos = new long[n];
                int at = 0;
                for (int r = 0; r < b; r++) {
                    for (int j = 0; j < lengths[r]; j++, at++) {
                        pids[at] = toks.get(r).ids()[j];
                        ppos[at] = j;
                    }
                }
                List<float[]> packed = DjlContext.call(() -> {
                    try (NDManager m = NDManager.newBaseManager()) {
                        Shape s = new Shape(n);
                        NDList hs = model.encoder().forwardPacked(m.create(pids, s), m.create(new long[n], s),
                                m.create(ppos, s), lengths, layers);
                        List<float[]> out = new ArrayList<>();
                        for (int l = 0; l <= layers; l++) {
                            assertEquals(new Shape(n, h), hs.get(l).getShape());
                            out.add(hs.get(l).toFloatArray());
                        }
                        return out;
                    }
                });
                double worstPacked = 0;
                for (int l = 0; l <= layers; l++) {
                    int row = 0;
                    for (int r = 0; r < b; r++) {
                        for (int j = 0; j < lengths[r]; j++, row++) {
                            for (int k = 0; k < h; k++) {
                                double d = Math.abs(packed.get(l)[row * h + k] - ort.get(l)[(r * t + j) * h + k]);
                                worstPacked = Math.max(worstPacked, d);
                                assertTrue(d <= 1e-4, name + " packed layer " + l + " sentence " + r + " token " + j
                                        + " dim " + k + ": " + packed.get(l)[row * h + k] + " vs ORT "
                                        + ort.get(l)[(r * t + j) * h + k]);
                            }
                        }
                    }
                }
                System.out.printf("%s (packed): max |lmwb - ORT| over %d hidden states = %.3g%n", name, layers + 1,
                        worstPacked);
            }

            // The full pipeline (length-sorted batches of 2, mean pooling) against pooling the ORT last layer.
            EmbeddingRequest req = new EmbeddingRequest(SENTENCES.stream().map(EmbeddingInput::text).toList(),
                    List.of(-1, 0), true, SubwordPooling.MEAN, SentencePooling.MEAN, PairEncoding.NATIVE, 2);
            LayerEmbeddings emb = model.embed(req, ProgressListener.NONE, CancellationToken.NONE);
            assertEquals(List.of(0, layers), List.copyOf(emb.layers().keySet()));
            FloatMatrix last = emb.layer(layers);
            FloatMatrix meanLayers = emb.mean().orElseThrow();
            for (int r = 0; r < b; r++) {
                InputTokenizer.Tokens tk = toks.get(r);
                float[] expected = Pooling.sentence(ort.get(layers), r * t * h, tk.wordIds(), tk.words(), h,
                        SubwordPooling.MEAN, SentencePooling.MEAN);
                float[] avg = new float[b * t * h];
                for (int l = 1; l <= layers; l++) {
                    for (int i = 0; i < avg.length; i++) {
                        avg[i] += ort.get(l)[i] / layers;
                    }
                }
                float[] expectedMean = Pooling.sentence(avg, r * t * h, tk.wordIds(), tk.words(), h,
                        SubwordPooling.MEAN, SentencePooling.MEAN);
                for (int k = 0; k < h; k++) {
                    assertEquals(expected[k], last.get(r, k), 1e-4, "pooled last layer, sentence " + r);
                    assertEquals(expectedMean[k], meanLayers.get(r, k), 1e-4, "pooled layer mean, sentence " + r);
                }
            }
            assertEquals(toks.stream().mapToInt(InputTokenizer.Tokens::length).sum(), emb.tokens());
            assertEquals(0, emb.truncatedInputs());
        }
    }

    /** Runs ONNX Runtime with extra graph outputs for the embedding output and each layer's output. */
    static List<float[]> runOnnxRuntime(Path onnx, int layers, long[] ids, long[] mask, long[] types, int b, int t)
            throws Exception {
        OnnxModelReader.Graph g = OnnxModelReader.readGraph(onnx);
        List<String> wanted = new ArrayList<>();
        wanted.add(lastOutput(g, "/embeddings/LayerNorm/"));
        for (int l = 0; l < layers; l++) {
            wanted.add(lastOutput(g, "/encoder/layer." + l + "/output/LayerNorm/"));
        }
        byte[] model = withOutputs(Files.readAllBytes(onnx), wanted);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(model, opts)) {
                long[] shape = {b, t};
                Map<String, OnnxTensor> in = new HashMap<>();
                in.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
                in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
                if (session.getInputNames().contains("token_type_ids")) {
                    in.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
                }
                try (OrtSession.Result r = session.run(in, new java.util.LinkedHashSet<>(wanted))) {
                    List<float[]> out = new ArrayList<>();
                    for (String w : wanted) {
                        FloatBuffer fb = ((OnnxTensor) r.get(w).orElseThrow()).getFloatBuffer();
                        float[] a = new float[fb.remaining()];
                        fb.get(a);
                        out.add(a);
                    }
                    return out;
                } finally {
                    in.values().forEach(OnnxTensor::close);
                }
            }
        }
    }

    private static String lastOutput(OnnxModelReader.Graph g, String prefix) {
        String out = null;
        for (OnnxModelReader.Node n : g.nodes()) {
            if (n.name().startsWith(prefix)) {
                out = n.outputs().get(0);
            }
        }
        if (out == null) {
            throw new AssertionError("no node named " + prefix + "* in the graph");
        }
        return out;
    }

    /** Appends name-only {@code ValueInfoProto}s to {@code GraphProto.output} (field 12 of field 7). */
    static byte[] withOutputs(byte[] model, List<String> names) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(model);
        in.setSizeLimit(Integer.MAX_VALUE);
        ByteArrayOutputStream bos = new ByteArrayOutputStream(model.length + 4096);
        CodedOutputStream out = CodedOutputStream.newInstance(bos);
        while (true) {
            int start = in.getTotalBytesRead();
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            if (WireFormat.getTagFieldNumber(tag) == 7) {
                byte[] graph = in.readByteArray();
                ByteArrayOutputStream extra = new ByteArrayOutputStream();
                CodedOutputStream eo = CodedOutputStream.newInstance(extra);
                for (String n : names) {
                    ByteArrayOutputStream vi = new ByteArrayOutputStream();
                    CodedOutputStream vo = CodedOutputStream.newInstance(vi);
                    vo.writeString(1, n);
                    vo.flush();
                    eo.writeByteArray(12, vi.toByteArray());
                }
                eo.flush();
                byte[] g2 = new byte[graph.length + extra.size()];
                System.arraycopy(graph, 0, g2, 0, graph.length);
                System.arraycopy(extra.toByteArray(), 0, g2, graph.length, extra.size());
                out.writeByteArray(7, g2);
            } else {
                in.skipField(tag);
                out.writeRawBytes(model, start, in.getTotalBytesRead() - start);
            }
        }
        out.flush();
        return bos.toByteArray();
    }
}
