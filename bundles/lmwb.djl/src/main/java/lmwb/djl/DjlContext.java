package lmwb.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Runs DJL calls with the thread context class loader set to this bundle's class loader.
 *
 * <p>DJL finds its engine, native libraries and properties through the context class loader; inside
 * OSGi that loader is whatever the calling thread happened to have, so every DJL call (loading the
 * engine, creating arrays, tokenizing) goes through {@link #call(Callable)}. The first call also
 * configures DJL to run offline (PyTorch natives are taken from the embedded native jar and extracted
 * once into {@code $LMWB_HOME/djl}) without telemetry; properties the user set explicitly win.
 */
public final class DjlContext {
    private static final ClassLoader LOADER = DjlContext.class.getClassLoader();

    static {
        setDefault("ai.djl.offline", "true");
        setDefault("OPT_OUT_TRACKING", "true");
        setDefault("ai.djl.default_engine", "PyTorch");
        setDefault("DJL_CACHE_DIR", LmwbHome.path().resolve("djl").toString());
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        // The CPU build probes for CUDA and warns on every machine without a driver.
        setDefault("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    }

    private DjlContext() {
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * Calls {@code work} with this bundle as the thread context class loader, restoring the previous
     * loader afterwards.
     *
     * @param work DJL code
     * @param <T> its result type
     * @return what {@code work} returned
     * @throws Exception what {@code work} threw
     */
    public static <T> T call(Callable<T> work) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(LOADER);
        try {
            return work.call();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /**
     * Like {@link #call(Callable)} for work that throws no checked exception.
     *
     * @param work DJL code
     */
    public static void run(Runnable work) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(LOADER);
        try {
            work.run();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /**
     * Loads the PyTorch engine (extracting natives on first use) and returns the device for a name.
     *
     * @param name {@code cpu} or {@code gpu}
     * @return the DJL device
     * @throws IllegalArgumentException for another name, or {@code gpu} when the engine sees no GPU
     *     (the CPU build of the natives is embedded unless the bundle was built with {@code -Pcuda})
     */
    public static Device device(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(LOADER);
        try {
            Engine engine = engine();
            switch (n) {
                case "cpu":
                    return Device.cpu();
                case "gpu":
                    if (engine.getGpuCount() < 1) {
                        throw new IllegalArgumentException("device 'gpu' requested but PyTorch sees no GPU; "
                                + "build lmwb.djl with -Pcuda on a machine with CUDA 12.4, or use --device cpu");
                    }
                    return Device.gpu();
                default:
                    throw new IllegalArgumentException("unknown device '" + name + "'; use cpu or gpu");
            }
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /**
     * @return the version of the embedded DJL, as DJL itself reports it (e.g. {@code 0.32.0}); the bundle's
     *     {@code Lmwb-DJL-Version} header names the same build property
     */
    public static String djlVersion() {
        return call0(Engine::getDjlVersion);
    }

    /** @return the PyTorch version of the embedded natives, e.g. {@code 2.5.1} */
    public static String engineVersion() {
        return call0(() -> engine().getVersion());
    }

    /**
     * Loads the PyTorch engine, saying what to do when it cannot.
     *
     * <p>With the CUDA natives ({@code -Pcuda}) on a machine where DJL finds no CUDA GPU, DJL refuses the
     * bundled libraries ("doesn't match system: cpu") and looks for a CPU build to download, which fails
     * offline with "Failed to save pytorch index file". That case is named, with the way out.
     */
    private static Engine engine() {
        try {
            return Engine.getEngine("PyTorch");
        } catch (RuntimeException e) {
            String flavor = bundledFlavor();
            String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (flavor.startsWith("cu")) {
                throw new IllegalStateException("the PyTorch engine did not load (" + cause + "): this runtime was "
                        + "built with -Pcuda (libtorch " + flavor + "), which needs an NVIDIA GPU and driver; DJL "
                        + "found none here. Rebuild for the CPU (LMWB_REBUILD=1 runtime/lmwb ...) or run on a GPU "
                        + "machine", e);
            }
            throw new IllegalStateException("the PyTorch engine did not load (" + cause + "); its natives are "
                    + "extracted on first use into " + System.getProperty("DJL_CACHE_DIR") + ": check that this "
                    + "folder is writable and has about 0.5 GB free", e);
        }
    }

    /** @return the flavor of the embedded native libtorch ({@code cpu}, {@code cu124}), or "" if unknown */
    static String bundledFlavor() {
        try (java.io.InputStream in = LOADER.getResourceAsStream("native/lib/pytorch.properties")) {
            if (in == null) {
                return "";
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("flavor", "");
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static <T> T call0(Callable<T> c) {
        try {
            return call(c);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
