package lmwb.rest.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lmwb.api.users.Role;
import lmwb.db.Database;
import lmwb.db.DatabaseSettings;
import lmwb.rest.TestServers;
import lmwb.users.JdbcUserDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote CLI against the real REST API (Jetty, the real user directory on H2). */
class RemoteCliTest {
    @TempDir
    Path home;
    private Database db;
    private JdbcUserDirectory users;
    private TestServers.Running server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        db = Database.open(DatabaseSettings.validated(Map.of(), home));
        users = new JdbcUserDirectory(db);
        server = TestServers.start(users, home);
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        db.close();
    }

    private RemoteCli cli(String token) {
        return new RemoteCli(URI.create(server.base()), token, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void userAddGoesThroughTheServerWithAnAdminToken() throws Exception {
        String admin = users.add("ada", Role.ADMIN, List.of()).token();
        assertEquals(0, cli(admin).run(List.of("user", "add", "bob", "--role", "member", "--json")));
        JsonObject doc = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals("bob", doc.get("user").getAsString());
        assertEquals("member", doc.get("role").getAsString());
        assertTrue(users.authenticate(doc.get("token").getAsString(), "test").isPresent(), "the printed token works");
        out.reset();
        assertEquals(0, cli(admin).run(List.of("user", "token", "bob")));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("new token for bob (the old one no longer works)\ntoken: lmwb_"));
    }

    @Test
    void aMemberCannotAddUsersAndABadTokenIsOneLine() {
        String member = users.add("mel", Role.MEMBER, List.of()).token();
        RemoteCli.Failure f = assertThrows(RemoteCli.Failure.class,
                () -> cli(member).run(List.of("user", "add", "eve", "--role", "admin")));
        assertEquals(1, f.status);
        assertEquals("mel is a member; only admins manage users", f.getMessage());
        f = assertThrows(RemoteCli.Failure.class, () -> cli("lmwb_0000000000000000_nope").run(List.of("results")));
        assertEquals(1, f.status);
        assertEquals("the server refused the token (invalid or revoked token); check LMWB_TOKEN", f.getMessage());
    }

    @Test
    void anUnreachableServerIsOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RemoteCli cli = new RemoteCli(URI.create("http://127.0.0.1:" + port), "t", new PrintStream(out), new PrintStream(err));
        RemoteCli.Failure f = assertThrows(RemoteCli.Failure.class, () -> cli.run(List.of("results")));
        assertEquals(1, f.status);
        assertEquals("cannot reach the lmwb server at http://127.0.0.1:" + port + " (connection refused); check "
                + "LMWB_REMOTE and that 'runtime/lmwb serve' runs there", f.getMessage());
    }

    @Test
    void anUnknownCommandIsBadUsage() {
        String member = users.add("mel", Role.MEMBER, List.of()).token();
        RemoteCli.Failure f = assertThrows(RemoteCli.Failure.class, () -> cli(member).run(List.of("dance")));
        assertEquals(2, f.status);
        assertEquals("unknown command 'dance'; the server runs: rank", f.getMessage());
    }

    @Test
    void apiPathsInTheServersTextBecomeUrlsOfThisServer() {
        RemoteCli cli = cli("t");
        assertEquals("plot: " + server.base() + "/api/results/r-1/files/layer-scores.svg\nfolder: " + server.base()
                + "/api/results/r-1/files\n{\"directory\": \"" + server.base() + "/api/results/r-1/files\"}",
                cli.urls("plot: /api/results/r-1/files/layer-scores.svg\nfolder: /api/results/r-1/files\n"
                        + "{\"directory\": \"/api/results/r-1/files\"}"));
        assertEquals("see x/api/results/r-1", cli.urls("see x/api/results/r-1"), "only whole paths");
    }

    @Test
    void downloadNeedsAResultId() {
        String member = users.add("mel", Role.MEMBER, List.of()).token();
        RemoteCli.Failure f = assertThrows(RemoteCli.Failure.class, () -> cli(member).run(List.of("results", "download")));
        assertEquals(2, f.status);
        assertTrue(f.getMessage().startsWith("results download needs a result id"), f.getMessage());
    }
}
