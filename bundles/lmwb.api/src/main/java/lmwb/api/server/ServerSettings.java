package lmwb.api.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import lmwb.api.encoder.EmbeddingEngine;

/**
 * The validated settings of {@code lmwb serve} (configuration PID {@value Server#PID}; the configuration keys are
 * the component names in snake_case, the command-line flags the same with dashes: {@code http_port} ↔
 * {@code --http-port}).
 *
 * @param httpPort the HTTP (REST API) port, 1-65535
 * @param sshPort the SSH shell port, 1-65535, different from {@code httpPort}
 * @param bind the address both listen on ({@code 127.0.0.1} by default)
 * @param workers how many jobs run at a time (at least 1)
 * @param keystore a PKCS12/JKS keystore with the HTTP port's TLS key and certificate, or {@code null} for plain HTTP
 * @param keystorePassword the keystore's password ({@code ""} without a keystore); never printed
 * @param insecureHttp whether plain HTTP on a non-loopback address was explicitly allowed
 * @param allowedFolders server folders an admin allows remote users to name datasets and models in (absolute)
 * @param embeddingEngine where every job's embedding runs: {@link EmbeddingEngine#LOCAL} (default, a job may still
 *     ask for {@code engine: spark}) or {@link EmbeddingEngine#SPARK} (always on {@code sparkMaster}) (since 1.2)
 * @param sparkMaster the one Spark master jobs embed on, or {@code null}: jobs never name their own (since 1.2)
 */
public record ServerSettings(int httpPort, int sshPort, String bind, int workers, Path keystore,
        String keystorePassword, boolean insecureHttp, List<Path> allowedFolders, EmbeddingEngine embeddingEngine,
        String sparkMaster) {
    /** Default HTTP port. */
    public static final int DEFAULT_HTTP_PORT = 8421;
    /** Default SSH port. */
    public static final int DEFAULT_SSH_PORT = 8422;
    /** Default bind address: loopback only. */
    public static final String DEFAULT_BIND = "127.0.0.1";

    /** Settings that embed in the server's process, with no Spark master. */
    public ServerSettings(int httpPort, int sshPort, String bind, int workers, Path keystore, String keystorePassword,
            boolean insecureHttp, List<Path> allowedFolders) {
        this(httpPort, sshPort, bind, workers, keystore, keystorePassword, insecureHttp, allowedFolders,
                EmbeddingEngine.LOCAL, null);
    }

    /** Freezes the list; Spark as the engine needs a master. */
    public ServerSettings {
        Objects.requireNonNull(bind, "bind");
        keystorePassword = keystorePassword == null ? "" : keystorePassword;
        allowedFolders = List.copyOf(allowedFolders);
        embeddingEngine = embeddingEngine == null ? EmbeddingEngine.LOCAL : embeddingEngine;
        sparkMaster = sparkMaster == null || sparkMaster.isBlank() ? null : sparkMaster.strip();
        if (embeddingEngine == EmbeddingEngine.SPARK && sparkMaster == null) {
            throw new IllegalArgumentException("embedding engine spark needs a Spark master");
        }
    }

    /** @return whether the HTTP port serves TLS */
    public boolean tls() {
        return keystore != null;
    }

    /** @return the settings without the keystore password */
    @Override
    public String toString() {
        return "ServerSettings[http_port=" + httpPort + ", ssh_port=" + sshPort + ", bind=" + bind + ", workers="
                + workers + ", keystore=" + keystore + ", insecure_http=" + insecureHttp + ", allowed_folders="
                + allowedFolders + ", embedding_engine=" + embeddingEngine.name().toLowerCase(java.util.Locale.ROOT)
                + ", spark_master=" + sparkMaster + "]";
    }
}
