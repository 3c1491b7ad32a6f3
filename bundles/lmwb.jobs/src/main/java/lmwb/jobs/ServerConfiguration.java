package lmwb.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import lmwb.api.encoder.EmbeddingEngine;
import lmwb.api.server.Server;
import lmwb.api.server.ServerSettings;

/**
 * Reads and validates the settings of {@code lmwb serve}: the configuration files ({@code lmwb.server.cfg} in
 * {@code LMWB_HOME/etc}, then in {@code runtime/deploy}; FileInstall's {@code .cfg} format, which is Java's
 * properties format), then the command-line flags, each overriding the one before. Every problem is one line that
 * names the key (or flag) and what it may be.
 */
final class ServerConfiguration {
    static final String HTTP_PORT = "http_port", SSH_PORT = "ssh_port", BIND = "bind", WORKERS = "workers",
            KEYSTORE = "keystore", KEYSTORE_PASSWORD = "keystore_password", INSECURE_HTTP = "insecure_http",
            ALLOWED_FOLDERS = "allowed_folders", EMBEDDING_ENGINE = "embedding_engine", SPARK_MASTER = "spark_master";
    static final List<String> KEYS = List.of(HTTP_PORT, SSH_PORT, BIND, WORKERS, KEYSTORE, KEYSTORE_PASSWORD,
            INSECURE_HTTP, ALLOWED_FOLDERS, EMBEDDING_ENGINE, SPARK_MASTER);
    /** Flags that take no value. */
    private static final List<String> FLAGS = List.of(INSECURE_HTTP);
    /** Flags of {@code serve} (keys with dashes); the keystore password is for the file only, not a command line. */
    static final List<String> OPTIONS = List.of(HTTP_PORT, SSH_PORT, BIND, WORKERS, KEYSTORE, INSECURE_HTTP);

    private ServerConfiguration() {
    }

