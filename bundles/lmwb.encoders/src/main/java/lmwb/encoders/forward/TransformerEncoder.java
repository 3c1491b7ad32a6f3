package lmwb.encoders.forward;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.blas.NativeBlas;
import lmwb.encoders.spi.DropoutMasks;
import lmwb.encoders.spi.NamedTensor;
import lmwb.encoders.weights.EncoderConfig;
import lmwb.encoders.weights.WeightNames;

/**
 * The forward pass of a post-LayerNorm BERT-family encoder (BERT, RoBERTa/XLM-R, ELECTRA, DistilBERT,
 * MiniLM/BGE/E5) written with DJL NDArray operations. It returns the embedding-layer output and every
 * transformer layer's hidden states.
 *
 * <p>The parameters live in the encoder's own manager; every call's intermediates belong to the
 * manager of the inputs, so callers pass arrays of a per-batch sub-manager and close it after copying
 * out what they need. Dropout is applied only through
 * {@link #forward(NDArray, NDArray, NDArray, NDArray, DropoutMasks)}, with the masks of the caller's training
 * run, so a training bundle can reuse the same forward pass (attaching gradients to {@link #parameters()}).
 */
public final class TransformerEncoder implements AutoCloseable {
    private final EncoderConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final List<Layer> layers = new ArrayList<>();
    private final double hiddenDropout;
    private final double attentionDropout;
    private final NDArray wordEmbeddings;
    private final NDArray positionEmbeddings;
    private final NDArray typeEmbeddings;
    private final NDArray embNormW;
    private final NDArray embNormB;
    private final NDArray projectW;
    private final NDArray projectB;

    private record Layer(NDArray qkvW, NDArray qkvB, NDArray outW, NDArray outB, NDArray ln1W, NDArray ln1B,
            NDArray inW, NDArray inB, NDArray ffW, NDArray ffB, NDArray ln2W, NDArray ln2B, NDArray[] qkv) {
    }

    private final float attentionScale;
    /**
     * Largest attention score buffer a packed pass keeps (the probabilities take as much again): 64 MB holds
     * 32 sequences of up to 209 tokens with 12 heads; longer batches are attended in groups.
     */
    static final long SCORE_BUFFER_BYTES = 64L << 20;
    /** OpenBLAS for the dense layers of inference passes, or {@code null} for PyTorch's own. */
    private final BlasLinear blas;

    /**
     * @param config the architecture
     * @param weights the parameters in canonical names (see {@link WeightNames})
     * @param device where to put them
     * @param dropout hidden and attention dropout probability used when training
     * @throws IllegalArgumentException when a parameter is missing or has the wrong shape
     */
    TransformerEncoder(EncoderConfig config, Map<String, NamedTensor> weights, Device device, float dropout) {
        this(config, weights, device, dropout, dropout);
    }

