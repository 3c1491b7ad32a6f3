package lmwb.encoders.forward;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.ProgressEvent;
import lmwb.api.ProgressListener;
import lmwb.api.Provenance;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.LanguageModel;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.ModelInfo;
import lmwb.api.encoder.SentencePooling;
import lmwb.blas.NativeBlas;
import lmwb.djl.DjlContext;
import lmwb.encoders.text.InputTokenizer;
import lmwb.encoders.text.Pooling;
import lmwb.encoders.weights.EncoderCheckpoint;
import lmwb.encoders.weights.EncoderConfig;

/**
 * A pretrained BERT-family encoder opened on DJL: tokenizes, batches by length (each batch padded to its
 * longest sequence), runs the forward pass and pools every requested layer. Output rows follow the
 * request's input order.
 */
public final class EncoderLanguageModel implements LanguageModel {
    private final ModelInfo info;
    private final TransformerEncoder encoder;
    private final InputTokenizer tokenizer;
    private final EncoderConfig config;

    private EncoderLanguageModel(ModelInfo info, TransformerEncoder encoder, InputTokenizer tokenizer) {
        this.info = info;
        this.encoder = encoder;
        this.tokenizer = tokenizer;
        this.config = encoder.config();
    }

    /**
     * Opens a checkpoint.
     *
     * @param reference the reference it was opened by
     * @param contentHash the weights' hash
     * @param checkpoint architecture and weights
     * @param tokenizerJson the tokenizer
     * @param device cpu or gpu
     * @param dropout dropout for training
     * @return the model
     * @throws IOException when the tokenizer cannot be read
     */
    static EncoderLanguageModel open(String reference, String contentHash, EncoderCheckpoint checkpoint,
            java.nio.file.Path tokenizerJson, String device, float dropout) throws IOException {
        EncoderConfig c = checkpoint.config();
        Device d = DjlContext.device(device);
        TransformerEncoder enc;
        try {
            enc = DjlContext.call(() -> new TransformerEncoder(c, checkpoint.weights(), d, dropout));
        } catch (RuntimeException | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot build the encoder for '" + reference + "': " + e.getMessage(), e);
        }
        try {
            InputTokenizer tok = new InputTokenizer(tokenizerJson, c.maxLength(), c.vocabSize());
            ModelInfo info = new ModelInfo(reference, c.modelType(), c.layers(), c.hiddenSize(), enc.parameterCount(),
                    c.maxLength(), contentHash);
            return new EncoderLanguageModel(info, enc, tok);
        } catch (IOException | RuntimeException e) {
            DjlContext.run(enc::close);
            throw e;
        }
    }

