package lmwb.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import lmwb.api.capability.Capability;
import lmwb.api.capability.CapabilityResult;
import lmwb.api.capability.RunContext;
import lmwb.api.jobs.Job;
import lmwb.api.jobs.JobQueue;
import lmwb.api.jobs.JobState;
import lmwb.api.users.Role;
import lmwb.api.users.UserDirectory;
import lmwb.db.Database;
import lmwb.db.DatabaseSettings;
import lmwb.jobs.JdbcJobQueue;
import lmwb.users.JdbcUserDirectory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API on a real Jetty server (free port) with the real user directory on a fresh H2 database. The job
 * queue is {@link RecordingJobQueue} (what was submitted, by whom); the queue's own behaviour and the result
 * endpoints are covered end to end by runtime/test/server_e2e_test.py with the real queue and store.
 */
class ApiHandlerTest {
    /** A request record shaped like rank's: what the path checks and the codec see. */
    record TestRankRequest(String dataset, List<String> models, Integer downsample, String out) {
        TestRankRequest {
            if (downsample != null && downsample < 2) {
                throw new IllegalArgumentException("--downsample must be at least 2, got " + downsample);
            }
        }
    }

    @TempDir
    Path home;
    private Database db;
    private UserDirectory users;
    private RecordingJobQueue jobs;
    private Server server;
    private String base;
    private String admin;
    private String member;
    private String viewer;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        db = Database.open(DatabaseSettings.validated(Map.of(), home));
        users = new JdbcUserDirectory(db);
        admin = users.add("ada", Role.ADMIN, List.of()).token();
        member = users.add("mel", Role.MEMBER, List.of()).token();
        viewer = users.add("vic", Role.VIEWER, List.of()).token();
        start(Map.of("http_port", 0));
    }

    private void start(Map<String, Object> config) throws Exception {
        start(config, Map.of("rank", TestRankRequest.class));
    }

    private void start(Map<String, Object> config, Map<String, Class<? extends Record>> types) throws Exception {
        jobs = new RecordingJobQueue();
        start(config, types, jobs);
    }

    private void start(Map<String, Object> config, Map<String, Class<? extends Record>> types, JobQueue queue)
            throws Exception {
        ServerSettings settings = ServerSettings.validated(config, home);
        ApiHandler handler = new ApiHandler(users, queue, null, () -> types,
                command -> "[\"ran " + command + "\"]", settings);
        server = new Server();
        ServerConnector c = RestServer.connector(server, settings);
        server.addConnector(c);
        server.setHandler(handler);
        server.setErrorHandler(new JsonErrorHandler());
        server.start();
        base = "http://127.0.0.1:" + c.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        db.close();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> r) {
        JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
        assertEquals(Set.of("error"), o.keySet(), r.body());
        return o.get("error").getAsString();
    }

    @Test
    void healthNeedsNoTokenAndEverythingElseDoes() throws Exception {
        HttpResponse<String> h = call("GET", "/api/health", null, null);
        assertEquals(200, h.statusCode());
        assertEquals("ok", JsonParser.parseString(h.body()).getAsJsonObject().get("status").getAsString());

        for (String path : List.of("/api/jobs", "/api/results", "/api/estimators", "/api/users", "/api/datasets")) {
            HttpResponse<String> r = call("GET", path, null, null);
            assertEquals(401, r.statusCode(), path);
            assertTrue(error(r).startsWith("missing token"), r.body());
        }
        HttpResponse<String> bad = call("GET", "/api/jobs", "lmwb_0123456789abcdef_notthesecretnotthesecretnotthesecretnotth", null);
        assertEquals(401, bad.statusCode());
        assertEquals("invalid or revoked token", error(bad));
        assertEquals(200, call("GET", "/api/estimators", viewer, null).statusCode());
    }

    /**
     * The one-shot {@code runtime/lmwb user token NAME} on the server's machine is another JVM with its own directory on
     * the same database: the server must refuse the old token on its next call, not after some cache time. (The
     * directory remembers verified tokens, but re-reads the token's row on every call; only the slow hash is saved.)
     */
    @Test
    void aTokenRevokedByAnotherProcessIsRefusedOnTheNextCall() throws Exception {
        assertEquals(200, call("GET", "/api/jobs", member, null).statusCode());
        String fresh = new JdbcUserDirectory(db).newToken("mel").token();
        HttpResponse<String> r = call("GET", "/api/jobs", member, null);
        assertEquals(401, r.statusCode());
        assertEquals("invalid or revoked token", error(r));
        assertEquals(200, call("GET", "/api/jobs", fresh, null).statusCode());

        assertEquals(200, call("GET", "/api/jobs", viewer, null).statusCode());
        new JdbcUserDirectory(db).remove("vic");
        assertEquals(401, call("GET", "/api/jobs", viewer, null).statusCode(), "a removed user's token");
    }

    @Test
    void rolesAreEnforcedOnTheServer() throws Exception {
        String job = "{\"command\":\"rank\",\"args\":{\"dataset\":\"sentiment-sentences\",\"models\":[\"all-minilm-l6-v2\"],\"downsample\":60}}";
        HttpResponse<String> v = call("POST", "/api/jobs", viewer, job);
        assertEquals(403, v.statusCode());
        assertEquals("vic is a viewer and cannot submit jobs; ask an admin for the member role", error(v));
        assertTrue(jobs.submitted.isEmpty());

        HttpResponse<String> m = call("POST", "/api/jobs", member, job);
        assertEquals(202, m.statusCode(), m.body());
        JsonObject ref = JsonParser.parseString(m.body()).getAsJsonObject();
        assertEquals("queued", ref.get("state").getAsString());
        assertEquals("mel", jobs.submitted.get(0).user());
        assertEquals(JsonParser.parseString("{\"dataset\":\"sentiment-sentences\",\"models\":[\"all-minilm-l6-v2\"],\"downsample\":60}"),
                JsonParser.parseString(jobs.submitted.get(0).args()));

        assertEquals(403, call("GET", "/api/users", member, null).statusCode());
        assertEquals(403, call("POST", "/api/users", member, "{\"name\":\"eve\",\"role\":\"admin\"}").statusCode());
        assertFalse(users.find("eve").isPresent());
        assertEquals(403, call("DELETE", "/api/jobs/" + ref.get("id").getAsLong(), viewer, null).statusCode());
    }

    @Test
    void jobStatusHasAnEntityTagAndAnUnchangedJobAnswers304WithoutABody() throws Exception {
        String job = "{\"command\":\"rank\",\"args\":{\"dataset\":\"sentiment-sentences\"}}";
        long id = JsonParser.parseString(call("POST", "/api/jobs", member, job).body()).getAsJsonObject().get("id").getAsLong();
        HttpResponse<String> first = call("GET", "/api/jobs/" + id, member, null);
        assertEquals(200, first.statusCode());
        String tag = first.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag"));
        assertEquals(ApiHandler.entityTag(first.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)), tag,
                "the tag of the body sent");
        HttpRequest.Builder again = HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + id))
                .header("Authorization", "Bearer " + member).header("If-None-Match", tag);
        HttpResponse<String> same = http.send(again.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(304, same.statusCode());
        assertEquals("", same.body());
        // the job starts: the same tag now gets the new status
        Job queued = jobs.submitted.get(0);
        jobs.submitted.set(0, new Job(queued.id(), queued.command(), queued.args(), queued.user(), JobState.RUNNING,
                null, null, null, queued.submitted(), java.time.Instant.now(), null));
        HttpResponse<String> changed = http.send(again.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, changed.statusCode());
        assertEquals("running", JsonParser.parseString(changed.body()).getAsJsonObject().get("state").getAsString());
        assertNotEquals(tag, changed.headers().firstValue("ETag").orElseThrow());
    }

    @Test
    void cliOptionTextsBecomeTheSameArgsAsJson() throws Exception {
        HttpResponse<String> r = call("POST", "/api/jobs", member,
                "{\"command\":\"rank\",\"options\":{\"dataset\":\"sentiment-sentences\",\"models\":\"a,b\",\"downsample\":\"60\"}}");
        assertEquals(202, r.statusCode(), r.body());
        assertEquals(JsonParser.parseString("{\"dataset\":\"sentiment-sentences\",\"models\":[\"a\",\"b\"],\"downsample\":60}"),
                JsonParser.parseString(jobs.submitted.get(0).args()));
    }

    /**
     * Issue 19: a member cannot send the server's embedding to a Spark master of their choosing; {@code engine: spark}
     * gets the master the admin configured. The command is the real {@code embed} request type; expected values: the
     * configuration below.
     */
    @Test
    void jobsEmbedOnlyOnTheConfiguredSparkMaster() throws Exception {
        Map<String, Class<? extends Record>> embed = Map.of("embed", lmwb.api.encoder.EmbedRequest.class);
        String own = "{\"command\":\"embed\",\"args\":{\"model\":\"m\",\"dataset\":\"d\",\"engine\":\"spark\","
                + "\"spark_master\":\"spark://10.9.9.9:7077\"}}";
        server.stop();
        start(Map.of("http_port", 0), embed);
        HttpResponse<String> none = call("POST", "/api/jobs", member, own);
        assertEquals(400, none.statusCode());
        assertEquals("spark_master: this server does not embed on a Spark master a job names; drop spark_master, or"
                + " ask an admin to configure one (key 'spark_master' of lmwb.server.cfg)", error(none));
        HttpResponse<String> noMaster = call("POST", "/api/jobs", member,
                "{\"command\":\"embed\",\"options\":{\"model\":\"m\",\"dataset\":\"d\",\"engine\":\"spark\"}}");
        assertEquals(400, noMaster.statusCode());
        assertTrue(error(noMaster).startsWith("engine: this server has no Spark master configured;"), noMaster.body());

        server.stop();
        start(Map.of("http_port", 0, "spark_master", "spark://127.0.0.1:7077"), embed);
        HttpResponse<String> other = call("POST", "/api/jobs", member, own);
        assertEquals(400, other.statusCode());
        assertEquals("spark_master: this server embeds only on its configured Spark master spark://127.0.0.1:7077;"
                + " drop spark_master (engine: spark uses the configured one)", error(other));
        HttpResponse<String> dashed = call("POST", "/api/jobs", member, "{\"command\":\"embed\",\"options\":{"
                + "\"model\":\"m\",\"dataset\":\"d\",\"engine\":\"spark\",\"spark-master\":\"local[4]\"}}");
        assertEquals(400, dashed.statusCode(), "the option's spelling changes nothing");
        assertTrue(jobs.submitted.isEmpty());
        HttpResponse<String> ok = call("POST", "/api/jobs", member,
                "{\"command\":\"embed\",\"args\":{\"model\":\"m\",\"dataset\":\"d\",\"engine\":\"spark\"}}");
        assertEquals(202, ok.statusCode(), ok.body());
        assertEquals("spark://127.0.0.1:7077", JsonParser.parseString(jobs.submitted.get(0).args()).getAsJsonObject()
                .get("spark_master").getAsString(), "engine spark embeds on the configured master");
        HttpResponse<String> plain = call("POST", "/api/jobs", member,
                "{\"command\":\"embed\",\"args\":{\"model\":\"m\",\"dataset\":\"d\"}}");
        assertEquals(202, plain.statusCode(), plain.body());
        assertFalse(jobs.submitted.get(1).args().contains("spark"), "embedding_engine local: a plain job stays local");
    }

    @Test
    void badJobsGetOneLineAnd400() throws Exception {
        HttpResponse<String> unknown = call("POST", "/api/jobs", member, "{\"command\":\"dance\"}");
        assertEquals(400, unknown.statusCode());
        assertEquals("unknown command 'dance'; the server runs: rank", error(unknown));
        HttpResponse<String> refused = call("POST", "/api/jobs", member, "{\"command\":\"rank\",\"args\":{\"downsample\":1}}");
        assertEquals(400, refused.statusCode());
        assertEquals("--downsample must be at least 2, got 1", error(refused));
        HttpResponse<String> notJson = call("POST", "/api/jobs", member, "{\"command\":");
        assertEquals(400, notJson.statusCode());
        assertEquals("the request body is not valid JSON", error(notJson));
        assertTrue(jobs.submitted.isEmpty());
    }

    @Test
    void serverPathsAreRefusedAndNothingOfTheFileIsShown() throws Exception {
        String passwd = Files.exists(Path.of("/etc/passwd")) ? Files.readString(Path.of("/etc/passwd")) : "root:x:0:0";
        String firstLine = passwd.lines().findFirst().orElse("root");
        List<String> bodies = List.of(
                "{\"command\":\"rank\",\"args\":{\"dataset\":\"/etc/passwd\"}}",
                "{\"command\":\"rank\",\"args\":{\"dataset\":\"../../etc/passwd\"}}",
                "{\"command\":\"rank\",\"args\":{\"models\":[\"all-minilm-l6-v2\",\"/etc\"]}}",
                "{\"command\":\"rank\",\"args\":{\"out\":\"/tmp/x\"}}",
                "{\"command\":\"rank\",\"args\":{\"dataset\":\"~/.ssh/id_rsa\"}}",
                "{\"command\":\"rank\",\"options\":{\"dataset\":\"/etc/passwd\"}}");
        for (String body : bodies) {
            HttpResponse<String> r = call("POST", "/api/jobs", admin, body);
            assertTrue(r.statusCode() == 400 || r.statusCode() == 403, body + " -> " + r.statusCode() + " " + r.body());
            String e = error(r);
            assertTrue(e.contains("not allowed"), e);
            assertFalse(r.body().contains(firstLine), "the file's content never appears");
        }
        assertTrue(jobs.submitted.isEmpty());
    }

    @Test
    void uploadsAreStoredPerUserSizeLimitedAndNamedInJobs() throws Exception {
        server.stop();
        start(Map.of("http_port", 0, "upload_limit_mb", 1));
        HttpResponse<String> up = call("POST", "/api/datasets?name=reviews.csv", member, "text,label\ngood,1\nbad,0\n");
        assertEquals(201, up.statusCode(), up.body());
        assertEquals("upload:reviews.csv", JsonParser.parseString(up.body()).getAsJsonObject().get("dataset").getAsString());
        Path stored = home.resolve("uploads/mel/reviews.csv");
        assertEquals("text,label\ngood,1\nbad,0\n", Files.readString(stored));
        assertEquals(409, call("POST", "/api/datasets?name=reviews.csv", member, "x,y\n").statusCode());
        assertEquals(400, call("POST", "/api/datasets?name=../evil.csv", member, "x,y\n").statusCode());
        assertEquals(403, call("POST", "/api/datasets?name=v.csv", viewer, "x,y\n").statusCode());
        HttpResponse<String> big = call("POST", "/api/datasets?name=big.csv", member, "a".repeat(1024 * 1024 + 1));
        assertEquals(413, big.statusCode());
        assertTrue(error(big).startsWith("upload larger than the server's limit of 1 MB"), big.body());
        assertFalse(Files.exists(home.resolve("uploads/mel/big.csv")));

        HttpResponse<String> r = call("POST", "/api/jobs", member, "{\"command\":\"rank\",\"args\":{\"dataset\":\"upload:reviews.csv\"}}");
        assertEquals(202, r.statusCode(), r.body());
        assertEquals(stored.toString(), JsonParser.parseString(jobs.submitted.get(0).args()).getAsJsonObject()
                .get("dataset").getAsString());
        // the path of one's own upload is accepted too; another user's is not
        assertEquals(202, call("POST", "/api/jobs", member, "{\"command\":\"rank\",\"args\":{\"dataset\":\""
                + stored + "\"}}").statusCode());
        assertEquals(403, call("POST", "/api/jobs", admin, "{\"command\":\"rank\",\"args\":{\"dataset\":\""
                + stored + "\"}}").statusCode());
    }

    @Test
    void requestBodiesAreSizeLimited() throws Exception {
        HttpResponse<String> r = call("POST", "/api/jobs", member, "{\"command\":\"rank\",\"args\":{\"dataset\":\""
                + "x".repeat(300 * 1024) + "\"}}");
        assertEquals(413, r.statusCode());
        assertTrue(error(r).startsWith("request body larger than 256 KB"));
    }

    @Test
    void adminsManageUsers() throws Exception {
        HttpResponse<String> add = call("POST", "/api/users", admin, "{\"name\":\"bob\",\"role\":\"member\"}");
        assertEquals(201, add.statusCode(), add.body());
        JsonObject issued = JsonParser.parseString(add.body()).getAsJsonObject();
        assertEquals(Set.of("user", "role", "token"), issued.keySet());
        String bob = issued.get("token").getAsString();
        assertEquals(200, call("GET", "/api/jobs", bob, null).statusCode());
        assertEquals(409, call("POST", "/api/users", admin, "{\"name\":\"bob\",\"role\":\"member\"}").statusCode());
        HttpResponse<String> role = call("POST", "/api/users", admin, "{\"name\":\"carl\",\"role\":\"boss\"}");
        assertEquals(400, role.statusCode());
        assertEquals("unknown role 'boss'; use one of: admin, member, viewer", error(role));
        HttpResponse<String> list = call("GET", "/api/users", admin, null);
        assertEquals(List.of("ada", "bob", "mel", "vic"), names(JsonParser.parseString(list.body())));
        assertFalse(list.body().contains(bob));
        HttpResponse<String> token = call("POST", "/api/users/bob/token", admin, null);
        assertEquals(200, token.statusCode());
        assertEquals(401, call("GET", "/api/jobs", bob, null).statusCode(), "the old token is revoked at once");
        assertEquals(200, call("DELETE", "/api/users/bob", admin, null).statusCode());
        assertEquals(404, call("DELETE", "/api/users/bob", admin, null).statusCode());
    }

    @Test
    void unknownPathsAndJobsAre404WithJsonErrors() throws Exception {
        HttpResponse<String> r = call("GET", "/api/nothing", member, null);
        assertEquals(404, r.statusCode());
        assertTrue(error(r).startsWith("no such endpoint: GET /api/nothing"));
        assertEquals(404, call("GET", "/api/jobs/12345", member, null).statusCode());
        assertEquals(404, call("GET", "/api/jobs/abc", member, null).statusCode());
        HttpResponse<String> outside = call("GET", "/index.html", null, null);
        assertEquals(404, outside.statusCode());
        assertNotNull(error(outside));
        HttpResponse<String> cmd = call("POST", "/api/commands", member, "{\"argv\":[\"rank\"]}");
        assertEquals(400, cmd.statusCode());
        assertEquals(200, call("POST", "/api/commands", member, "{\"argv\":[\"results\",\"--json\"]}").statusCode());
        assertEquals(400, call("POST", "/api/commands", member, "{\"argv\":[\"results\",\"x; rm -rf /\"]}").statusCode());
    }

    @Test
    void everyRouteIsInTheOpenApiDocument() throws Exception {
        HttpResponse<String> r = call("GET", "/api/openapi.json", null, null);
        assertEquals(200, r.statusCode());
        JsonObject paths = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("paths");
        Set<String> documented = new TreeSet<>();
        for (Map.Entry<String, JsonElement> p : paths.entrySet()) {
            for (String method : p.getValue().getAsJsonObject().keySet()) {
                documented.add(method.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey());
            }
        }
        assertEquals(new TreeSet<>(ApiHandler.ROUTES), documented);
    }

    @Test
    void tlsFromAKeystore() throws Exception {
        Path keystore = home.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "lmwb", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=lmwb-test",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "secret", "-keypass", "secret").redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        server.stop();
        start(Map.of("http_port", 0, "tls_keystore", keystore.toString(), "tls_keystore_password", "secret"));
        java.security.KeyStore trusted = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            trusted.load(in, "secret".toCharArray());
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
        String url = base.replace("http://", "https://");
        HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create(url + "/api/jobs"))
                .header("Authorization", "Bearer " + member).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        HttpResponse<String> h = https.send(HttpRequest.newBuilder(URI.create(url + "/api/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(JsonParser.parseString(h.body()).getAsJsonObject().get("tls").getAsBoolean());
        assertThrows(IOException.class, () -> call("GET", "/api/health", null, null), "no plain HTTP on the TLS port");
    }

    @Test
    void settingsAreValidatedWithTheKeyName() {
        assertEquals("bind: 0.0.0.0 is not a loopback address; set tls_keystore (HTTPS) or pass --insecure-http to "
                + "serve tokens over plain HTTP", message(Map.of("bind", "0.0.0.0")));
        assertEquals("http_port: must be between 0 and 65535, got 70000", message(Map.of("http_port", 70000)));
        assertEquals("http_port: 'x' is not a whole number", message(Map.of("http_port", "x")));
        assertEquals("allowed_folders: 'data' is not an absolute path", message(Map.of("allowed_folders", "data")));
        assertTrue(message(Map.of("tls_keystore", "/nonexistent.p12")).startsWith("tls_keystore: cannot read"));
        ServerSettings insecure = ServerSettings.validated(Map.of("bind", "0.0.0.0", "insecure_http", "true"), home);
        assertFalse(insecure.tls());
    }

    private String message(Map<String, Object> config) {
        try {
            ServerSettings.validated(config, home);
            return "accepted";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static List<String> names(JsonElement list) {
        List<String> n = new ArrayList<>();
        list.getAsJsonArray().forEach(e -> n.add(e.getAsJsonObject().get("user").getAsString()));
        return n;
    }

    /** A request naming a model, as embed's does. */
    record TestLoadRequest(String model) {
    }

    /**
     * Fails as loading a model whose files are missing does: DJL's exception names the file in the server's Hugging
     * Face cache, and the queue keeps its first line as the job's error.
     */
    static final class MissingModelFiles implements Capability<TestLoadRequest, CapabilityResult> {
        static final String CACHED = "/root/.cache/huggingface/hub/models--BAAI--bge-small-en/snapshots/2275a7b/config.json";

        @Override
        public String name() {
            return "load";
        }

        @Override
        public String description() {
            return "loads a model";
        }

        @Override
        public Class<TestLoadRequest> requestType() {
            return TestLoadRequest.class;
        }

        @Override
        public CapabilityResult run(TestLoadRequest request, RunContext context) throws Exception {
            throw new java.io.FileNotFoundException(CACHED + " (No such file or directory)");
        }
    }

    /**
     * A job that fails on the real queue (JdbcJobQueue on this H2 database) with a server path in its error: a member
     * and a viewer see the file's name only, an admin the path (the web page's Jobs view shows this same JSON).
     */
    @Test
    void aFailedJobsErrorShowsNoServerPathToMembersAndViewers() throws Exception {
        server.stop();
        lmwb.api.server.ServerSettings serve = new lmwb.api.server.ServerSettings(0, 0, "127.0.0.1", 1, null, "",
                false, List.of());
        JdbcJobQueue queue = new JdbcJobQueue(db, () -> serve);
        try {
            queue.addCapability(new MissingModelFiles(), Map.of(Capability.NAME, "load"));
            start(Map.of("http_port", 0), Map.of("load", TestLoadRequest.class), queue);

            HttpResponse<String> submitted = call("POST", "/api/jobs", member,
                    "{\"command\": \"load\", \"args\": {\"model\": \"bge-small-en\"}}");
            assertEquals(202, submitted.statusCode(), submitted.body());
            long id = JsonParser.parseString(submitted.body()).getAsJsonObject().get("id").getAsLong();
            long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
            while (queue.get(id).orElseThrow().state() != JobState.FAILED && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // JdbcJobQueue.oneLine: the exception's message, as the job table keeps it
            String error = MissingModelFiles.CACHED + " (No such file or directory)";
            assertEquals(error, queue.get(id).orElseThrow().error());

            for (String token : List.of(member, viewer)) {
                JsonObject shown = JsonParser.parseString(call("GET", "/api/jobs/" + id, token, null).body())
                        .getAsJsonObject();
                assertEquals("<server path>/config.json (No such file or directory)", shown.get("error").getAsString());
                String list = call("GET", "/api/jobs", token, null).body();
                assertTrue(list.contains("<server path>/config.json") && !list.contains("/root/.cache"), list);
            }
            JsonObject admins = JsonParser.parseString(call("GET", "/api/jobs/" + id, admin, null).body())
                    .getAsJsonObject();
            assertEquals(error, admins.get("error").getAsString());
        } finally {
            queue.stop();
        }
    }
}