    /**
     * @param config the architecture
     * @param weights the parameters in canonical names (see {@link WeightNames})
     * @param device where to put them
     * @param hiddenDropout dropout probability on the embeddings and each sub-layer's output when training
     * @param attentionDropout dropout probability on the attention probabilities when training
     * @throws IllegalArgumentException when a parameter is missing or has the wrong shape
     */
    public TransformerEncoder(EncoderConfig config, Map<String, NamedTensor> weights, Device device, double hiddenDropout,
            double attentionDropout) {
        this.config = config;
        this.hiddenDropout = hiddenDropout;
        this.attentionDropout = attentionDropout;
        this.attentionScale = (float) (1.0 / Math.sqrt((double) config.hiddenSize() / config.heads()));
        this.manager = NDManager.newBaseManager(device);
        this.blas = BlasLinear.forDevice(device);
        try {
            int h = config.hiddenSize();
            int e = config.embeddingSize();
            wordEmbeddings = param(weights, "embeddings.word_embeddings.weight", config.vocabSize(), e);
            positionEmbeddings = param(weights, "embeddings.position_embeddings.weight", config.maxPositions(), e);
            typeEmbeddings = config.hasTokenTypes()
                    ? param(weights, "embeddings.token_type_embeddings.weight", config.typeVocabSize(), e) : null;
            embNormW = param(weights, "embeddings.LayerNorm.weight", e);
            embNormB = param(weights, "embeddings.LayerNorm.bias", e);
            if (e != h) {
                projectW = param(weights, "embeddings_project.weight", h, e);
                projectB = param(weights, "embeddings_project.bias", h);
            } else {
                projectW = null;
                projectB = null;
            }
            int ff = config.intermediateSize();
            for (int i = 0; i < config.layers(); i++) {
                String p = "encoder.layer." + i + ".";
                NDArray qW = param(weights, p + "attention.self.query.weight", h, h);
                NDArray kW = param(weights, p + "attention.self.key.weight", h, h);
                NDArray vW = param(weights, p + "attention.self.value.weight", h, h);
                NDArray qB = param(weights, p + "attention.self.query.bias", h);
                NDArray kB = param(weights, p + "attention.self.key.bias", h);
                NDArray vB = param(weights, p + "attention.self.value.bias", h);
                // The attention scale 1/sqrt(head_dim) is folded into the query projection once.
                float scale = (float) (1.0 / Math.sqrt((double) h / config.heads()));
                NDArray qWs = qW.mul(scale);
                NDArray qBs = qB.mul(scale);
                NDArray qkvW = NDArrays.concat(qWs, kW, vW);
                NDArray qkvB = NDArrays.concat(qBs, kB, vB);
                qWs.close();
                qBs.close();
                layers.add(new Layer(qkvW, qkvB,
                        param(weights, p + "attention.output.dense.weight", h, h),
                        param(weights, p + "attention.output.dense.bias", h),
                        param(weights, p + "attention.output.LayerNorm.weight", h),
                        param(weights, p + "attention.output.LayerNorm.bias", h),
                        param(weights, p + "intermediate.dense.weight", ff, h),
                        param(weights, p + "intermediate.dense.bias", ff),
                        param(weights, p + "output.dense.weight", h, ff),
                        param(weights, p + "output.dense.bias", h),
                        param(weights, p + "output.LayerNorm.weight", h),
                        param(weights, p + "output.LayerNorm.bias", h),
                        new NDArray[] {qW, kW, vW, qB, kB, vB}));
            }
        } catch (RuntimeException ex) {
            manager.close();
            throw ex;
        }
    }

    /** Small helpers on NDArrays that DJL spells differently. */
    private static final class NDArrays {
        /** Concatenates along axis 0 and frees the intermediate. */
        static NDArray concat(NDArray a, NDArray b, NDArray c) {
            NDArray ab = a.concat(b, 0);
            NDArray abc = ab.concat(c, 0);
            ab.close();
            return abc;
        }
    }

    private NDArray param(Map<String, NamedTensor> weights, String name, long... shape) {
        NamedTensor t = weights.get(name);
        if (t == null) {
            throw new IllegalArgumentException("the checkpoint has no parameter '" + name + "' that a "
                    + config.modelType() + " encoder with " + config.layers() + " layers needs");
        }
        if (!new Shape(t.shape()).equals(new Shape(shape))) {
            throw new IllegalArgumentException("parameter '" + name + "' has shape " + new Shape(t.shape())
                    + " but the config asks for " + new Shape(shape));
        }
        NDArray a = manager.create(FloatBuffer.wrap(t.data()), new Shape(shape), DataType.FLOAT32);
        a.setName(name);
        params.put(name, a);
        return a;
    }

