package lmwb.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.server.ServerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings of lmwb serve are checked once, with one line that names the key or flag. */
class ServerConfigurationTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreLoopbackOneWorker() {
        ServerSettings s = ServerConfiguration.validated(Map.of());
        assertEquals(new ServerSettings(8421, 8422, "127.0.0.1", 1, null, "", false, List.of()), s);
        assertNull(ServerConfiguration.warning(s));
    }

    @Test
    void flagsOverrideTheFile() throws Exception {
        Path cfg = dir.resolve("lmwb.server.cfg");
        Files.writeString(cfg, "# lab server\nhttp_port = 9000\nworkers=2\nfelix.fileinstall.filename=x\n");
        Map<String, String> given = new HashMap<>(ServerConfiguration.readFile(cfg));
        given.putAll(ServerConfiguration.parseFlags(List.of("--workers", "3", "--ssh-port=9001")));
        ServerSettings s = ServerConfiguration.validated(given);
        assertEquals(9000, s.httpPort());
        assertEquals(9001, s.sshPort());
        assertEquals(3, s.workers());
        assertTrue(ServerConfiguration.readFile(dir.resolve("missing.cfg")).isEmpty());
    }

    @Test
    void badValuesNameTheKey() {
        assertEquals("lmwb.server: key 'http_port' must be a whole number, got 'abc'", message(Map.of("http_port", "abc")));
        assertEquals("lmwb.server: key 'ssh_port' must be a port number 1 to 65535, got 70000",
                message(Map.of("ssh_port", "70000")));
        assertEquals("lmwb.server: key 'workers' must be 1 to 64, got 0", message(Map.of("workers", "0")));
        assertEquals("lmwb.server: unknown key 'port'; the keys are http_port, ssh_port, bind, workers, keystore,"
                + " keystore_password, insecure_http, allowed_folders, embedding_engine, spark_master", message(Map.of("port", "1")));
        assertEquals("lmwb.server: keys 'http_port' and 'ssh_port' are both 9000; give them different ports",
                message(Map.of("http_port", "9000", "ssh_port", "9000")));
        assertTrue(message(Map.of("keystore", dir.resolve("none.p12").toString()))
                .startsWith("lmwb.server: key 'keystore' names "), "a missing keystore");
        assertTrue(message(Map.of("allowed_folders", "relative/data")).startsWith("lmwb.server: key 'allowed_folders'"));
        IllegalArgumentException flag = assertThrows(IllegalArgumentException.class,
                () -> ServerConfiguration.parseFlags(List.of("--port", "1")));
        assertEquals("serve: unknown option '--port'; options: --http-port --ssh-port --bind --workers --keystore"
                + " --insecure-http", flag.getMessage());
        assertEquals("serve: --http-port needs a value", assertThrows(IllegalArgumentException.class,
                () -> ServerConfiguration.parseFlags(List.of("--http-port"))).getMessage());
    }

    /**
     * Issue 19: where jobs embed is the server's setting. Expected values: the keys' documented forms (README, "Shared
     * runtime"); a master URL is checked by the same rule as --spark-master.
     */
    @Test
    void sparkKeysAreCheckedByName() throws Exception {
        ServerSettings s = ServerConfiguration.validated(Map.of("embedding_engine", "spark",
                "spark_master", "spark://10.0.0.5:7077"));
        assertEquals(lmwb.api.encoder.EmbeddingEngine.SPARK, s.embeddingEngine());
        assertEquals("spark://10.0.0.5:7077", s.sparkMaster());
        ServerSettings allowed = ServerConfiguration.validated(Map.of("spark_master", "local[1]"));
        assertEquals(lmwb.api.encoder.EmbeddingEngine.LOCAL, allowed.embeddingEngine(), "local unless configured");
        assertNull(ServerConfiguration.validated(Map.of()).sparkMaster());
        assertEquals("lmwb.server: key 'embedding_engine' must be local or spark, got 'cluster'",
                message(Map.of("embedding_engine", "cluster")));
        assertEquals("lmwb.server: key 'embedding_engine' is spark, which needs key 'spark_master', e.g."
                + " spark://127.0.0.1:7077 ('runtime/spark-cluster start' prints one)",
                message(Map.of("embedding_engine", "spark")));
        assertEquals("lmwb.server: key 'spark_master' is 'http://10.0.0.5:7077', not a Spark master URL; use"
                + " spark://HOST:PORT, k8s://https://HOST:PORT, yarn or local[N]",
                message(Map.of("spark_master", "http://10.0.0.5:7077")));
        // Spark's own spelling in the file is refused by name, not ignored (framework keys with dots still are)
        Path cfg = dir.resolve("lmwb.server.cfg");
        Files.writeString(cfg, "spark.master=spark://10.0.0.5:7077\nservice.pid=lmwb.server\n");
        Map<String, String> read = ServerConfiguration.readFile(cfg);
        assertEquals(Map.of("spark.master", "spark://10.0.0.5:7077"), read);
        assertTrue(message(read).startsWith("lmwb.server: unknown key 'spark.master'; the keys are "), message(read));
    }

    /** A non-loopback address needs TLS or the explicit --insecure-http, which then warns on every start. */
    @Test
    void anOpenAddressNeedsTlsOrInsecureHttp() {
        assertEquals("lmwb.server: key 'bind' is 0.0.0.0, not a loopback address: set key 'keystore' (TLS for HTTP),"
                + " or start with --insecure-http to serve plain HTTP there", message(Map.of("bind", "0.0.0.0")));
        Map<String, String> given = new HashMap<>(Map.of("bind", "0.0.0.0"));
        given.putAll(ServerConfiguration.parseFlags(List.of("--insecure-http")));
        ServerSettings s = ServerConfiguration.validated(given);
        assertTrue(s.insecureHttp());
        assertTrue(ServerConfiguration.warning(s).startsWith("plain HTTP on 0.0.0.0:8421"));
        assertFalse(s.toString().contains("keystore_password"));
    }

    private static String message(Map<String, String> given) {
        return assertThrows(IllegalArgumentException.class, () -> ServerConfiguration.validated(given)).getMessage();
    }
}
