package lmwb.api.encoder;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the forward passes of an embedding run: in this process, or as tasks of an Apache Spark cluster whose
 * results become the same embedding-cache entry (same key, same rows) as a local run.
 *
 * @since 1.3
 */
public enum EmbeddingEngine {
    /** In this process (default). */
    LOCAL,
    /** On an Apache Spark cluster (standalone, Kubernetes, ...), named by {@code --spark-master}. */
    SPARK;

    /** Master URLs Spark accepts: standalone (one or several masters), Kubernetes, YARN, local mode. */
    private static final Pattern MASTER = Pattern.compile(
            "spark://[^\\s/]+:\\d+(,[^\\s/]+:\\d+)*|k8s://\\S+|yarn|local(\\[(\\d+|\\*)(,\\d+)?\\])?|local-cluster\\[\\d+,\\d+,\\d+\\]");

    /**
     * @param name {@code local} or {@code spark}
     * @return the engine
     * @throws IllegalArgumentException for any other name
     */
    public static EmbeddingEngine parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "local" -> LOCAL;
            case "spark" -> SPARK;
            default -> throw new IllegalArgumentException("unknown engine '" + name + "'; use local or spark");
        };
    }

    /**
     * Checks the pair of options {@code --engine} and {@code --spark-master} of a request.
     *
     * @param engine the engine, {@code null} for local
     * @param sparkMaster the master URL, {@code null} when not given
     * @return the master URL to embed on, or {@code null} to embed in this process
     * @throws IllegalArgumentException when Spark has no master, a master is given without Spark, or the URL is not
     *     one Spark accepts
     */
    public static String sparkMaster(EmbeddingEngine engine, String sparkMaster) {
        String master = sparkMaster == null || sparkMaster.isBlank() ? null : sparkMaster.trim();
        if (engine != SPARK) {
            if (master != null) {
                throw new IllegalArgumentException("--spark-master applies only with --engine spark");
            }
            return null;
        }
        if (master == null) {
            throw new IllegalArgumentException("--engine spark needs --spark-master URL, e.g. spark://127.0.0.1:7077 "
                    + "('runtime/spark-cluster start' prints one)");
        }
        if (!MASTER.matcher(master).matches()) {
            throw new IllegalArgumentException("--spark-master: '" + master + "' is not a Spark master URL; use "
                    + "spark://HOST:PORT, k8s://https://HOST:PORT, yarn or local[N]");
        }
        return master;
    }

    /**
     * @param sparkMaster the checked master, or {@code null} for a local run
     * @param device the requested device
     * @throws IllegalArgumentException when a Spark run asks for the GPU: the executors embed on their CPUs
     */
    public static void requireCpu(String sparkMaster, String device) {
        if (sparkMaster != null && device != null && !device.equalsIgnoreCase("cpu")) {
            throw new IllegalArgumentException("--engine spark embeds on the executors' CPUs; drop --device " + device);
        }
    }
}