    /** @return the parameters by canonical name (read-only map over live arrays) */
    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(params);
    }

    /** @return the device the parameters live on */
    public Device device() {
        return manager.getDevice();
    }

    /** @return the architecture */
    public EncoderConfig config() {
        return config;
    }

    /** @return the hidden dropout probability applied with active masks */
    public double hiddenDropout() {
        return hiddenDropout;
    }

    /**
     * Runs the encoder.
     *
     * @param ids token ids {@code (B, T)} int64
     * @param typeIds token types {@code (B, T)} int64, ignored when the model has none
     * @param positions position ids {@code (B, T)} int64
     * @param mask attention mask {@code (B, T)} float32, 1 for real tokens
     * @param training whether intermediates are kept for a backward pass (never dropout: see
     *     {@link #forward(NDArray, NDArray, NDArray, NDArray, DropoutMasks)})
     * @return {@code L + 1} arrays {@code (B, T, H)}: the embedding output, then each layer's output
     */
    public NDList forward(NDArray ids, NDArray typeIds, NDArray positions, NDArray mask, boolean training) {
        return forward(ids, typeIds, positions, mask, training, false);
    }

    /**
     * Runs the encoder, optionally from the live parameters so gradients reach them.
     *
     * @param ids token ids {@code (B, T)} int64
     * @param typeIds token types {@code (B, T)} int64, ignored when the model has none
     * @param positions position ids {@code (B, T)} int64
     * @param mask attention mask {@code (B, T)} float32, 1 for real tokens
     * @param training whether intermediates are kept for a backward pass (never dropout)
     * @param live whether to build the fused query/key/value projection from {@link #parameters()} on every
     *     call (needed for fine-tuning: the fused copy made at construction carries no gradient and goes stale
     *     when the parameters are updated); intermediates are then kept for a backward pass
     * @return {@code L + 1} arrays {@code (B, T, H)}: the embedding output, then each layer's output
     */
    NDList forward(NDArray ids, NDArray typeIds, NDArray positions, NDArray mask, boolean training, boolean live) {
        return forward(ids, typeIds, positions, mask, training, live, config.layers());
    }

    /**
     * Runs the encoder up to layer {@code depth} only: layers above the highest one a caller needs are never
     * computed, so asking for early layers really costs less.
     *
     * @param ids token ids {@code (B, T)} int64
     * @param typeIds token types {@code (B, T)} int64, ignored when the model has none
     * @param positions position ids {@code (B, T)} int64
     * @param mask attention mask {@code (B, T)} float32, 1 for real tokens
     * @param training whether intermediates are kept for a backward pass (never dropout)
     * @param live see {@link #forward(NDArray, NDArray, NDArray, NDArray, boolean, boolean)}
     * @param depth the last layer to compute, 0 (embedding output only) to L
     * @return {@code depth + 1} arrays {@code (B, T, H)}: the embedding output, then layers 1..depth
     */
    NDList forward(NDArray ids, NDArray typeIds, NDArray positions, NDArray mask, boolean training, boolean live,
            int depth) {
        if (depth < 0 || depth > config.layers()) {
            throw new IllegalArgumentException("depth must be in 0.." + config.layers() + ", got " + depth);
        }
        return forward(ids, typeIds, positions, mask, training, live, depth, !training && !live ? blas : null,
                DropoutMasks.NONE);
    }

    /**
     * Runs the encoder from the live parameters for training, with dropout (hidden and attention) from a
     * training run's own masks; gradients reach {@link #parameters()}.
     *
     * @param ids token ids {@code (B, T)} int64
     * @param typeIds token types {@code (B, T)} int64, ignored when the model has none
     * @param positions position ids {@code (B, T)} int64
     * @param mask attention mask {@code (B, T)} float32, 1 for real tokens
     * @param dropout the run's masks, or {@link DropoutMasks#NONE} to evaluate
     * @return {@code L + 1} arrays {@code (B, T, H)}: the embedding output, then each layer's output
     */
    public NDList forward(NDArray ids, NDArray typeIds, NDArray positions, NDArray mask, DropoutMasks dropout) {
        return forward(ids, typeIds, positions, mask, dropout.active(), true, config.layers(), null, dropout);
    }

    private NDList forward(NDArray ids, NDArray typeIds, NDArray positions, NDArray mask, boolean training,
            boolean live, int depth, BlasLinear gemm, DropoutMasks masks) {
        long b = ids.getShape().get(0);
        long t = ids.getShape().get(1);
        int h = config.hiddenSize();
        int heads = config.heads();
        int hd = h / heads;
        float eps = (float) config.eps();
        // For inference every intermediate is freed as soon as it is consumed: keeping them until the batch
        // manager closes makes each operation write into freshly mapped pages, which doubled the time of a
        // forward pass. Training keeps them for the backward pass.
        boolean free = !training && !live;
        NDArray words = Embedding.embedding(ids, wordEmbeddings, SparseFormat.DENSE).singletonOrThrow();
        NDArray pos = Embedding.embedding(positions, positionEmbeddings, SparseFormat.DENSE).singletonOrThrow();
        NDArray x = done(words.add(pos), free, words, pos);
        if (typeEmbeddings != null) {
            NDArray types = Embedding.embedding(typeIds, typeEmbeddings, SparseFormat.DENSE).singletonOrThrow();
            x = done(x.add(types), free, x, types);
        }
        x = done(LayerNorm.layerNorm(x, new Shape(config.embeddingSize()), embNormW, embNormB, eps).singletonOrThrow(),
                free, x);
        x = masks.apply(x, hiddenDropout);
        if (projectW != null) {
            x = done(Linear.linear(x, projectW, projectB).singletonOrThrow(), free, x);
        }
        NDList out = new NDList(config.layers() + 1);
        out.add(x);
        // Large negative (float min) on padded keys, as the reference exports do.
        NDArray maskBias = mask.neg().add(1f).mul(-Float.MAX_VALUE).reshape(b, 1, 1, t);
        for (Layer l : layers.subList(0, depth)) {
            NDArray qkv;
            if (live) {
                NDArray[] r = l.qkv();
                NDManager batch = x.getManager();
                NDArray qs = r[0].mul(attentionScale);
                NDArray qbs = r[3].mul(attentionScale);
                qs.attach(batch);
                qbs.attach(batch);
                NDArray w = qs.concat(r[1], 0).concat(r[2], 0);
                NDArray bias = qbs.concat(r[4], 0).concat(r[5], 0);
                w.attach(batch);
                bias.attach(batch);
                qkv = Linear.linear(x, w, bias).singletonOrThrow();
            } else {
                qkv = linear(gemm, x, l.qkvW(), l.qkvB());
            }
            NDArray ctx;
            if (gemm != null) {
                ctx = done(gemm.attention(qkv, maskBias, (int) b, (int) t, heads), true, qkv);
            } else {
                ctx = attention(qkv, maskBias, b, t, heads, hd, masks, free);
            }
            NDArray attn = done(masks.apply(linear(gemm, ctx, l.outW(), l.outB()), hiddenDropout), free, ctx);
            NDArray res1 = free ? attn.addi(x) : attn.add(x);
            NDArray x1 = done(LayerNorm.layerNorm(res1, new Shape(h), l.ln1W(), l.ln1B(), eps).singletonOrThrow(),
                    free, res1);
            NDArray up = linear(gemm, x1, l.inW(), l.inB());
            NDArray inter = done(activation(up), free, up);
            NDArray ff = done(masks.apply(linear(gemm, inter, l.ffW(), l.ffB()), hiddenDropout), free, inter);
            NDArray res2 = free ? ff.addi(x1) : done(ff.add(x1), false);
            if (free) {
                x1.close();
            }
            x = done(LayerNorm.layerNorm(res2, new Shape(h), l.ln2W(), l.ln2B(), eps).singletonOrThrow(), free, res2);
            out.add(x);
        }
        if (free) {
            maskBias.close();
        }
        return out;
    }

    /**
     * Inference on the CPU without padding: the sequences of a batch are packed one after another, so every
     * dense layer, layer norm and GELU runs on the real tokens only, and attention runs per sequence on its own
     * length. Length-sorted batches of real text still carry some padding (3.8 % of the tokens of the
     * 1,000 benchmark sentences in batches of 32), and the dense layers are ~84 % of a pass.
     *
     * <p>Only with the OpenBLAS path ({@link #usesOpenBlas()}): PyTorch's own attention needs a rectangular
     * batch.
     *
     * @param ids token ids {@code (N)} int64, the sequences one after another
     * @param typeIds token types {@code (N)} int64, ignored when the model has none
     * @param positions position ids {@code (N)} int64
     * @param lengths the length of each sequence; they add up to {@code N}
     * @param depth the last layer to compute, 0 (embedding output only) to L
     * @return {@code depth + 1} arrays {@code (N, H)}: the embedding output, then layers 1..depth
     * @throws IllegalStateException when the dense layers do not run on OpenBLAS
     */
    public NDList forwardPacked(NDArray ids, NDArray typeIds, NDArray positions, int[] lengths, int depth) {
        return forwardPacked(ids, typeIds, positions, lengths, depth, SCORE_BUFFER_BYTES);
    }

    /**
     * {@link #forwardPacked(NDArray, NDArray, NDArray, int[], int)} with a given limit on the attention score
     * buffer.
     */
    NDList forwardPacked(NDArray ids, NDArray typeIds, NDArray positions, int[] lengths, int depth,
            long scoreBufferBytes) {
        NDList out = new NDList(depth + 1);
        forwardPacked(ids, typeIds, positions, lengths, depth, scoreBufferBytes, (layer, x) -> out.add(x), true);
        return out;
    }

    /** Receives each hidden state of a packed pass as soon as it is computed. */
    @FunctionalInterface
    interface LayerSink {
        /**
         * @param layer 0 for the embedding output, then 1..depth
         * @param hidden {@code (N, H)}; freed by the pass once the next layer has used it, unless the pass keeps
         *     its layers
         */
        void accept(int layer, NDArray hidden);
    }

    /**
     * The packed pass, handing each hidden state to {@code sink} as soon as it is computed. With {@code keep}
     * off, a hidden state is freed once the next layer has used it, so a pass holds two layers at a time
     * instead of all {@code depth + 1} (13 × N × H floats for a 12-layer model): the caller copies out what it
     * needs inside {@code sink}.
     *
     * @param ids token ids {@code (N)} int64
     * @param typeIds token types {@code (N)} int64
     * @param positions position ids {@code (N)} int64
     * @param lengths the length of each sequence
     * @param depth the last layer to compute
     * @param scoreBufferBytes largest attention score buffer to keep for the whole pass
     * @param sink receives layers 0..depth in order
     * @param keep whether the hidden states outlive the pass (they then belong to the inputs' manager)
     */
    void forwardPacked(NDArray ids, NDArray typeIds, NDArray positions, int[] lengths, int depth,
            long scoreBufferBytes, LayerSink sink, boolean keep) {
        if (blas == null) {
            throw new IllegalStateException("packed forward passes need the OpenBLAS path (CPU, "
                    + BlasLinear.PROPERTY + " not 'torch')");
        }
        if (depth < 0 || depth > config.layers()) {
            throw new IllegalArgumentException("depth must be in 0.." + config.layers() + ", got " + depth);
        }
        int h = config.hiddenSize();
        float eps = (float) config.eps();
        NDArray x = embeddings(ids, typeIds, positions);
        sink.accept(0, x);
        // One score buffer for the whole pass unless it would exceed scoreBufferBytes (long sequences); then
        // attention takes the sequences in groups, each with a buffer of its own.
        int t = 0;
        for (int len : lengths) {
            t = Math.max(t, len);
        }
        long perSequence = (long) config.heads() * t * t * Float.BYTES;
        int group = (int) Math.max(1, Math.min(lengths.length, scoreBufferBytes / perSequence));
        NDArray scores = group >= lengths.length ? blas.packedScores(x.getManager(), lengths, config.heads()) : null;
        try {
            for (int i = 0; i < depth; i++) {
                Layer l = layers.get(i);
                NDArray qkv = blas.apply(x, l.qkvW(), l.qkvB());
                NDArray ctx = done(scores != null ? blas.attentionPacked(qkv, scores, lengths, config.heads())
                        : blas.attentionPackedGrouped(qkv, lengths, config.heads(), group), true, qkv);
                NDArray res1 = done(blas.apply(ctx, l.outW(), l.outB()), true, ctx).addi(x);
                if (!keep) {
                    x.close();
                }
                NDArray x1 = done(LayerNorm.layerNorm(res1, new Shape(h), l.ln1W(), l.ln1B(), eps)
                        .singletonOrThrow(), true, res1);
                NDArray up = blas.apply(x1, l.inW(), l.inB());
                NDArray inter = done(activation(up), true, up);
                NDArray res2 = done(blas.apply(inter, l.ffW(), l.ffB()), true, inter).addi(x1);
                x1.close();
                x = done(LayerNorm.layerNorm(res2, new Shape(h), l.ln2W(), l.ln2B(), eps).singletonOrThrow(), true,
                        res2);
                sink.accept(i + 1, x);
            }
        } finally {
            if (scores != null) {
                scores.close();
            }
        }
    }

    /** The embedding layer for inference: word + position (+ type) embeddings, layer norm, projection. */
    private NDArray embeddings(NDArray ids, NDArray typeIds, NDArray positions) {
        NDArray words = Embedding.embedding(ids, wordEmbeddings, SparseFormat.DENSE).singletonOrThrow();
        NDArray pos = Embedding.embedding(positions, positionEmbeddings, SparseFormat.DENSE).singletonOrThrow();
        NDArray x = done(words.addi(pos), true, pos);
        if (typeEmbeddings != null) {
            NDArray types = Embedding.embedding(typeIds, typeEmbeddings, SparseFormat.DENSE).singletonOrThrow();
            x = done(x.addi(types), true, types);
        }
        x = done(LayerNorm.layerNorm(x, new Shape(config.embeddingSize()), embNormW, embNormB,
                (float) config.eps()).singletonOrThrow(), true, x);
        if (projectW != null) {
            x = done(Linear.linear(x, projectW, projectB).singletonOrThrow(), true, x);
        }
        return x;
    }

    /** Multi-head self-attention on PyTorch: {@code qkv} {@code (B, T, 3H)} to the context {@code (B, T, H)}. */
    private NDArray attention(NDArray qkv, NDArray maskBias, long b, long t, int heads, int hd, DropoutMasks masks,
            boolean free) {
        int h = heads * hd;
        NDArray heads5 = qkv.reshape(b, t, 3, heads, hd);
        NDArray split = heads5.transpose(2, 0, 3, 1, 4);
        NDArray q = split.get(0);
        NDArray k = split.get(1);
        NDArray v = split.get(2);
        NDArray kT = k.transpose(0, 1, 3, 2);
        NDArray scores = q.matMul(kT);
        done(null, free, q, kT, k);
        NDArray masked = free ? scores.addi(maskBias) : scores.add(maskBias);
        NDArray probs = done(masked.softmax(-1), free, masked);
        probs = masks.apply(probs, attentionDropout);
        NDArray context = probs.matMul(v);
        done(null, free, probs, v, split, heads5, qkv);
        NDArray contextT = context.transpose(0, 2, 1, 3);
        return done(contextT.reshape(b, t, h), free, contextT, context);
    }

    /** A dense layer through OpenBLAS when {@code gemm} is set (inference on the CPU), else through PyTorch. */
    private static NDArray linear(BlasLinear gemm, NDArray x, NDArray w, NDArray bias) {
        return gemm != null ? gemm.apply(x, w, bias) : Linear.linear(x, w, bias).singletonOrThrow();
    }

    /**
     * Prepares the calling thread for a run of inference passes; close the scope when the run ends.
     *
     * <p>With the matrix products in OpenBLAS, what is left to PyTorch (layer norm, softmax, GELU) is too
     * small to gain from PyTorch's thread pool: waking it costs more than it saves (MiniLM, batch 32 x 16,
     * 2 cores: 38-43 ms with 2 PyTorch threads, 35.7-37.5 ms with 1). So the scope sets PyTorch's thread
     * count to 1 for the calling thread (OpenMP and MKL keep it per thread, so other threads, e.g. a
     * training run, keep theirs) and restores it on close. Setting it costs about 3 ms (PyTorch resizes a
     * thread pool), which is why it is done once per run and not once per batch.
     *
     * @return the scope; a no-op when PyTorch computes the dense layers
     */
    public NativeBlas.Scope inferenceScope() {
        if (blas == null) {
            return () -> { };
        }
        int threads = JniUtils.getNumThreads();
        if (threads <= 1) {
            return () -> { };
        }
        JniUtils.setNumThreads(1);
        return () -> JniUtils.setNumThreads(threads);
    }

    /** @return whether inference passes compute their dense layers with OpenBLAS */
    public boolean usesOpenBlas() {
        return blas != null;
    }

    /** Returns {@code result}, closing {@code consumed} first when intermediates are freed eagerly. */
    private static NDArray done(NDArray result, boolean free, NDArray... consumed) {
        if (free) {
            for (NDArray a : consumed) {
                if (a != result) {
                    a.close();
                }
            }
        }
        return result;
    }

    private NDArray activation(NDArray x) {
        switch (config.activation()) {
            case "gelu":
                return Activation.gelu(x);
            case "relu":
                return Activation.relu(x);
            default:
                // tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
                NDArray inner = x.pow(3).mul(0.044715f).add(x).mul((float) Math.sqrt(2 / Math.PI)).tanh();
                return inner.add(1f).mul(x).mul(0.5f);
        }
    }

    /** @return the number of parameters */
    long parameterCount() {
        long n = 0;
        for (NDArray a : params.values()) {
            n += a.size();
        }
        // The fused q/k/v copies are not counted twice: they are built from counted parameters.
        return n;
    }

    @Override
    public void close() {
        manager.close();
    }
}
