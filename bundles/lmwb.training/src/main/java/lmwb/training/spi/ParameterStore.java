package lmwb.training.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Every trainable parameter of a model by name, each in an optimizer group (its learning rate), with
 * gradients attached. Parameters created here belong to the store's manager; encoder parameters are
 * registered from their own encoder and stay owned by it.
 */
public final class ParameterStore implements AutoCloseable {
    /** The group of the head's and the combiner's parameters (head learning rate). */
    public static final String HEAD_GROUP = "head";

    private final NDManager manager;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final Map<String, String> groups = new LinkedHashMap<>();

    /**
     * @param manager the manager that will own created parameters (closed with the store)
     */
    public ParameterStore(NDManager manager) {
        this.manager = manager;
    }

    /** @return the manager owning created parameters */
    public NDManager manager() {
        return manager;
    }

    /**
     * Creates a parameter with the given values.
     *
     * @param name unique name
     * @param group optimizer group
     * @param shape its shape
     * @param values row-major values
     * @return the array, with gradient attached
     */
    public NDArray create(String name, String group, long[] shape, float[] values) {
        if (params.containsKey(name)) {
            throw new IllegalArgumentException("parameter '" + name + "' already exists");
        }
        NDArray a = manager.create(values, new Shape(shape));
        a.setName(name);
        a.setRequiresGradient(true);
        params.put(name, a);
        groups.put(name, group);
        return a;
    }

    /**
     * Creates a parameter drawn uniformly from {@code [-bound, bound]} (PyTorch's Linear initialisation
     * uses {@code bound = 1/sqrt(fan_in)}).
     *
     * @param name unique name
     * @param group optimizer group
     * @param shape its shape
     * @param bound the half-width
     * @param random the seeded source
     * @return the array
     */
    public NDArray uniform(String name, String group, long[] shape, double bound, Random random) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return create(name, group, shape, v);
    }

    /**
     * Creates a parameter filled with one value.
     *
     * @param name unique name
     * @param group optimizer group
     * @param shape its shape
     * @param value the value
     * @return the array
     */
    public NDArray constant(String name, String group, long[] shape, float value) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[(int) n];
        java.util.Arrays.fill(v, value);
        return create(name, group, shape, v);
    }

    /**
     * Registers a parameter owned elsewhere (an encoder's), attaching a gradient when trainable.
     *
     * @param name unique name
     * @param group optimizer group
     * @param array the live array
     */
    public void register(String name, String group, NDArray array) {
        if (params.containsKey(name)) {
            throw new IllegalArgumentException("parameter '" + name + "' already exists");
        }
        array.setRequiresGradient(true);
        params.put(name, array);
        groups.put(name, group);
    }

    /**
     * @param name a parameter name
     * @return the live array
     * @throws IllegalArgumentException when absent
     */
    public NDArray get(String name) {
        NDArray a = params.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; have " + params.keySet());
        }
        return a;
    }

    /**
     * @param name a parameter name
     * @return whether it exists
     */
    public boolean has(String name) {
        return params.containsKey(name);
    }

    /** @return the parameters in creation order (read-only) */
    public Map<String, NDArray> all() {
        return Collections.unmodifiableMap(params);
    }

    /**
     * @param name a parameter name
     * @return its optimizer group
     */
    public String group(String name) {
        return groups.get(name);
    }

    /**
     * @param prefix a name prefix, or empty for all
     * @return copies of the values of the parameters whose names start with it
     */
    public Map<String, float[]> snapshot(String prefix) {
        Map<String, float[]> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, v.toFloatArray());
            }
        });
        return out;
    }

    /**
     * Overwrites parameter values in place (arrays keep their identity and gradients).
     *
     * @param values by name
     */
    public void restore(Map<String, float[]> values) {
        values.forEach((k, v) -> get(k).set(java.nio.FloatBuffer.wrap(v)));
    }

    @Override
    public void close() {
        manager.close();
    }
}
