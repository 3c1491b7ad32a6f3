package lmwb.bench.encoders;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;
import lmwb.common.config.ComponentConfig;
import lmwb.common.maven.AtomicFolder;
import lmwb.djl.DjlContext;
import lmwb.encoders.builtin.BuiltinModelSource;
import lmwb.encoders.forward.EncoderLanguageModel;
import lmwb.encoders.text.InputTokenizer;

/**
 * Times one fixed batch (the first 32 sentences, padded or cut to 16 tokens) through the forward pass, and the
 * whole file through {@link EncoderLanguageModel#embed} with every layer: the kernel-level figure behind
 * bench/encoders/RESULTS.md, without ONNX Runtime in the process. Usage: sentences file, model name.
 */
public final class ForwardProfile {
    private ForwardProfile() {
    }

    /**
     * @param args sentences file, then the model (default all-minilm-l6-v2)
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        List<String> sentences = Files.readAllLines(Path.of(args[0])).stream().filter(s -> !s.isBlank()).toList();
        String name = args.length > 1 ? args[1] : "all-minilm-l6-v2";
        Path tmp = Files.createTempDirectory("lmwb-profile");
        BuiltinModelSource source = new BuiltinModelSource(ComponentConfig.of(BuiltinModelSource.Config.class,
                    Map.of("modelsFolder", tmp.resolve("models").toString())));
        ModelArtifact artifact = source.resolve(name, ProgressListener.NONE).orElseThrow();
        try (EncoderLanguageModel model = EncoderLanguageModel.open(artifact, "cpu", 0.1f)) {
            System.out.printf(Locale.ROOT, "%s, dense layers by %s%n", name,
                    model.encoder().usesOpenBlas() ? "OpenBLAS" : "PyTorch");
            List<EmbeddingInput> inputs = sentences.stream().map(EmbeddingInput::text).toList();
            List<Integer> all = new ArrayList<>();
            for (int l = 0; l <= model.info().layers(); l++) {
                all.add(l);
            }
            EmbeddingRequest request = new EmbeddingRequest(inputs, all, false, SubwordPooling.MEAN,
                    SentencePooling.MEAN, PairEncoding.NATIVE, 32);
            for (int rep = 0; rep < 3; rep++) {
                long t = System.nanoTime();
                model.embed(request, ProgressListener.NONE, CancellationToken.NONE);
                System.out.printf(Locale.ROOT, "embed %d sentences, all layers: %.3f s%n", inputs.size(),
                        (System.nanoTime() - t) / 1e9);
            }
            // The forward passes alone on the same length-sorted batches embed uses, every layer kept, on
            // `workers` threads that take the next batch (longest first).
            List<InputTokenizer.Tokens> toks = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                toks.add(model.tokenizer().encode(inputs.get(i), i, PairEncoding.NATIVE));
            }
            toks.sort((x, y) -> Integer.compare(y.length(), x.length()));
            int workers = Integer.getInteger("workers", 1);
            // Several streams run with OpenBLAS single-threaded, as embed does.
            lmwb.blas.NativeBlas.Scope blas = workers > 1 ? lmwb.blas.NativeBlas.singleThreaded() : () -> { };
            for (int rep = 0; rep < 3; rep++) {
                long t = System.nanoTime();
                java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
                List<Thread> threads = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    Thread th = new Thread(() -> {
                        try (lmwb.blas.NativeBlas.Scope scope = model.encoder().inferenceScope()) {
                            int from;
                            while ((from = next.getAndAdd(32)) < toks.size()) {
                                List<InputTokenizer.Tokens> batch = toks.subList(from, Math.min(toks.size(), from + 32));
                                forward(model, batch, batch.get(0).length());
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    th.start();
                    threads.add(th);
                }
                for (Thread th : threads) {
                    th.join();
                }
                System.out.printf(Locale.ROOT, "forward passes alone, same batches, %d workers: %.3f s%n", workers,
                        (System.nanoTime() - t) / 1e9);
            }
            blas.close();
            int b = 32;
            int len = 16;
            List<InputTokenizer.Tokens> first = new ArrayList<>();
            for (int r = 0; r < b; r++) {
                first.add(model.tokenizer().encode(inputs.get(r), r, PairEncoding.NATIVE));
            }
            try (lmwb.blas.NativeBlas.Scope scope = model.encoder().inferenceScope()) {
                for (int rep = 0; rep < 3; rep++) {
                    int n = 30;
                    double[] ms = new double[n];
                    for (int i = 0; i < n; i++) {
                        long t = System.nanoTime();
                        forward(model, first, len);
                        ms[i] = (System.nanoTime() - t) / 1e6;
                    }
                    Arrays.sort(ms);
                    System.out.printf(Locale.ROOT, "forward %d x %d: median %.2f ms, best %.2f ms%n", b, len,
                            ms[n / 2], ms[0]);
                }
            }
        }
    }

    /** One forward pass over {@code batch}, padded or cut to {@code len} tokens, every layer computed. */
    private static void forward(EncoderLanguageModel model, List<InputTokenizer.Tokens> batch, int len)
            throws Exception {
        int b = batch.size();
        long[] ids = new long[b * len];
        long[] pos = new long[b * len];
        float[] mask = new float[b * len];
        for (int r = 0; r < b; r++) {
            InputTokenizer.Tokens tk = batch.get(r);
            for (int j = 0; j < len; j++) {
                pos[r * len + j] = j;
                if (j < tk.length()) {
                    ids[r * len + j] = tk.ids()[j];
                    mask[r * len + j] = 1f;
                }
            }
        }
        Shape shape = new Shape(b, len);
        DjlContext.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                NDList hs = model.encoder().forward(m.create(ids, shape), m.zeros(shape, DataType.INT64),
                        m.create(pos, shape), m.create(mask, shape), false);
                return hs.size();
            }
        });
    }
}