    /**
     * @param file a {@code .cfg} file
     * @return its keys and values; empty when the file does not exist
     * @throws IllegalArgumentException when it cannot be read
     */
    static Map<String, String> readFile(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(Server.PID + ": cannot read " + file + ": " + e.getMessage());
        }
        for (String k : p.stringPropertyNames()) {
            // service.pid, felix.fileinstall.filename belong to the framework; spark.master or embedding.engine are
            // a mistyped key of ours, refused by name rather than ignored
            if (!k.contains(".") || k.startsWith("spark.") || k.startsWith("embedding.")) {
                out.put(k, p.getProperty(k).strip());
            }
        }
        return out;
    }

    /**
     * @param args the flags after {@code serve}, e.g. {@code --http-port 9000 --insecure-http}
     * @return the keys they set
     * @throws IllegalArgumentException for an unknown flag or a missing value
     */
    static Map<String, String> parseFlags(List<String> args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            String key = name.startsWith("--") ? name.substring(2).replace('-', '_') : "";
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("serve: unknown option '" + a + "'; options: "
                        + String.join(" ", OPTIONS.stream().map(k -> "--" + k.replace('_', '-')).toList()));
            }
            if (FLAGS.contains(key)) {
                out.put(key, value == null ? "true" : value);
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new IllegalArgumentException("serve: " + name + " needs a value");
                }
                value = args.get(++i);
            }
            out.put(key, value);
        }
        return out;
    }

    /**
     * @param given keys and values (files merged, flags applied)
     * @return the settings
     * @throws IllegalArgumentException naming the first key that is wrong and what it may be
     */
    static ServerSettings validated(Map<String, String> given) {
        for (String k : given.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException(Server.PID + ": unknown key '" + k + "'; the keys are "
                        + String.join(", ", KEYS));
            }
        }
        int http = port(given, HTTP_PORT, ServerSettings.DEFAULT_HTTP_PORT);
        int ssh = port(given, SSH_PORT, ServerSettings.DEFAULT_SSH_PORT);
        if (http == ssh) {
            throw new IllegalArgumentException(Server.PID + ": keys 'http_port' and 'ssh_port' are both " + http
                    + "; give them different ports");
        }
        String bind = given.getOrDefault(BIND, ServerSettings.DEFAULT_BIND).strip();
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(Server.PID + ": key 'bind' is '" + bind + "', which is not an address"
                    + " of this machine; use 127.0.0.1 (default), an interface's address, or 0.0.0.0 for all");
        }
        int workers = integer(given, WORKERS, 1);
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException(Server.PID + ": key 'workers' must be 1 to 64, got " + workers);
        }
        boolean insecure = bool(given, INSECURE_HTTP);
        String password = given.getOrDefault(KEYSTORE_PASSWORD, "");
        Path keystore = null;
        String ks = given.getOrDefault(KEYSTORE, "").strip();
        if (!ks.isEmpty()) {
            keystore = Path.of(ks).toAbsolutePath();
            if (!Files.isReadable(keystore)) {
                throw new IllegalArgumentException(Server.PID + ": key 'keystore' names " + keystore
                        + ", which does not exist or cannot be read; give a PKCS12 or JKS keystore file");
            }
            try {
                KeyStore.getInstance(keystore.toFile(), password.toCharArray());
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException(Server.PID + ": key 'keystore' (" + keystore + ") cannot be opened"
                        + " with key 'keystore_password': " + e.getMessage());
            }
        }
        if (!address.isLoopbackAddress() && keystore == null && !insecure) {
            throw new IllegalArgumentException(Server.PID + ": key 'bind' is " + bind + ", not a loopback address:"
                    + " set key 'keystore' (TLS for HTTP), or start with --insecure-http to serve plain HTTP there");
        }
        List<Path> folders = new ArrayList<>();
        for (String f : given.getOrDefault(ALLOWED_FOLDERS, "").split(",")) {
            if (f.isBlank()) {
                continue;
            }
            Path p = Path.of(f.strip());
            if (!p.isAbsolute() || !Files.isDirectory(p)) {
                throw new IllegalArgumentException(Server.PID + ": key 'allowed_folders' names '" + f.strip()
                        + "', which is not an absolute path of a folder");
            }
            folders.add(p.normalize());
        }
        EmbeddingEngine engine;
        try {
            engine = EmbeddingEngine.parse(given.getOrDefault(EMBEDDING_ENGINE, "local"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Server.PID + ": key 'embedding_engine' must be local or spark, got '"
                    + given.get(EMBEDDING_ENGINE).strip() + "'");
        }
        String master = given.getOrDefault(SPARK_MASTER, "").strip();
        if (!master.isEmpty()) {
            try {
                master = EmbeddingEngine.sparkMaster(EmbeddingEngine.SPARK, master);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(Server.PID + ": key 'spark_master' is '" + master + "', not a Spark"
                        + " master URL; use spark://HOST:PORT, k8s://https://HOST:PORT, yarn or local[N]");
            }
        } else if (engine == EmbeddingEngine.SPARK) {
            throw new IllegalArgumentException(Server.PID + ": key 'embedding_engine' is spark, which needs key"
                    + " 'spark_master', e.g. spark://127.0.0.1:7077 ('runtime/spark-cluster start' prints one)");
        }
        return new ServerSettings(http, ssh, bind, workers, keystore, password, insecure, folders, engine,
                master.isEmpty() ? null : master);
    }

    /** @return the warning logged on every start with plain HTTP on a non-loopback address, or {@code null} */
    static String warning(ServerSettings s) {
        try {
            if (!s.tls() && !InetAddress.getByName(s.bind()).isLoopbackAddress()) {
                return "plain HTTP on " + s.bind() + ":" + s.httpPort() + " (--insecure-http): API tokens"
                        + " cross the network unencrypted; configure key 'keystore' of " + Server.PID + ".cfg for TLS";
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    private static int port(Map<String, String> given, String key, int fallback) {
        int p = integer(given, key, fallback);
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException(Server.PID + ": key '" + key + "' must be a port number 1 to 65535, got "
                    + p);
        }
        return p;
    }

    private static int integer(Map<String, String> given, String key, int fallback) {
        String v = given.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Server.PID + ": key '" + key + "' must be a whole number, got '" + v
                    + "'");
        }
    }

    private static boolean bool(Map<String, String> given, String key) {
        String v = given.getOrDefault(key, "false").strip();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException(Server.PID + ": key '" + key + "' must be true or false, got '" + v + "'");
    }
}
