package lmwb.blas;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

/**
 * Loads the native OpenBLAS library (JavaCPP presets, {@link org.bytedeco.openblas.global.openblas}) at most
 * once per JVM, for every bundle that calls BLAS or LAPACK.
 * <p>
 * A JNI library binds to exactly one class loader for the life of the JVM, so the library is loaded by
 * this bundle only, with the thread context class loader set to this bundle's loader: JavaCPP then finds
 * the natives embedded in this bundle and never relies on the system class path. Callers import
 * {@code org.bytedeco.javacpp} and {@code org.bytedeco.openblas.global} from this bundle, call
 * {@link #available()} before their first native call, and use a Java fallback when it returns
 * {@code false}.
 * <p>
 * OpenBLAS reads environment variables when the library loads: {@value #CORETYPE_VARIABLE} (which CPU's
 * kernels to use instead of detecting them; the {@code runtime/lmwb} launcher drops an inherited value and
 * passes on {@code LMWB_OPENBLAS_CORETYPE} instead) and {@code OPENBLAS_THREAD_TIMEOUT} (how long idle worker
 * threads spin; the launcher sets it to 4 unless the user did). See {@code runtime/blas-env.sh}.
 * <p>
 * All methods are thread-safe. Loading takes a few seconds the first time (the natives are unpacked into
 * JavaCPP's cache); a failure is remembered and never retried.
 */
public final class NativeBlas {
    /** The environment variable that makes OpenBLAS use the kernels of the named CPU instead of detecting it. */
    public static final String CORETYPE_VARIABLE = "OPENBLAS_CORETYPE";

    private static final System.Logger LOG = System.getLogger(NativeBlas.class.getName());
    private static final Object LOCK = new Object();
    private static final AtomicBoolean PRELOAD_STARTED = new AtomicBoolean();
    private static volatile String loadedLibrary; // "OpenBLAS 0.3.28 (JavaCPP 1.5.11)" once loaded
    private static volatile Throwable failure;
    private static int singleThreadedHolders; // guarded by LOCK
    private static int threadsBefore; // guarded by LOCK

    /** An acquired setting, released by {@link #close()}. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private NativeBlas() {
    }

    /**
     * Loads the native library on the first call (blocking until it is loaded or has failed, also when
     * another thread is loading it) and tells whether it is usable.
     *
     * @return {@code true} when OpenBLAS is loaded and its functions may be called; {@code false} when
     *         loading failed (see {@link #failure()}), now or on an earlier call
     */
    public static boolean available() {
        if (loadedLibrary != null) {
            return true;
        }
        if (failure != null) {
            return false;
        }
        synchronized (LOCK) {
            if (loadedLibrary == null && failure == null) {
                load();
            }
            return loadedLibrary != null;
        }
    }

    /**
     * The reason the library could not be loaded.
     *
     * @return the error loading failed with ({@link UnsatisfiedLinkError}, {@link NoClassDefFoundError},
     *         ...), or {@code null} when the library is loaded or no load was tried yet
     */
    public static Throwable failure() {
        return failure;
    }

    /**
     * Starts loading the library on a daemon thread, so that the first native call does not pay for it
     * (unpacking and linking OpenBLAS takes a few seconds). Calls to {@link #available()} made meanwhile
     * wait for it. Does nothing when the library is loaded, has failed, or a preload was already started.
     */
    public static void preloadInBackground() {
        if (loadedLibrary == null && failure == null && PRELOAD_STARTED.compareAndSet(false, true)) {
            Thread t = new Thread(NativeBlas::available, "lmwb-openblas-loader");
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * Makes every OpenBLAS call run on the thread that calls it until the returned scope is closed, for
     * callers that parallelise themselves (e.g. several batches of a forward pass at once, one per core):
     * with OpenBLAS's own threads as well, the cores would be oversubscribed several times over. OpenBLAS's
     * thread count is global, so other callers meanwhile run single-threaded too; scopes nest and overlap,
     * and the previous count comes back when the last one closes.
     *
     * @return the scope; a no-op when the library is not available
     */
    public static Scope singleThreaded() {
        if (!available()) {
            return () -> { };
        }
        synchronized (LOCK) {
            if (singleThreadedHolders++ == 0) {
                threadsBefore = openblas.blas_get_num_threads();
                openblas.blas_set_num_threads(1);
            }
        }
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                synchronized (LOCK) {
                    if (--singleThreadedHolders == 0) {
                        openblas.blas_set_num_threads(threadsBefore);
                    }
                }
            }
        };
    }

    /**
     * Describes the native library in one line for people (logs, diagnostics), loading it first if no load
     * was tried yet: {@code "OpenBLAS 0.3.28 (JavaCPP 1.5.11), kernels: SKYLAKEX (OPENBLAS_CORETYPE)"},
     * {@code "OpenBLAS 0.3.28 (JavaCPP 1.5.11), kernels: detected by OpenBLAS"} when
     * {@value #CORETYPE_VARIABLE} is not set, or {@code "unavailable: <reason>"}.
     *
     * @return the description; never {@code null}
     */
    public static String describe() {
        if (!available()) {
            return "unavailable: " + failure;
        }
        return loadedLibrary + ", kernels: " + kernels(System.getenv(CORETYPE_VARIABLE));
    }

    static String kernels(String coretype) {
        return coretype == null || coretype.isBlank()
                ? "detected by OpenBLAS"
                : coretype.trim() + " (" + CORETYPE_VARIABLE + ")";
    }

    /** Called under {@link #LOCK}, once. */
    private static void load() {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(NativeBlas.class.getClassLoader());
        try {
            Loader.load(openblas.class);
            loadedLibrary = "OpenBLAS " + version("openblas", openblas.class) + " (JavaCPP " + version("javacpp", Loader.class) + ")";
            LOG.log(Level.DEBUG, "lmwb.blas: loaded " + loadedLibrary + ", kernels: "
                    + kernels(System.getenv(CORETYPE_VARIABLE)));
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, ... -> callers fall back to Java
            failure = e;
            LOG.log(Level.WARNING, "lmwb.blas: the native OpenBLAS library could not be loaded", e);
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /**
     * The version of an embedded org.bytedeco artifact from its Maven metadata; for the presets only the
     * version of the library they bind ({@code 0.3.28} of {@code 0.3.28-1.5.11}).
     */
    private static String version(String artifactId, Class<?> fromJar) {
        try {
            String v = Loader.getVersion("org.bytedeco", artifactId, fromJar);
            if (v == null) {
                return "(version unknown)";
            }
            int dash = v.indexOf('-');
            return dash > 0 && !"javacpp".equals(artifactId) ? v.substring(0, dash) : v;
        } catch (java.io.IOException e) {
            return "(version unknown: " + e + ")";
        }
    }
}