    /**
     * @param artifact the files
     * @param device cpu or gpu
     * @param dropout dropout for training
     * @return the model
     * @throws IOException when the files cannot be read
     */
    public static EncoderLanguageModel open(ModelArtifact artifact, String device, float dropout) throws IOException {
        return open(artifact.reference(), artifact.contentHash(), EncoderCheckpoint.load(artifact),
                artifact.tokenizer(), device, dropout);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    public TransformerEncoder encoder() {
        return encoder;
    }

    public InputTokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * @param requested layer numbers, negative counting from the end
     * @param layers L
     * @return the absolute layer numbers, sorted and distinct
     */
    static TreeSet<Integer> absoluteLayers(List<Integer> requested, int layers) {
        TreeSet<Integer> out = new TreeSet<>();
        for (int l : requested) {
            int a = l < 0 ? layers + 1 + l : l;
            if (a < 0 || a > layers) {
                throw new IllegalArgumentException("layer " + l + " does not exist; this model has layers 0 (embeddings) "
                        + "to " + layers + " (or -1 to -" + (layers + 1) + " counting from the end)");
            }
            out.add(a);
        }
        return out;
    }

    @Override
    public LayerEmbeddings embed(EmbeddingRequest request, ProgressListener progress, CancellationToken cancel) {
        long start = System.nanoTime();
        int n = request.inputs().size();
        if (n == 0) {
            throw new IllegalArgumentException("nothing to embed: the request has no inputs");
        }
        TreeSet<Integer> layers = absoluteLayers(request.layers(), config.layers());
        // The tokenizer is stateless (the native Hugging Face tokenizer is used read-only), so long inputs are
        // tokenized on all cores; the order of the list is the order of the inputs either way.
        IntStream indices = IntStream.range(0, n);
        List<InputTokenizer.Tokens> tokens = (n >= 256 ? indices.parallel() : indices)
                .mapToObj(i -> tokenizer.encode(request.inputs().get(i), i, request.pairEncoding()))
                .toList();
        boolean perWord = request.sentencePooling() == SentencePooling.NONE;
        int h = config.hiddenSize();
        int[] rowStart = new int[n + 1];
        int[] wordsPerInput = perWord ? new int[n] : new int[0];
        for (int i = 0; i < n; i++) {
            int rows = perWord ? tokens.get(i).words() : 1;
            if (perWord) {
                wordsPerInput[i] = rows;
            }
            rowStart[i + 1] = rowStart[i] + rows;
        }
        int totalRows = rowStart[n];
        Map<Integer, float[]> out = new TreeMap<>();
        for (int l : layers) {
            out.put(l, new float[totalRows * h]);
        }
        float[] mean = request.layerMean() ? new float[totalRows * h] : null;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> tokens.get(i).length()).reversed());
        long tokenCount = 0;
        int truncated = 0;
        for (InputTokenizer.Tokens t : tokens) {
            tokenCount += t.length();
            truncated += t.truncated() ? 1 : 0;
        }
        String stage = "embed " + info.reference();
        progress.onProgress(new ProgressEvent(stage, 0, n, "sentences", 0));
        int batches = (n + request.batchSize() - 1) / request.batchSize();
        int workers = 1;
        if (encoder.usesOpenBlas()) {
            // The longest batch comes first (length-sorted): it sets what a worker holds at most.
            int longestBatch = Math.min(n, request.batchSize());
            long longestTokens = 0;
            for (int i = 0; i < longestBatch; i++) {
                longestTokens += tokens.get(order[i]).length();
            }
            workers = workers(batches, Runtime.getRuntime().availableProcessors(),
                    batchBytes(config, longestBatch, tokens.get(order[0]).length(), longestTokens), memoryBudget());
        }
        AtomicInteger nextBatch = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Runnable worker = () -> {
            try (NativeBlas.Scope scope = encoder.inferenceScope()) {
                int k;
                while (failed.get() == null && (k = nextBatch.getAndIncrement()) < batches) {
                    cancel.throwIfCancelled();
                    int from = k * request.batchSize();
                    int to = Math.min(n, from + request.batchSize());
                    int[] batch = new int[to - from];
                    for (int i = from; i < to; i++) {
                        batch[i - from] = order[i];
                    }
                    runBatch(batch, tokens, layers, out, mean, rowStart, request, perWord);
                    int total = done.addAndGet(batch.length);
                    synchronized (progress) {
                        progress.onProgress(new ProgressEvent(stage, total, n, "sentences", System.nanoTime() - start));
                    }
                }
            } catch (RuntimeException | Error e) { // stops the other workers; rethrown by the caller
                failed.compareAndSet(null, e);
            }
        };
        if (workers <= 1) {
            worker.run();
        } else {
            // One batch per core at a time, each batch's matrix products on the thread that runs it: the
            // cores stay busy through the parts of a pass PyTorch runs on one thread (softmax, layer norm,
            // GELU), and OpenBLAS's single-thread kernels lose nothing to splitting a product. MiniLM on the
            // 1,000 benchmark sentences, 2 cores: 1.06 s against 1.2-1.3 s for one batch at a time on
            // 2 OpenBLAS threads (bench/encoders/RESULTS.md).
            try (NativeBlas.Scope single = NativeBlas.singleThreaded()) {
                List<Thread> helpers = new ArrayList<>();
                for (int w = 1; w < workers; w++) {
                    Thread t = new Thread(worker, "lmwb-embed-" + w);
                    t.setDaemon(true);
                    t.start();
                    helpers.add(t);
                }
                worker.run();
                for (Thread t : helpers) {
                    t.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.compareAndSet(null, new CancellationToken.CancelledException("interrupted while embedding"));
            }
        }
        Throwable failure = failed.get();
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw (RuntimeException) failure;
        }
        TreeMap<Integer, FloatMatrix> matrices = new TreeMap<>();
        out.forEach((l, v) -> matrices.put(l, FloatMatrix.wrap(totalRows, h, v)));
        Provenance.Builder p = Provenance.builder("encoder:" + info.reference())
                .config("layers", layers)
                .config("layerMean", request.layerMean())
                .config("subwordPooling", request.subwordPooling())
                .config("sentencePooling", request.sentencePooling())
                .config("pairEncoding", request.pairEncoding())
                .config("maxLength", config.maxLength())
                .input("model", info.contentHash())
                .config("denseLayers", encoder.usesOpenBlas() ? "openblas" : "pytorch")
                .version("djl", DjlContext.djlVersion())
                .version("pytorch", DjlContext.engineVersion());
        if (encoder.usesOpenBlas()) {
            p.version("openblas", NativeBlas.describe());
        }
        return new LayerEmbeddings(matrices, mean == null ? null : FloatMatrix.wrap(totalRows, h, mean), wordsPerInput,
                tokenCount, truncated, false, p.build());
    }

    /** System property: native memory (MB) that the batches running at once may take; default half the RAM. */
    static final String MEMORY_BUDGET_PROPERTY = "lmwb.embed.memoryBudgetMB";

    /**
     * How many batches run at once: one per core, but no more than fit in {@code budget} bytes. On a many-core
     * machine with long inputs the batches of all cores would otherwise take tens of GB at once (bge-small,
     * 32 x 512 tokens: ~0.56 GB per batch in flight).
     *
     * @param batches number of batches
     * @param cores available processors
     * @param perBatch native bytes of the largest batch in flight ({@link #batchBytes})
     * @param budget bytes all batches in flight may take together
     * @return the number of workers, at least 1
     */
    static int workers(int batches, int cores, long perBatch, long budget) {
        long fit = Math.max(1, budget / Math.max(1, perBatch));
        return (int) Math.max(1, Math.min(Math.min(batches, cores), fit));
    }

    /**
     * The native memory one packed forward pass holds at its peak: per token, the fused projection (3 H), the
     * context, the current and next hidden state, the residual sums and the running layer mean (6 H), the
     * feed-forward intermediate and its activation (2 FF); plus the attention buffers (capped by
     * {@link TransformerEncoder#SCORE_BUFFER_BYTES}). Hidden states are copied out and freed layer by layer.
     *
     * @param c the architecture
     * @param sequences sequences in the batch
     * @param longest the longest sequence's tokens
     * @param tokens the batch's tokens
     * @return bytes
     */
    static long batchBytes(EncoderConfig c, int sequences, int longest, long tokens) {
        long perToken = 9L * c.hiddenSize() + 2L * c.intermediateSize();
        long scores = Math.min(TransformerEncoder.SCORE_BUFFER_BYTES,
                (long) sequences * c.heads() * longest * longest * Float.BYTES);
        return tokens * perToken * Float.BYTES + 2 * scores;
    }

    /** @return bytes the batches in flight may take: {@value #MEMORY_BUDGET_PROPERTY} MB, else half the RAM */
    static long memoryBudget() {
        Long mb = Long.getLong(MEMORY_BUDGET_PROPERTY);
        if (mb != null && mb > 0) {
            return mb << 20;
        }
        // Through JMX rather than com.sun.management, which the OSGi framework does not export to bundles.
        try {
            Object total = java.lang.management.ManagementFactory.getPlatformMBeanServer().getAttribute(
                    new javax.management.ObjectName("java.lang:type=OperatingSystem"), "TotalMemorySize");
            if (total instanceof Long bytes && bytes > 0) {
                return bytes / 2;
            }
        } catch (javax.management.JMException | RuntimeException e) {
            // fall through to the fixed default
        }
        return 4L << 30;
    }

    private void runBatch(int[] batch, List<InputTokenizer.Tokens> tokens, TreeSet<Integer> layers,
            Map<Integer, float[]> out, float[] mean, int[] rowStart, EmbeddingRequest request, boolean perWord) {
        int b = batch.length;
        int t = 0;
        for (int i : batch) {
            t = Math.max(t, tokens.get(i).length());
        }
        // Packed (no padding) when OpenBLAS runs the pass: row r's tokens start at tokenStart[r]; otherwise every
        // row is padded to the longest, tokenStart[r] = r * t.
        boolean packed = encoder.usesOpenBlas();
        int[] lengths = new int[b];
        int[] tokenStart = new int[b + 1];
        for (int r = 0; r < b; r++) {
            lengths[r] = tokens.get(batch[r]).length();
            tokenStart[r + 1] = tokenStart[r] + (packed ? lengths[r] : t);
        }
        int len = t;
        int cells = tokenStart[b];
        long[] ids = new long[cells];
        long[] types = new long[cells];
        long[] positions = new long[cells];
        float[] mask = packed ? null : new float[cells];
        for (int r = 0; r < b; r++) {
            InputTokenizer.Tokens tk = tokens.get(batch[r]);
            int width = tokenStart[r + 1] - tokenStart[r];
            for (int j = 0; j < width; j++) {
                int k = tokenStart[r] + j;
                boolean real = j < tk.length();
                ids[k] = real ? tk.ids()[j] : config.padTokenId();
                types[k] = real && config.hasTokenTypes() ? Math.min(tk.typeIds()[j], config.typeVocabSize() - 1) : 0;
                positions[k] = config.positionOffset() == 0 ? j : real ? config.positionOffset() + j : config.padTokenId();
                if (mask != null) {
                    mask[k] = real ? 1f : 0f;
                }
            }
        }
        int h = config.hiddenSize();
        DjlContext.run(() -> {
            try (NDManager m = NDManager.newBaseManager(encoder.device())) {
                int depth = mean != null ? config.layers() : layers.last();
                float[] hidden = new float[cells * h];
                if (packed) {
                    // Each layer is copied out and pooled as soon as it is computed and then freed, so a pass
                    // holds two hidden states, not all of them; the layer mean is a running sum.
                    Shape shape = new Shape(cells);
                    NDArray[] sum = new NDArray[1];
                    encoder.forwardPacked(m.create(ids, shape), m.create(types, shape), m.create(positions, shape),
                            lengths, depth, TransformerEncoder.SCORE_BUFFER_BYTES, (l, x) -> {
                                if (layers.contains(l)) {
                                    pool(copy(x, hidden), batch, tokens, tokenStart, h, out.get(l), rowStart, request,
                                            perWord);
                                }
                                if (mean != null && l >= 1) {
                                    sum[0] = sum[0] == null ? x.duplicate() : sum[0].addi(x);
                                }
                            }, false);
                    if (mean != null) {
                        pool(copy(sum[0].divi(config.layers()), hidden), batch, tokens, tokenStart, h, mean, rowStart,
                                request, perWord);
                    }
                    return;
                }
                Shape shape = new Shape(b, len);
                NDList hs = encoder.forward(m.create(ids, shape), m.create(types, shape), m.create(positions, shape),
                        m.create(mask, shape), false, false, depth);
                for (int l : layers) {
                    pool(copy(hs.get(l), hidden), batch, tokens, tokenStart, h, out.get(l), rowStart, request,
                            perWord);
                }
                if (mean != null) {
                    NDArray sum = hs.get(1);
                    for (int l = 2; l <= config.layers(); l++) {
                        sum = sum.add(hs.get(l));
                    }
                    pool(copy(sum.div(config.layers()), hidden), batch, tokens, tokenStart, h, mean, rowStart, request,
                            perWord);
                }
            }
        });
    }

    /**
     * Copies a CPU tensor's values into {@code into} in one bulk copy from a view of its storage (no
     * intermediate buffer, unlike {@code toFloatArray}).
     */
    private static float[] copy(NDArray a, float[] into) {
        if (!a.getDevice().isGpu()) {
            a.toByteBuffer(true).asFloatBuffer().get(into, 0, Math.toIntExact(a.size()));
            return into;
        }
        return a.toFloatArray();
    }

    private static void pool(float[] hidden, int[] batch, List<InputTokenizer.Tokens> tokens, int[] tokenStart,
            int h, float[] target, int[] rowStart, EmbeddingRequest request, boolean perWord) {
        for (int r = 0; r < batch.length; r++) {
            int input = batch[r];
            InputTokenizer.Tokens tk = tokens.get(input);
            int offset = tokenStart[r] * h;
            if (perWord) {
                float[][] words = Pooling.words(hidden, offset, tk.wordIds(), tk.words(), h, request.subwordPooling());
                for (int w = 0; w < words.length; w++) {
                    if (words[w] != null) {
                        System.arraycopy(words[w], 0, target, (rowStart[input] + w) * h, h);
                    }
                }
            } else {
                Pooling.sentenceInto(hidden, offset, tk.wordIds(), tk.words(), h, request.subwordPooling(),
                        request.sentencePooling(), target, rowStart[input] * h);
            }
        }
    }

    @Override
    public void close() {
        DjlContext.run(() -> {
            encoder.close();
            tokenizer.close();
        });
    }
}
