package lmwb.rest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lmwb.api.encoder.EmbeddingEngine;

/**
 * The REST API's settings: what {@code lmwb serve} validated ({@link lmwb.api.server.Server}) plus the request
 * and upload size limits. {@link #validated} reads the same keys from a map (tests, embedding).
 *
 * @param httpPort the HTTP port ({@code http_port}, 0 picks a free one)
 * @param bind the address to listen on ({@code bind}, loopback by default)
 * @param keystore a PKCS#12 or JKS keystore for TLS ({@code tls_keystore}), or {@code null}
 * @param keystorePassword its password ({@code tls_keystore_password})
 * @param insecureHttp plain HTTP on a non-loopback address ({@code insecure_http})
 * @param allowedFolders server folders whose files remote users may name as datasets, models or --out
 *     ({@code allowed_folders}, comma-separated absolute paths)
 * @param home LMWB_HOME (uploads go to {@code home/uploads/USER/})
 * @param uploadLimitBytes the largest dataset upload ({@code upload_limit_mb})
 * @param requestLimitBytes the largest JSON request body ({@code request_limit_kb})
 * @param embeddingEngine where jobs embed ({@code embedding_engine}: local, or spark on {@code sparkMaster})
 * @param sparkMaster the one Spark master jobs may embed on ({@code spark_master}), or {@code null}
 */
public record ServerSettings(int httpPort, String bind, Path keystore, String keystorePassword, boolean insecureHttp,
        List<Path> allowedFolders, Path home, long uploadLimitBytes, long requestLimitBytes,
        EmbeddingEngine embeddingEngine, String sparkMaster) {
    /** The configuration PID shared with {@code lmwb serve} and the SSH shell. */
    public static final String PID = "lmwb.server";
    /** The default HTTP port. */
    public static final int DEFAULT_HTTP_PORT = 8421;

    /**
     * @param config the configuration properties
     * @param home LMWB_HOME
     * @return the checked settings
     * @throws IllegalArgumentException naming the key and what is allowed
     */
    public static ServerSettings validated(Map<String, ?> config, Path home) {
        int port = (int) number(config, "http_port", DEFAULT_HTTP_PORT, 0, 65535);
        String bind = text(config, "bind", "127.0.0.1");
        boolean loopback;
        try {
            loopback = InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bind: '" + bind + "' is not an address of this machine; use e.g. "
                    + "127.0.0.1 or 0.0.0.0", e);
        }
        String ks = text(config, "tls_keystore", "");
        Path keystore = ks.isEmpty() ? null : Path.of(ks);
        if (keystore != null && !Files.isReadable(keystore)) {
            throw new IllegalArgumentException("tls_keystore: cannot read " + ks + "; give a PKCS#12 keystore "
                    + "(keytool -genkeypair -storetype PKCS12 ...)");
        }
        String password = text(config, "tls_keystore_password", "");
        if (keystore != null && password.isEmpty()) {
            throw new IllegalArgumentException("tls_keystore_password: missing; the keystore " + ks + " needs its password");
        }
        boolean insecure = Boolean.parseBoolean(text(config, "insecure_http", "false"));
        if (!loopback && keystore == null && !insecure) {
            throw new IllegalArgumentException("bind: " + bind + " is not a loopback address; set tls_keystore "
                    + "(HTTPS) or pass --insecure-http to serve tokens over plain HTTP");
        }
        List<Path> allowed = new ArrayList<>();
        for (String f : text(config, "allowed_folders", "").split(",")) {
            if (f.isBlank()) {
                continue;
            }
            Path p = Path.of(f.strip());
            if (!p.isAbsolute()) {
                throw new IllegalArgumentException("allowed_folders: '" + f.strip() + "' is not an absolute path");
            }
            allowed.add(p.normalize());
        }
        long upload = number(config, "upload_limit_mb", 100, 1, 100_000) * 1024 * 1024;
        long request = number(config, "request_limit_kb", 256, 1, 100_000) * 1024;
        EmbeddingEngine engine = EmbeddingEngine.parse(text(config, "embedding_engine", "local"));
        String master = text(config, "spark_master", "");
        master = master.isEmpty() ? null : EmbeddingEngine.sparkMaster(EmbeddingEngine.SPARK, master);
        if (engine == EmbeddingEngine.SPARK && master == null) {
            throw new IllegalArgumentException("embedding_engine: spark needs spark_master");
        }
        return new ServerSettings(port, bind, keystore, password, insecure, List.copyOf(allowed), home, upload, request,
                engine, master);
    }

    /**
     * @param server the settings {@code lmwb serve} validated (ports, bind, TLS, allowed folders)
     * @param home LMWB_HOME
     * @return the REST API's settings, with the default size limits
     */
    public static ServerSettings of(lmwb.api.server.ServerSettings server, Path home) {
        return new ServerSettings(server.httpPort(), server.bind(), server.keystore(), server.keystorePassword(),
                server.insecureHttp(), server.allowedFolders(), home, 100L * 1024 * 1024, 256L * 1024,
                server.embeddingEngine(), server.sparkMaster());
    }

    /** @return whether the HTTP port serves TLS */
    public boolean tls() {
        return keystore != null;
    }

    private static String text(Map<String, ?> config, String key, String dflt) {
        Object v = config.get(key);
        return v == null ? dflt : String.valueOf(v).strip();
    }

    private static long number(Map<String, ?> config, String key, long dflt, long min, long max) {
        Object v = config.get(key);
        if (v == null || String.valueOf(v).isBlank()) {
            return dflt;
        }
        long n;
        try {
            n = v instanceof Number num ? num.longValue() : Long.parseLong(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not a whole number", e);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(key + ": must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }
}
