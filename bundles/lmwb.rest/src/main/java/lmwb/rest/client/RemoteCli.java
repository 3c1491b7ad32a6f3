package lmwb.rest.client;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The remote command line: {@code runtime/lmwb COMMAND ...} with {@code LMWB_REMOTE=http://host:8421} and
 * {@code LMWB_TOKEN} (or {@code --remote URL} first). A capability ({@code rank}, {@code validate}, ...) is submitted as
 * a job with the option texts as given; its progress streams to stderr; the result is printed as the server's CLI
 * renders it ({@code --json}: the stored document). Read-only commands ({@code results}, {@code estimators},
 * {@code models}, {@code datasets}, {@code plugins}) print the server's own output; {@code user ...} goes to the
 * users API (admins). Exit codes as a local run: 0 ok, 1 failure, 2 bad usage, 130 cancelled (Ctrl-C cancels the
 * remote job). Runs in a plain JVM: no OSGi framework starts.
 */
public final class RemoteCli {
    private static final List<String> READ_COMMANDS = List.of("results", "estimators", "models", "datasets", "plugins");
    private static final Gson GSON = new Gson();

    private final URI base;
    private final String token;
    private final PrintStream out;
    private final PrintStream err;
    private final HttpClient http;
    private volatile Long activeJob;

    RemoteCli(URI base, String token, PrintStream out, PrintStream err) {
        this.base = base;
        this.token = token;
        this.out = out;
        this.err = err;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A failure with its exit status and one line for stderr. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Failure(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /**
     * @param args {@code [--remote URL] COMMAND [ARGS...]}
     */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        List<String> line = new ArrayList<>(List.of(args));
        String remote = System.getenv("LMWB_REMOTE");
        if (line.size() >= 2 && line.get(0).equals("--remote")) {
            remote = line.get(1);
            line.subList(0, 2).clear();
        } else if (!line.isEmpty() && line.get(0).startsWith("--remote=")) {
            remote = line.remove(0).substring("--remote=".length());
        }
        int status;
        try {
            if (remote == null || remote.isBlank()) {
                throw new Failure(2, "no server: set LMWB_REMOTE=http://host:8421 or pass --remote URL");
            }
            String token = System.getenv("LMWB_TOKEN");
            if (token == null || token.isBlank()) {
                throw new Failure(1, "LMWB_TOKEN is not set; ask an admin for your token ('lmwb user token NAME')");
            }
            if (line.isEmpty()) {
                throw new Failure(2, "give a command, e.g. 'runtime/lmwb rank --dataset sentiment-sentences'; the "
                        + "interactive shell of a server is 'ssh -p 8422 USER@HOST'");
            }
            URI base = URI.create(remote.endsWith("/") ? remote.substring(0, remote.length() - 1) : remote);
            if (base.getScheme() == null || !List.of("http", "https").contains(base.getScheme()) || base.getHost() == null) {
                throw new Failure(2, "LMWB_REMOTE '" + remote + "' is not an http(s) URL such as http://host:8421");
            }
            status = new RemoteCli(base, token.strip(), out, err).run(line);
        } catch (Failure f) {
            err.println("lmwb: error: " + f.getMessage());
            status = f.status;
        } catch (IllegalArgumentException e) {
            err.println("lmwb: error: " + e.getMessage());
            status = 2;
        }
        out.flush();
        err.flush();
        System.exit(status);
    }

    int run(List<String> line) throws Failure {
        String command = line.get(0);
        List<String> rest = line.subList(1, line.size());
        if (command.equals("user")) {
            return user(rest);
        }
        if (command.equals("results") && !rest.isEmpty() && rest.get(0).equals("download")) {
            return download(rest.subList(1, rest.size()));
        }
        if (READ_COMMANDS.contains(command)) {
            JsonObject body = new JsonObject();
            JsonArray argv = new JsonArray();
            line.forEach(argv::add);
            body.add("argv", argv);
            out.println(urls(object(send("POST", "/api/commands", body.toString())).get("output").getAsString()));
            return 0;
        }
        return job(command, rest);
    }

    // ---- jobs ------------------------------------------------------------------------------------------------

    private int job(String command, List<String> rest) throws Failure {
        Map<String, String> options = new LinkedHashMap<>();
        boolean json = false;
        JsonObject fileArgs = null;
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (!a.startsWith("--") || a.length() == 2) {
                throw new Failure(2, "unexpected argument '" + a + "'; options are --name value (runtime/lmwb help "
                        + command + " on the server lists them)");
            }
            String name = a.substring(2);
            String value = "true";
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < rest.size() && !rest.get(i + 1).startsWith("--")) {
                value = rest.get(++i);
            }
            switch (name) {
                case "json" -> json = true;
                case "request" -> fileArgs = requestFile(value);
                default -> options.put(name, value);
            }
        }
        JsonObject body = new JsonObject();
        body.addProperty("command", command);
        if (fileArgs != null) {
            body.add("args", fileArgs);
        }
        body.add("options", GSON.toJsonTree(options));
        JsonObject submitted;
        try {
            submitted = object(send("POST", "/api/jobs", body.toString()));
        } catch (Failure f) {
            throw f.getMessage().startsWith("unknown command") ? new Failure(2, f.getMessage()) : f;
        }
        long id = submitted.get("id").getAsLong();
        activeJob = id;
        installCancelOnInterrupt();
        err.println("lmwb: job " + id + " queued on " + base.getHost() + " (Ctrl-C cancels it)");
        JsonObject job = follow(id);
        activeJob = null;
        String state = job.get("state").getAsString();
        switch (state) {
            case "succeeded" -> {
                String resultId = string(job, "result_id");
                if (resultId == null) {
                    return 0;
                }
                if (json) {
                    out.println(send("GET", "/api/results/" + resultId, null));
                } else {
                    out.println(urls(send("GET", "/api/results/" + resultId + "?format=text", null).stripTrailing()));
                    err.println("lmwb: stored on the server as " + resultId + "; 'results download " + resultId
                            + "' copies its files here");
                }
                return 0;
            }
            case "cancelled" -> {
                err.println("lmwb: cancelled");
                return 130;
            }
            default -> throw new Failure(1, string(job, "error") == null ? "job " + id + " " + state : string(job, "error"));
        }
    }

    private static JsonObject requestFile(String file) throws Failure {
        try {
            JsonElement e = JsonParser.parseString(Files.readString(Path.of(file), StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new Failure(1, file + ": a request file holds one JSON object");
            }
            JsonObject o = e.getAsJsonObject();
            return o.has("args") && o.get("args").isJsonObject() ? o.getAsJsonObject("args") : o;
        } catch (NoSuchFileException e) {
            throw new Failure(1, "request file " + file + " does not exist");
        } catch (IOException e) {
            throw new Failure(1, "cannot read " + file + ": " + e.getMessage());
        } catch (JsonParseException e) {
            throw new Failure(1, file + " is not valid JSON");
        }
    }

    /** Follows the job's server-sent events, printing progress to stderr; returns the finished job. */
    private JsonObject follow(long id) throws Failure {
        HttpRequest req = request("/api/jobs/" + id + "/events").header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(130, "interrupted");
        }
        if (r.statusCode() != 200) {
            String body;
            try (InputStream in = r.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw failure(r.statusCode(), body);
        }
        String lastState = "";
        long lastProgress = 0;
        JsonObject job = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String l; (l = in.readLine()) != null;) {
                if (!l.startsWith("data:")) {
                    continue;
                }
                job = JsonParser.parseString(l.substring(5).strip()).getAsJsonObject();
                String state = job.get("state").getAsString();
                if (!state.equals(lastState)) {
                    if (state.equals("running")) {
                        err.println("lmwb: job " + id + " running");
                    }
                    lastState = state;
                }
                JsonElement p = job.get("progress");
                if (state.equals("running") && p != null && p.isJsonObject() && System.nanoTime() - lastProgress > 1_000_000_000L) {
                    JsonObject po = p.getAsJsonObject();
                    long total = po.get("total").getAsLong();
                    err.println("lmwb: " + string(po, "stage") + " " + po.get("done").getAsLong()
                            + (total > 0 ? "/" + total : "") + (string(po, "unit") == null ? "" : " " + string(po, "unit")));
                    lastProgress = System.nanoTime();
                }
                if (List.of("succeeded", "failed", "cancelled").contains(state)) {
                    return job;
                }
            }
        } catch (IOException e) {
            throw new Failure(1, "lost the connection to the server while job " + id + " ran (" + e.getMessage()
                    + "); the job goes on: GET /api/jobs/" + id);
        }
        throw new Failure(1, "the server closed the event stream of job " + id + " before it finished");
    }

    /** Ctrl-C cancels the remote job, then exits 130 as a local run does. */
    private void installCancelOnInterrupt() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> cancelAndExit());
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> cancelAndExit());
        } catch (IllegalArgumentException e) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::cancelActive));
        }
    }

    private void cancelAndExit() {
        cancelActive();
        err.println("lmwb: cancelled");
        err.flush();
        Runtime.getRuntime().halt(130);
    }

    private void cancelActive() {
        Long id = activeJob;
        if (id == null) {
            return;
        }
        try {
            send("DELETE", "/api/jobs/" + id, null);
            err.println("lmwb: job " + id + " cancelled on the server");
        } catch (Failure f) {
            err.println("lmwb: could not cancel job " + id + ": " + f.getMessage());
        }
    }

    // ---- result files ----------------------------------------------------------------------------------------

    /** API paths the server prints instead of its own file paths ({@code plot:}, {@code folder:}), without the host. */
    private static final java.util.regex.Pattern API_PATH = java.util.regex.Pattern.compile("(?<=^|[\\s\"'(])/api/results/",
            java.util.regex.Pattern.MULTILINE);

    /** @return the text with the server's API paths as URLs this client can open */
    String urls(String text) {
        return API_PATH.matcher(text).replaceAll(java.util.regex.Matcher.quoteReplacement(base + "/api/results/"));
    }

    /**
     * {@code results download ID [--to FOLDER]}: copies every file of a stored result into FOLDER (default
     * {@code ./ID}), each written to a temporary name first and then renamed, so an interrupted download leaves no
     * half file under a real name.
     */
    private int download(List<String> args) throws Failure {
        String id = null;
        Path to = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--to") && i + 1 < args.size()) {
                to = Path.of(args.get(++i));
            } else if (a.startsWith("--to=")) {
                to = Path.of(a.substring(5));
            } else if (a.startsWith("-") || id != null) {
                throw new Failure(2, "unexpected argument '" + a + "'; use: results download ID [--to FOLDER]");
            } else {
                id = a;
            }
        }
        if (id == null) {
            throw new Failure(2, "results download needs a result id (runtime/lmwb results lists them); use: results "
                    + "download ID [--to FOLDER]");
        }
        String encoded = java.net.URLEncoder.encode(id, StandardCharsets.UTF_8);
        JsonElement listed = JsonParser.parseString(send("GET", "/api/results/" + encoded + "/files", null));
        Path folder = (to == null ? Path.of(id) : to).toAbsolutePath().normalize();
        int n = 0;
        long bytes = 0;
        for (JsonElement e : listed.getAsJsonArray()) {
            String name = e.getAsString();
            Path target = folder.resolve(name).normalize();
            if (!target.startsWith(folder) || target.equals(folder)) {
                throw new Failure(1, "the server listed a file name outside the result's folder: " + name);
            }
            StringBuilder path = new StringBuilder("/api/results/").append(encoded).append("/files");
            for (String part : name.split("/")) {
                path.append('/').append(java.net.URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
            }
            byte[] content = sendBytes(path.toString());
            try {
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), ".download-", ".tmp");
                try {
                    Files.write(tmp, content);
                    Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException x) {
                throw new Failure(1, "cannot write " + target + ": " + x.getMessage());
            }
            n++;
            bytes += content.length;
        }
        out.println("downloaded " + n + " file" + (n == 1 ? "" : "s") + " of " + id + " (" + bytes + " bytes) into "
                + folder);
        return 0;
    }

    // ---- users -----------------------------------------------------------------------------------------------

    private int user(List<String> rest) throws Failure {
        boolean json = rest.contains("--json");
        String role = null;
        String sshKey = null;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (a.equals("--json")) {
                continue;
            } else if (a.equals("--role") && i + 1 < rest.size()) {
                role = rest.get(++i);
            } else if (a.equals("--ssh-key") && i + 1 < rest.size()) {
                sshKey = rest.get(++i);
            } else if (a.startsWith("--")) {
                throw new Failure(2, "unknown option " + a + " for user; use: user add NAME --role ROLE [--ssh-key FILE.pub], list, remove NAME, token NAME");
            } else {
                words.add(a);
            }
        }
        String action = words.isEmpty() ? "" : words.get(0);
        String name = words.size() > 1 ? words.get(1) : null;
        switch (action) {
            case "list" -> {
                JsonArray all = JsonParser.parseString(send("GET", "/api/users", null)).getAsJsonArray();
                if (json) {
                    out.println(all);
                } else if (all.isEmpty()) {
                    out.println("no users yet");
                } else {
                    List<String[]> rows = new ArrayList<>();
                    rows.add(new String[] {"USER", "ROLE", "CREATED", "SSH KEYS"});
                    rows.add(null);
                    for (JsonElement e : all) {
                        JsonObject u = e.getAsJsonObject();
                        rows.add(new String[] {string(u, "user"), string(u, "role"), string(u, "created"),
                            u.get("ssh_keys").getAsString()});
                    }
                    out.println(table(rows));
                }
                return 0;
            }
            case "add" -> {
                if (name == null) {
                    throw new Failure(1, "user add needs a user name: user add NAME --role ROLE");
                }
                if (role == null) {
                    throw new Failure(1, "user add needs --role; use one of: admin, member, viewer");
                }
                JsonObject body = new JsonObject();
                body.addProperty("name", name);
                body.addProperty("role", role);
                JsonArray keys = new JsonArray();
                if (sshKey != null) {
                    keyLines(sshKey).forEach(keys::add);
                }
                body.add("ssh_keys", keys);
                JsonObject issued = object(send("POST", "/api/users", body.toString()));
                printIssued(issued, json, "user " + name + " added (role " + string(issued, "role")
                        + (keys.isEmpty() ? "" : ", " + keys.size() + " ssh key" + (keys.size() == 1 ? "" : "s")) + ")");
                return 0;
            }
            case "remove" -> {
                require(name, action);
                send("DELETE", "/api/users/" + name, null);
                out.println(json ? "{\"user\":\"" + name + "\",\"removed\":true}" : "user " + name + " removed");
                return 0;
            }
            case "token" -> {
                require(name, action);
                printIssued(object(send("POST", "/api/users/" + name + "/token", null)), json,
                        "new token for " + name + " (the old one no longer works)");
                return 0;
            }
            default -> throw new Failure(1, "unknown action '" + action + "' for user; use: user add NAME --role ROLE "
                    + "[--ssh-key FILE.pub], list, remove NAME, token NAME");
        }
    }

    private static void require(String name, String action) throws Failure {
        if (name == null) {
            throw new Failure(1, "user " + action + " needs a user name: user " + action + " NAME");
        }
    }

    private void printIssued(JsonObject issued, boolean json, String what) {
        if (json) {
            out.println(issued);
            return;
        }
        String name = string(issued, "user");
        out.println(what + "\ntoken: " + string(issued, "token") + "\nthe token is shown only now: give it to " + name
                + " (LMWB_TOKEN); 'user token " + name + "' replaces a lost one");
    }

    private static List<String> keyLines(String file) throws Failure {
        Path p = Path.of(file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file);
        try {
            List<String> keys = Files.readAllLines(p, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            if (keys.isEmpty()) {
                throw new Failure(1, file + " holds no key; give an OpenSSH public key file (.pub)");
            }
            return keys;
        } catch (NoSuchFileException e) {
            throw new Failure(1, "ssh key file " + file + " does not exist; give a public key file such as ~/.ssh/id_ed25519.pub");
        } catch (IOException e) {
            throw new Failure(1, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String table(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; r != null && c < cols; c++) {
                w[c] = Math.max(w[c], r[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                String cell = r == null ? "-".repeat(w[c]) : r[c];
                b.append(c == cols - 1 ? cell : String.format("%-" + w[c] + "s  ", cell));
            }
            b.append('\n');
        }
        return b.toString().stripTrailing();
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .header("User-Agent", "lmwb-remote-cli");
    }

    private String send(String method, String path, String json) throws Failure {
        HttpRequest.Builder b = request(path).timeout(Duration.ofMinutes(5));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return new String(exchange(b.build()), StandardCharsets.UTF_8);
    }

    private byte[] sendBytes(String path) throws Failure {
        return exchange(request(path).timeout(Duration.ofMinutes(5)).GET().build());
    }

    /** @return the body of a 2xx answer; an unreachable server, an interrupt or an error status is a {@link Failure} */
    private byte[] exchange(HttpRequest request) throws Failure {
        HttpResponse<byte[]> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(130, "interrupted");
        }
        if (r.statusCode() >= 300) {
            throw failure(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    private Failure unreachable(IOException e) {
        String why = e instanceof ConnectException || e.getCause() instanceof ConnectException ? "connection refused"
                : e instanceof HttpConnectTimeoutException ? "connection timed out"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new Failure(1, "cannot reach the lmwb server at " + base + " (" + why + "); check LMWB_REMOTE and "
                + "that 'runtime/lmwb serve' runs there");
    }

    private static Failure failure(int status, String body) {
        String message;
        try {
            JsonObject o = JsonParser.parseString(body).getAsJsonObject();
            message = o.get("error").getAsString();
        } catch (RuntimeException e) {
            message = "the server answered HTTP " + status;
        }
        if (status == 401) {
            return new Failure(1, "the server refused the token (" + message + "); check LMWB_TOKEN");
        }
        return new Failure(1, message);
    }

    private static JsonObject object(String body) throws Failure {
        try {
            return JsonParser.parseString(body).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new Failure(1, "the server's answer is not JSON; is LMWB_REMOTE an lmwb server?");
        }
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
