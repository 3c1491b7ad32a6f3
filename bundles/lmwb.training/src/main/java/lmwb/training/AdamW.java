package lmwb.training;

import ai.djl.ndarray.NDArray;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter) as PyTorch implements it: {@code p ← p − lr·wd·p}, then
 * {@code m ← β1 m + (1−β1) g}, {@code v ← β2 v + (1−β2) g²},
 * {@code p ← p − lr · (m / (1−β1^t)) / (sqrt(v / (1−β2^t)) + ε)}. The moments are kept in Java arrays and
 * the parameters are written back in place, so the arrays keep their identity (and the encoders their
 * references to them). Weight decay skips 1-D parameters (biases, LayerNorm), as BERT fine-tuning does.
 */
final class AdamW {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final Map<String, float[]> m = new HashMap<>();
    private final Map<String, float[]> v = new HashMap<>();
    private int step;

    AdamW(double beta1, double beta2, double eps, double weightDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** PyTorch's defaults (0.9, 0.999, 1e-8) with the given weight decay. */
    AdamW(double weightDecay) {
        this(0.9, 0.999, 1e-8, weightDecay);
    }

    /** Starts a step: increments t. */
    void beginStep() {
        step++;
    }

    /**
     * Updates one parameter from its gradient.
     *
     * @param name its name (moment key)
     * @param param the live parameter
     * @param grad its gradient values
     * @param lr its learning rate this step
     */
    void update(String name, NDArray param, float[] grad, double lr) {
        float[] p = param.toFloatArray();
        update(name, p, grad, lr, param.getShape().dimension() > 1);
        param.set(FloatBuffer.wrap(p));
    }

    /** The update on plain arrays (tested against a hand computation). */
    void update(String name, float[] p, float[] g, double lr, boolean decay) {
        float[] mm = m.computeIfAbsent(name, k -> new float[p.length]);
        float[] vv = v.computeIfAbsent(name, k -> new float[p.length]);
        double c1 = 1 - Math.pow(beta1, step);
        double c2 = 1 - Math.pow(beta2, step);
        double wd = decay ? lr * weightDecay : 0;
        for (int i = 0; i < p.length; i++) {
            mm[i] = (float) (beta1 * mm[i] + (1 - beta1) * g[i]);
            vv[i] = (float) (beta2 * vv[i] + (1 - beta2) * g[i] * g[i]);
            double pi = p[i] - wd * p[i];
            p[i] = (float) (pi - lr * (mm[i] / c1) / (Math.sqrt(vv[i] / c2) + eps));
        }
    }

    /**
     * Scales gradients so their global L2 norm is at most {@code max} (PyTorch's clip_grad_norm_).
     *
     * @param grads the gradients, scaled in place
     * @param max the maximum norm
     * @return the norm before clipping
     */
    static double clip(Iterable<float[]> grads, double max) {
        double ss = 0;
        for (float[] g : grads) {
            for (float x : g) {
                ss += (double) x * x;
            }
        }
        double norm = Math.sqrt(ss);
        double scale = max / (norm + 1e-6);
        if (scale < 1) {
            for (float[] g : grads) {
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) (g[i] * scale);
                }
            }
        }
        return norm;
    }

    /**
     * Linear warm-up from 0 to 1 over {@code warmup} steps, then linear decay to 0 at {@code total}
     * (Hugging Face's get_linear_schedule_with_warmup).
     *
     * @param step 0-based step
     * @param warmup warm-up steps
     * @param total total steps
     * @return the learning-rate factor
     */
    static double schedule(int step, int warmup, int total) {
        if (step < warmup) {
            return (double) (step + 1) / warmup;
        }
        return Math.max(0, (double) (total - step) / Math.max(1, total - warmup));
    }
}
