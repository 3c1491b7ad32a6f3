package lmwb.training;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Records operations for a backward pass on the calling thread only.
 *
 * <p>DJL's {@code PtGradientCollector} allows one collector in the whole process (a static flag: "A
 * PtGradientCollector is already collecting. Only one can be collecting at a time"), so a second training in
 * the same runtime failed on its first step. libtorch's grad mode is thread-local and its autograd engine runs
 * backward passes of separate graphs from several threads, so this does what that collector does (grad mode
 * on, backward from a loss with gradient 1) for one thread, and restores the thread's grad mode on close.
 */
final class ThreadGradients implements AutoCloseable {
    private final boolean previous;

    ThreadGradients() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    /**
     * Accumulates d loss / d parameter into every parameter's gradient.
     *
     * @param loss a scalar
     */
    void backward(NDArray loss) {
        NDArray one = loss.onesLike();
        JniUtils.backward((PtNDArray) loss, (PtNDArray) one, false, false);
        one.close();
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
