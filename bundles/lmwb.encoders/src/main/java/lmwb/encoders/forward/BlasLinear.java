package lmwb.encoders.forward;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import lmwb.blas.NativeBlas;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The dense layers of the inference forward pass ({@code y = x W^T + b}) computed by OpenBLAS's sgemm directly
 * on PyTorch's CPU tensors, without copying them.
 *
 * <p>Why: PyTorch's CPU build calls oneMKL for these products, and oneMKL runs its AVX-512 kernels only on
 * Intel CPUs; on AMD CPUs with AVX-512 the forward pass was 2.8× slower than ONNX Runtime's. OpenBLAS with its
 * AVX-512 kernels measured 400–435 GFLOP/s on 2 threads (see bench/encoders/RESULTS.md). The matrix products,
 * dense layers and attention ({@link #attention}), are 75–90 % of a BERT forward pass; the rest (mask,
 * softmax, layer norm, GELU) stays in PyTorch.
 *
 * <p>Tensors are shared, not copied: {@code toByteBuffer(true)} gives a direct buffer over a contiguous CPU
 * tensor's storage and JavaCPP wraps its address. The output tensor is allocated by PyTorch
 * ({@code torch::empty}) in the input's manager, so it is freed like every other intermediate.
 *
 * <p>Only for inference on the CPU: training needs PyTorch's autograd and a GPU has its own BLAS. The choice
 * can be forced with the system property {@code lmwb.encoder.gemm} = {@code auto} (OpenBLAS when it loads,
 * the default), {@code openblas} or {@code torch}.
 */
public final class BlasLinear {
    /** System property that picks the matrix-product engine of inference forward passes. */
    static final String PROPERTY = "lmwb.encoder.gemm";

    private final Map<NDArray, FloatPointer> weights = new IdentityHashMap<>();

    private BlasLinear() {
    }

    /**
     * @param device where the encoder's parameters live
     * @return the OpenBLAS path, or {@code null} when PyTorch should compute the products (GPU, OpenBLAS
     *     unavailable, or {@code lmwb.encoder.gemm=torch})
     * @throws IllegalStateException when {@code lmwb.encoder.gemm=openblas} but OpenBLAS cannot be loaded
     * @throws IllegalArgumentException when the property has an unknown value
     */
    static BlasLinear forDevice(Device device) {
        String choice = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (choice) {
            case "torch":
                return null;
            case "auto":
                return device.isGpu() || !NativeBlas.available() ? null : new BlasLinear();
            case "openblas":
                if (device.isGpu()) {
                    return null;
                }
                if (!NativeBlas.available()) {
                    throw new IllegalStateException(PROPERTY + "=openblas but OpenBLAS could not be loaded ("
                            + NativeBlas.failure() + "); use " + PROPERTY + "=auto or torch");
                }
                return new BlasLinear();
            default:
                throw new IllegalArgumentException(PROPERTY + "=" + choice + " is not one of [auto, openblas, torch]");
        }
    }

    /**
     * Computes {@code x W^T + b} over the last axis of {@code x}.
     *
     * @param x input {@code (..., K)}, a contiguous float32 CPU tensor
     * @param w weight {@code (N, K)}, a contiguous float32 CPU tensor that outlives this object's use of it
     * @param bias bias {@code (N)}
     * @return a new tensor {@code (..., N)} in {@code x}'s manager
     */
    NDArray apply(NDArray x, NDArray w, NDArray bias) {
        Shape xs = x.getShape();
        int k = (int) xs.get(xs.dimension() - 1);
        int n = (int) w.getShape().get(0);
        if (w.getShape().get(1) != k) {
            throw new IllegalArgumentException("cannot multiply " + xs + " by a weight of shape " + w.getShape());
        }
        int m = (int) (xs.size() / k);
        NDArray y = x.getManager().create(xs.slice(0, xs.dimension() - 1).add(n), DataType.FLOAT32);
        FloatPointer pw = pointer(w);
        try (FloatPointer px = new FloatPointer(x.toByteBuffer(true).asFloatBuffer());
                FloatPointer py = new FloatPointer(y.toByteBuffer(true).asFloatBuffer())) {
            openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasTrans, m, n, k, 1f, px, k,
                    pw, k, 0f, py, n);
        }
        return y.addi(bias);
    }

    /**
     * Multi-head self-attention read straight out of the fused projection: per sequence and head, the scores
     * {@code Q K^T} and the context {@code P V} are small sgemm calls on strided views of {@code qkv}, and the
     * context is written in place into its {@code (B, T, H)} layout, so no head is ever transposed or copied.
     * The mask and the softmax run in PyTorch on all heads at once. The query weights carry the attention
     * scale already.
     *
     * @param qkv the fused projection {@code (B, T, 3H)}, bias included, contiguous
     * @param maskBias {@code (B, 1, 1, T)}: 0 on real keys, a large negative value on padding
     * @param b batch size
     * @param t sequence length
     * @param heads number of heads
     * @return the context {@code (B, T, H)}
     */
    NDArray attention(NDArray qkv, NDArray maskBias, int b, int t, int heads) {
        int h = (int) qkv.getShape().get(2) / 3;
        NDArray ctx = qkv.getManager().create(new Shape(b, t, h), DataType.FLOAT32);
        // A padded batch is b sequences of length t one after another; the mask covers the padded keys.
        int[] lengths = new int[b];
        java.util.Arrays.fill(lengths, t);
        try (NDArray scores = qkv.getManager().create(new Shape(b, heads, t, t), DataType.FLOAT32)) {
            attendInto(qkv, ctx, scores, maskBias, lengths, 0, heads);
        }
        return ctx;
    }

    /**
     * The score buffer of a packed batch, {@code (B, heads, T, T)} with {@code T} the longest length, filled with
     * the additive key mask: a large negative value in the columns of keys beyond a sequence's length, 0
     * elsewhere (rows beyond the length go through the softmax but are never read back).
     * {@link #attentionPacked} overwrites only each sequence's {@code len x len} block of real scores, where the
     * mask is 0, and the softmax writes a new tensor; so one buffer serves every layer of a pass, and no
     * per-layer fill or mask addition is needed.
     *
     * @param manager where to create it
     * @param lengths the length of each sequence
     * @param heads number of heads
     * @return the buffer
     */
    NDArray packedScores(ai.djl.ndarray.NDManager manager, int[] lengths, int heads) {
        int t = 0;
        for (int len : lengths) {
            t = Math.max(t, len);
        }
        // Built in PyTorch from a (B, 1, 1, T) key mask: a Java array of the whole buffer would take
        // B x heads x T x T floats of heap (400 MB for 32 sequences of 512 tokens and 12 heads).
        float[] keys = new float[lengths.length * t];
        for (int s = 0; s < lengths.length; s++) {
            java.util.Arrays.fill(keys, s * t + lengths[s], (s + 1) * t, -Float.MAX_VALUE);
        }
        NDArray scores = manager.zeros(new Shape(lengths.length, heads, t, t), DataType.FLOAT32);
        try (NDArray mask = manager.create(keys, new Shape(lengths.length, 1, 1, t))) {
            return scores.addi(mask);
        }
    }

    /**
     * {@link #attention} for a packed batch: the sequences lie one after another in {@code qkv}, and each attends
     * over its own length only. The scores of all sequences share one {@code (B, heads, T, T)} buffer from
     * {@link #packedScores} so the softmax still runs as one PyTorch call; the rows beyond a sequence's length
     * are never read back.
     *
     * @param qkv the fused projection {@code (N, 3H)}, bias included, contiguous
     * @param scores from {@link #packedScores}; only the real blocks are overwritten
     * @param lengths the length of each sequence; they add up to {@code N}
     * @param heads number of heads
     * @return the context {@code (N, H)}
     */
    NDArray attentionPacked(NDArray qkv, NDArray scores, int[] lengths, int heads) {
        int h = (int) qkv.getShape().get(1) / 3;
        NDArray ctx = qkv.getManager().create(new Shape(qkv.getShape().get(0), h), DataType.FLOAT32);
        attendInto(qkv, ctx, scores, null, lengths, 0, heads);
        return ctx;
    }

    /**
     * {@link #attentionPacked} for batches whose score buffer would be too large to keep for a whole pass (long
     * sequences): the sequences are taken {@code group} at a time, each group with its own score buffer built
     * and freed within the layer, so attention holds at most two buffers of {@code group} sequences (scores
     * and probabilities) instead of two for the whole batch (800 MB for 32 sequences of 512 tokens and
     * 12 heads, per worker).
     *
     * @param qkv the fused projection {@code (N, 3H)}, bias included, contiguous
     * @param lengths the length of each sequence; they add up to {@code N}
     * @param heads number of heads
     * @param group sequences per score buffer
     * @return the context {@code (N, H)}
     */
    NDArray attentionPackedGrouped(NDArray qkv, int[] lengths, int heads, int group) {
        int h = (int) qkv.getShape().get(1) / 3;
        NDArray ctx = qkv.getManager().create(new Shape(qkv.getShape().get(0), h), DataType.FLOAT32);
        long firstRow = 0;
        for (int from = 0; from < lengths.length; from += group) {
            int[] part = java.util.Arrays.copyOfRange(lengths, from, Math.min(lengths.length, from + group));
            try (NDArray scores = packedScores(qkv.getManager(), part, heads)) {
                attendInto(qkv, ctx, scores, null, part, firstRow, heads);
            }
            for (int len : part) {
                firstRow += len;
            }
        }
        return ctx;
    }

    /**
     * Attention of the sequences that lie one after another from row {@code firstRow} of {@code qkv} (the last
     * axis is 3H), written into the same rows of {@code ctx}: the scores go into each sequence's block of
     * {@code scores}, {@code maskBias} (if any) is added, and the softmax runs once over the whole buffer.
     */
    private static void attendInto(NDArray qkv, NDArray ctx, NDArray scores, NDArray maskBias, int[] lengths,
            long firstRow, int heads) {
        int h3 = (int) qkv.getShape().get(qkv.getShape().dimension() - 1);
        int h = h3 / 3;
        int hd = h / heads;
        int b = lengths.length;
        int t = (int) scores.getShape().get(3);
        try (FloatPointer q = new FloatPointer(qkv.toByteBuffer(true).asFloatBuffer());
                FloatPointer k = new FloatPointer(q);
                FloatPointer out = new FloatPointer(scores.toByteBuffer(true).asFloatBuffer())) {
            long start = firstRow;
            for (int s = 0; s < b; s++) {
                int len = lengths[s];
                for (int j = 0; j < heads; j++) {
                    long row = start * h3 + (long) j * hd;
                    openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasTrans, len, len,
                            hd, 1f, q.position(row), h3, k.position(row + h), h3, 0f,
                            out.position(((long) s * heads + j) * t * t), t);
                }
                start += len;
            }
        }
        if (maskBias != null) {
            scores.addi(maskBias);
        }
        try (NDArray probs = scores.softmax(-1);
                FloatPointer v = new FloatPointer(qkv.toByteBuffer(true).asFloatBuffer());
                FloatPointer p = new FloatPointer(probs.toByteBuffer(true).asFloatBuffer());
                FloatPointer out = new FloatPointer(ctx.toByteBuffer(true).asFloatBuffer())) {
            long start = firstRow;
            for (int s = 0; s < b; s++) {
                int len = lengths[s];
                for (int j = 0; j < heads; j++) {
                    openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, len, hd,
                            len, 1f, p.position(((long) s * heads + j) * t * t), t,
                            v.position(start * h3 + 2L * h + (long) j * hd), h3, 0f,
                            out.position(start * h + (long) j * hd), h);
                }
                start += len;
            }
        }
    }

    private FloatPointer pointer(NDArray w) {
        synchronized (weights) {
            return weights.computeIfAbsent(w, a -> new FloatPointer(a.toByteBuffer(true).asFloatBuffer()));
        }
    }
}
