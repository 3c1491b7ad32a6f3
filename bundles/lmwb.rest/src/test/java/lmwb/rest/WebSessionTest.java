package lmwb.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lmwb.api.users.Role;
import lmwb.api.users.UserDirectory;
import lmwb.api.web.WebContent;
import lmwb.db.Database;
import lmwb.db.DatabaseSettings;
import lmwb.users.JdbcUserDirectory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page's sign-in session (cookie + CSRF token) and static files, on a real Jetty server with the real user
 * directory on a fresh H2 database, wired as {@link RestServer} wires them. The page itself is tested in a real
 * browser by lmwb.web.browsertest.
 */
class WebSessionTest {
    @TempDir
    Path home;
    private Database db;
    private UserDirectory users;
    private RecordingJobQueue jobs;
    private Server server;
    private String base;
    private String memberToken;
    private String viewerToken;
    private volatile WebContent web;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        db = Database.open(DatabaseSettings.validated(Map.of(), home));
        users = new JdbcUserDirectory(db);
        memberToken = users.add("mel", Role.MEMBER, List.of()).token();
        viewerToken = users.add("vic", Role.VIEWER, List.of()).token();
        jobs = new RecordingJobQueue();
        ServerSettings settings = ServerSettings.validated(Map.of("http_port", 0), home);
        ApiHandler api = new ApiHandler(users, jobs, null, () -> Map.of("rank", ApiHandlerTest.TestRankRequest.class),
                command -> "[]", settings);
        server = new Server();
        ServerConnector c = RestServer.connector(server, settings);
        server.addConnector(c);
        server.setHandler(new Handler.Sequence(api, new WebPageHandler(() -> web)));
        server.setErrorHandler(new JsonErrorHandler());
        server.start();
        base = "http://127.0.0.1:" + c.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        db.close();
    }

    private HttpResponse<String> call(String method, String path, Map<String, String> headers, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> signIn(String user, String token) throws Exception {
        return call("POST", "/api/session", Map.of("Content-Type", "application/json"),
                "{\"user\":\"" + user + "\",\"token\":\"" + token + "\"}");
    }

    private static String cookieOf(HttpResponse<String> signIn) {
        String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    @Test
    void signInTradesTheTokenForAnHttpOnlyStrictCookie() throws Exception {
        HttpResponse<String> r = signIn("mel", memberToken);
        assertEquals(200, r.statusCode(), r.body());
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.startsWith(Sessions.COOKIE + "="), setCookie);
        for (String attribute : List.of("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800")) {
            assertTrue(setCookie.contains(attribute), attribute + " missing in " + setCookie);
        }
        assertFalse(setCookie.contains("Secure"), "plain HTTP on loopback: a Secure cookie would never come back");
        assertFalse(r.body().contains(memberToken), "the answer must not echo the token");
        assertEquals("member", json(r).get("role").getAsString());
        assertTrue(json(r).get("can_submit").getAsBoolean());

        String cookie = cookieOf(r);
        HttpResponse<String> me = call("GET", "/api/session", Map.of("Cookie", cookie), null);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("mel", json(me).get("user").getAsString());
        assertEquals(json(r).get("csrf_token").getAsString(), json(me).get("csrf_token").getAsString());
        assertEquals(200, call("GET", "/api/jobs", Map.of("Cookie", cookie), null).statusCode());
    }

    @Test
    void aWrongTokenOrAnotherUsersTokenIsRefused() throws Exception {
        HttpResponse<String> wrong = signIn("mel", "lmwb_0123456789abcdef_notthesecretnotthesecretnotthesecretnotth");
        assertEquals(401, wrong.statusCode());
        assertEquals("wrong user name or token", json(wrong).get("error").getAsString());
        assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty());
        HttpResponse<String> other = signIn("mel", viewerToken);
        assertEquals(401, other.statusCode(), "vic's token must not sign in as mel");
        HttpResponse<String> form = call("POST", "/api/session",
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "user=mel&token=" + memberToken);
        assertEquals(415, form.statusCode(), "a cross-site HTML form must not be able to sign in");
        assertEquals(401, call("GET", "/api/session", Map.of(), null).statusCode());
        assertEquals(401, call("GET", "/api/jobs", Map.of("Cookie", Sessions.COOKIE + "=forged"), null).statusCode());
    }

    @Test
    void aPasswordTheUserSetSignsItIn() throws Exception {
        users.setPassword("mel", "correct horse battery");
        HttpResponse<String> r = call("POST", "/api/session", Map.of("Content-Type", "application/json"),
                "{\"user\":\"mel\",\"password\":\"correct horse battery\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("mel", json(r).get("user").getAsString());
        assertTrue(r.headers().firstValue("Set-Cookie").orElseThrow().contains("HttpOnly"));
        HttpResponse<String> wrong = call("POST", "/api/session", Map.of("Content-Type", "application/json"),
                "{\"user\":\"mel\",\"password\":\"correct horse\"}");
        assertEquals(401, wrong.statusCode());
        assertEquals("wrong user name or password", json(wrong).get("error").getAsString());
        assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty());
        HttpResponse<String> other = call("POST", "/api/session", Map.of("Content-Type", "application/json"),
                "{\"user\":\"vic\",\"password\":\"correct horse battery\"}");
        assertEquals(401, other.statusCode(), "mel's password must not sign in as vic (who has none)");
        HttpResponse<String> neither = call("POST", "/api/session", Map.of("Content-Type", "application/json"),
                "{\"user\":\"mel\"}");
        assertEquals(400, neither.statusCode());
        assertEquals("give your user name and your token (an admin issues one with 'lmwb user token NAME') or the "
                + "password you set", json(neither).get("error").getAsString());
    }

    @Test
    void aSignedInUserSetsItsOwnPasswordWithItsCurrentToken() throws Exception {
        HttpResponse<String> r = signIn("vic", viewerToken);
        Map<String, String> headers = Map.of("Cookie", cookieOf(r), Sessions.CSRF_HEADER,
                json(r).get("csrf_token").getAsString(), "Content-Type", "application/json");
        // a session cookie alone is not enough: the current token (or password) too
        HttpResponse<String> noCurrent = call("POST", "/api/users/vic/password", headers, "{\"password\":\"a long passphrase\"}");
        assertEquals(403, noCurrent.statusCode(), noCurrent.body());
        assertEquals("wrong current token or password; give the token you signed in with or your current password",
                json(noCurrent).get("error").getAsString());
        HttpResponse<String> someoneElse = call("POST", "/api/users/mel/password", headers,
                "{\"password\":\"a long passphrase\",\"current\":\"" + viewerToken + "\"}");
        assertEquals(403, someoneElse.statusCode(), "a viewer sets only its own password");
        HttpResponse<String> tooShort = call("POST", "/api/users/vic/password", headers,
                "{\"password\":\"short\",\"current\":\"" + viewerToken + "\"}");
        assertEquals(400, tooShort.statusCode());
        assertEquals("a password needs at least 10 characters; choose a longer one", json(tooShort).get("error").getAsString());
        HttpResponse<String> noCsrf = call("POST", "/api/users/vic/password", Map.of("Cookie", cookieOf(r),
                "Content-Type", "application/json"), "{\"password\":\"a long passphrase\",\"current\":\"" + viewerToken + "\"}");
        assertEquals(403, noCsrf.statusCode(), "a forged request without the CSRF token");
        assertTrue(users.authenticatePassword("vic", "a long passphrase", "t").isEmpty(), "nothing set so far");

        HttpResponse<String> ok = call("POST", "/api/users/vic/password", headers,
                "{\"password\":\"a long passphrase\",\"current\":\"" + viewerToken + "\"}");
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(json(ok).get("password_set").getAsBoolean());
        assertEquals(200, call("POST", "/api/session", Map.of("Content-Type", "application/json"),
                "{\"user\":\"vic\",\"password\":\"a long passphrase\"}").statusCode());
        // and again, now with the password as the current secret
        assertEquals(200, call("POST", "/api/users/vic/password", headers,
                "{\"password\":\"another passphrase\",\"current\":\"a long passphrase\"}").statusCode());
        assertTrue(users.authenticatePassword("vic", "another passphrase", "t").isPresent());
    }

    @Test
    void everyStateChangingRequestNeedsTheSessionsCsrfToken() throws Exception {
        HttpResponse<String> r = signIn("mel", memberToken);
        String cookie = cookieOf(r);
        String csrf = json(r).get("csrf_token").getAsString();
        String job = "{\"command\":\"rank\",\"args\":{\"downsample\":200}}";

        HttpResponse<String> none = call("POST", "/api/jobs", Map.of("Cookie", cookie), job);
        assertEquals(403, none.statusCode(), none.body());
        assertEquals("missing or wrong CSRF token; reload the page", json(none).get("error").getAsString());
        assertEquals(403, call("POST", "/api/jobs", Map.of("Cookie", cookie, Sessions.CSRF_HEADER, csrf + "x"), job)
                .statusCode());
        assertEquals(403, call("DELETE", "/api/session", Map.of("Cookie", cookie), null).statusCode(),
                "a forged sign-out link must not sign the user out");
        assertTrue(jobs.submitted.isEmpty());

        HttpResponse<String> ok = call("POST", "/api/jobs", Map.of("Cookie", cookie, Sessions.CSRF_HEADER, csrf), job);
        assertEquals(202, ok.statusCode(), ok.body());
        assertEquals("mel", jobs.submitted.get(0).user());
    }

    @Test
    void aViewersForgedPostIsRefusedByTheServer() throws Exception {
        HttpResponse<String> r = signIn("vic", viewerToken);
        assertFalse(json(r).get("can_submit").getAsBoolean());
        Map<String, String> headers = Map.of("Cookie", cookieOf(r), Sessions.CSRF_HEADER,
                json(r).get("csrf_token").getAsString(), "Content-Type", "application/json");
        HttpResponse<String> forged = call("POST", "/api/jobs", headers, "{\"command\":\"rank\",\"args\":{}}");
        assertEquals(403, forged.statusCode(), forged.body());
        assertTrue(json(forged).get("error").getAsString().contains("cannot submit jobs"), forged.body());
        assertTrue(jobs.submitted.isEmpty());
    }

    @Test
    void signOutEndsTheSessionAndANewTokenEndsEveryOther() throws Exception {
        HttpResponse<String> r = signIn("mel", memberToken);
        String cookie = cookieOf(r);
        HttpResponse<String> out = call("DELETE", "/api/session",
                Map.of("Cookie", cookie, Sessions.CSRF_HEADER, json(r).get("csrf_token").getAsString()), null);
        assertEquals(200, out.statusCode(), out.body());
        assertTrue(out.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
        assertEquals(401, call("GET", "/api/jobs", Map.of("Cookie", cookie), null).statusCode());

        String again = cookieOf(signIn("mel", memberToken));
        users.newToken("mel");
        users.remove("mel");
        HttpResponse<String> gone = call("GET", "/api/jobs", Map.of("Cookie", again), null);
        assertEquals(401, gone.statusCode(), "a removed user's session must end");
    }

    @Test
    void thePageIsServedWithASameOriginPolicyAndNothingOutsideItsFolder(@TempDir Path pages) throws Exception {
        assertEquals(404, call("GET", "/", Map.of(), null).statusCode(), "no lmwb.web bundle: no page");
        Files.writeString(pages.resolve("index.html"), "<!doctype html><title>lmwb</title>");
        Files.createDirectories(pages.resolve("static"));
        Files.writeString(pages.resolve("static/app.js"), "console.log('lmwb')");
        web = path -> {
            Path p = pages.resolve(path.isEmpty() ? "index.html" : path);
            try {
                return Files.isRegularFile(p) ? Optional.of(p.toUri().toURL()) : Optional.<URL>empty();
            } catch (java.net.MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        };
        HttpResponse<String> page = call("GET", "/", Map.of(), null);
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(WebPageHandler.CONTENT_SECURITY_POLICY,
                page.headers().firstValue("Content-Security-Policy").orElseThrow());
        assertTrue(WebPageHandler.CONTENT_SECURITY_POLICY.contains("script-src 'self';"));
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
        HttpResponse<String> js = call("GET", "/static/app.js", Map.of(), null);
        assertEquals("text/javascript; charset=utf-8", js.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("console.log('lmwb')", js.body());
        assertEquals(400, call("GET", "/static/%2e%2e/index.html", Map.of(), null).statusCode(),
                "Jetty refuses an encoded '..' as an ambiguous path");
        HttpResponse<String> escape = call("GET", "/static/../../etc/hostname", Map.of(), null);
        assertTrue(escape.statusCode() == 400 || escape.statusCode() == 404, "Jetty refuses a path above the root (400), "
                + "or it normalizes to /etc/hostname, which is no page (404): " + escape.statusCode());
        assertEquals(404, call("GET", "/static/nothing.js", Map.of(), null).statusCode());
        assertEquals(404, call("POST", "/", Map.of(), "x").statusCode());
        assertEquals(401, call("GET", "/api/jobs", Map.of(), null).statusCode(), "the API still needs a sign-in");
    }
}
