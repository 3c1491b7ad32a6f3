package lmwb.estimators.linalg;

import java.lang.System.Logger.Level;
import java.util.Locale;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

/**
 * Chooses the linear algebra backend: native OpenBLAS when its library loads, else pure Java. The native
 * library is loaded at most once per class loader (a JNI library binds to one class loader for the life of
 * the JVM), with the thread context class loader set to this bundle's loader so that JavaCPP finds the
 * natives embedded in this bundle and never relies on the system class path.
 */
public final class LinearAlgebraBackends {
    private static final System.Logger LOG = System.getLogger(LinearAlgebraBackends.class.getName());
    private static final JavaLinearAlgebra JAVA = new JavaLinearAlgebra();
    private static final Object LOCK = new Object();
    private static volatile LinearAlgebra nativeBackend;
    private static volatile Throwable nativeFailure;

    private LinearAlgebraBackends() {
    }

    /**
     * Resolves a backend choice as given in an estimator option.
     *
     * @param choice {@code auto} (native when available), {@code native} (fail if unavailable) or {@code java}
     * @return the backend
     * @throws IllegalArgumentException for an unknown choice, or {@code native} when it cannot be loaded
     */
    public static LinearAlgebra select(String choice) {
        switch (choice.toLowerCase(Locale.ROOT)) {
            case "auto":
                LinearAlgebra n = loadNative();
                return n != null ? n : JAVA;
            case "native":
                LinearAlgebra forced = loadNative();
                if (forced == null) {
                    throw new IllegalArgumentException("option backend=native: the native OpenBLAS library could not be "
                            + "loaded (" + nativeFailure + "); use backend=auto or backend=java");
                }
                return forced;
            case "java":
                return JAVA;
            default:
                throw new IllegalArgumentException("option backend=" + choice + " is not one of [auto, native, java]");
        }
    }

    /**
     * Starts loading the native library on a daemon thread, so that the first score does not pay for it
     * (unpacking and linking OpenBLAS takes a few seconds). Scoring calls made meanwhile wait for it.
     */
    public static void preloadInBackground() {
        if (nativeBackend == null && nativeFailure == null) {
            Thread t = new Thread(LinearAlgebraBackends::loadNative, "lmwb-openblas-loader");
            t.setDaemon(true);
            t.start();
        }
    }

    /** @return the native backend, loading it on first use, or {@code null} when it cannot be loaded */
    public static LinearAlgebra loadNative() {
        LinearAlgebra n = nativeBackend;
        if (n != null || nativeFailure != null) {
            return n;
        }
        synchronized (LOCK) {
            if (nativeBackend == null && nativeFailure == null) {
                Thread t = Thread.currentThread();
                ClassLoader previous = t.getContextClassLoader();
                t.setContextClassLoader(LinearAlgebraBackends.class.getClassLoader());
                try {
                    Loader.load(openblas.class);
                    nativeBackend = new OpenBlasLinearAlgebra();
                    LOG.log(Level.INFO, "lmwb estimators: using native OpenBLAS (JavaCPP presets)");
                } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, ... -> fall back
                    nativeFailure = e;
                    LOG.log(Level.WARNING, "lmwb estimators: native OpenBLAS unavailable, using the pure-Java backend", e);
                } finally {
                    t.setContextClassLoader(previous);
                }
            }
            return nativeBackend;
        }
    }
}
