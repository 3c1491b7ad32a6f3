package lmwb.estimators.linalg;

import java.lang.System.Logger.Level;
import java.util.Locale;
import lmwb.blas.NativeBlas;

/**
 * Chooses the linear algebra backend: native OpenBLAS when its library loads, else pure Java. The native
 * library is loaded by {@link NativeBlas} (bundle lmwb.blas), at most once per JVM and shared with the other
 * bundles that call BLAS.
 */
public final class LinearAlgebraBackends {
    private static final System.Logger LOG = System.getLogger(LinearAlgebraBackends.class.getName());
    private static final JavaLinearAlgebra JAVA = new JavaLinearAlgebra();
    private static final Object LOCK = new Object();
    private static volatile LinearAlgebra nativeBackend;
    private static volatile boolean nativeRefused;

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
                            + "loaded (" + NativeBlas.failure() + "); use backend=auto or backend=java");
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
        NativeBlas.preloadInBackground();
    }

    /** @return the native backend, loading it on first use, or {@code null} when it cannot be loaded */
    public static LinearAlgebra loadNative() {
        LinearAlgebra n = nativeBackend;
        if (n != null || nativeRefused) {
            return n;
        }
        synchronized (LOCK) {
            if (nativeBackend == null && !nativeRefused) {
                if (NativeBlas.available()) {
                    nativeBackend = new OpenBlasLinearAlgebra();
                    LOG.log(Level.DEBUG, "lmwb estimators: using native OpenBLAS (JavaCPP presets)");
                } else { // NativeBlas logged the cause with its stack trace
                    nativeRefused = true;
                    LOG.log(Level.WARNING, "lmwb estimators: native OpenBLAS unavailable, using the pure-Java backend ("
                            + NativeBlas.failure() + ")");
                }
            }
            return nativeBackend;
        }
    }
}
