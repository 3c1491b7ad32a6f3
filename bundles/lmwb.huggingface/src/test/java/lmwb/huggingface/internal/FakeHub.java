package lmwb.huggingface.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face hub on the loopback interface, answering like the real one (as {@code huggingface_hub}
 * expects it): {@code /{repo}/resolve/{revision}/{file}} gives {@code X-Repo-Commit}; small files answer
 * 200 with their git blob sha1 as {@code ETag}; LFS files answer 302 to a content address on another host
 * name of the same loopback server ({@code localhost}) with {@code X-Linked-Etag} (the sha256) and
 * {@code X-Linked-Size}; content supports {@code Range} (206); errors carry {@code X-Error-Code}; renamed
 * repositories answer 307 with a relative {@code Location}. Faults can be injected: a dropped connection
 * and corrupt content.
 */
final class FakeHub implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    /** One repository. */
    record Repo(String commit, Map<String, byte[]> files, Set<String> lfs) {
    }

    private final HttpServer server;
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, String> renames = new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private volatile int dropFirstContentAfter = -1;
    private final AtomicBoolean dropped = new AtomicBoolean();
    private volatile boolean corruptContent;

    FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return the hub's address, on 127.0.0.1 */
    String endpoint() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    void add(String repoId, Repo repo) {
        repos.put(repoId, repo);
    }

    /** Requests for {@code oldId} are redirected (307, relative Location) to {@code newId}, as for a renamed repo. */
    void rename(String oldId, String newId) {
        renames.put(oldId, newId);
    }

    /** The first content GET sends this many bytes, then the connection is dropped. */
    void dropFirstContentAfter(int bytes) {
        dropFirstContentAfter = bytes;
        dropped.set(false);
    }

    /** Content of LFS files is served with one byte changed (the announced etag stays). */
    void corruptContent(boolean corrupt) {
        corruptContent = corrupt;
    }

    /** @return "METHOD path [Range]" of every request so far */
    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** @return "host path authorization-or-dash" of every request so far */
    List<String> authorizations() {
        synchronized (authorizations) {
            return List.copyOf(authorizations);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String range = exchange.getRequestHeaders().getFirst("Range");
            requests.add(exchange.getRequestMethod() + " " + path + (range == null ? "" : " " + range));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(exchange.getRequestHeaders().getFirst("Host") + " " + path + " "
                    + (authorization == null ? "-" : authorization));
            if (path.startsWith("/cdn/")) {
                content(exchange, path.substring("/cdn/".length()), range);
            } else {
                resolve(exchange, path);
            }
        }
    }

    private void resolve(HttpExchange exchange, String path) throws IOException {
        List<String> parts = Arrays.asList(path.substring(1).split("/"));
        int at = parts.indexOf("resolve");
        if (at < 1 || at + 2 >= parts.size()) {
            error(exchange, 404, null);
            return;
        }
        String repoId = String.join("/", parts.subList(0, at));
        String revision = URLDecoder.decode(parts.get(at + 1), StandardCharsets.UTF_8);
        String file = String.join("/", parts.subList(at + 2, parts.size()));
        String renamed = renames.get(repoId);
        if (renamed != null) {
            exchange.getResponseHeaders().set("Location", "/" + renamed + path.substring(1 + repoId.length()));
            exchange.sendResponseHeaders(307, -1);
            return;
        }
        Repo repo = repos.get(repoId);
        if (repo == null) {
            error(exchange, 404, "RepoNotFound");
            return;
        }
        if (!revision.equals("main") && !revision.equals(repo.commit())) {
            error(exchange, 404, "RevisionNotFound");
            return;
        }
        byte[] content = repo.files().get(file);
        if (content == null) {
            error(exchange, 404, "EntryNotFound");
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("X-Repo-Commit", repo.commit());
        if (repo.lfs().contains(file)) {
            String sha = TinyModel.sha256(content);
            headers.set("X-Linked-Etag", "\"" + sha + "\"");
            headers.set("X-Linked-Size", Long.toString(content.length));
            // The real hub's ETag here is the pointer file's git sha1; X-Linked-Etag must win.
            headers.set("ETag", "\"" + TinyModel.gitSha1(("pointer " + sha).getBytes(StandardCharsets.UTF_8)) + "\"");
            // The content lives on another host name (as the hub's CDN does); both names are the loopback interface.
            headers.set("Location", "http://localhost:" + server.getAddress().getPort() + "/cdn/" + sha);
            exchange.sendResponseHeaders(302, -1);
            return;
        }
        headers.set("ETag", "\"" + TinyModel.gitSha1(content) + "\"");
        if (exchange.getRequestMethod().equals("HEAD")) {
            headers.set("Content-Length", Long.toString(content.length));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, content.length);
        exchange.getResponseBody().write(content);
    }

    private void content(HttpExchange exchange, String sha, String range) throws IOException {
        byte[] content = null;
        for (Repo repo : repos.values()) {
            for (String name : repo.lfs()) {
                if (TinyModel.sha256(repo.files().get(name)).equals(sha)) {
                    content = repo.files().get(name);
                }
            }
        }
        if (content == null) {
            error(exchange, 404, null);
            return;
        }
        if (corruptContent) {
            content = content.clone();
            content[content.length / 2] ^= 0x55;
        }
        int start = 0;
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (m != null && m.matches()) {
            start = Integer.parseInt(m.group(1));
            if (start >= content.length) {
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Range",
                    "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
        }
        exchange.getResponseHeaders().set("ETag", "\"" + sha + "\"");
        int length = content.length - start;
        exchange.sendResponseHeaders(start > 0 ? 206 : 200, length);
        OutputStream body = exchange.getResponseBody();
        int limit = dropFirstContentAfter;
        if (limit >= 0 && limit < length && dropped.compareAndSet(false, true)) {
            body.write(content, start, limit);
            body.flush();
            // Closing with bytes still owed makes the server close the connection: the client sees it cut.
            return;
        }
        body.write(content, start, length);
    }

    private static void error(HttpExchange exchange, int status, String code) throws IOException {
        if (code != null) {
            exchange.getResponseHeaders().set("X-Error-Code", code);
            exchange.getResponseHeaders().set("X-Error-Message", code + " (fake hub)");
        }
        exchange.sendResponseHeaders(status, -1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
