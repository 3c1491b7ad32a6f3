package lmwb.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import lmwb.api.ProgressEvent;
import lmwb.api.jobs.Job;
import lmwb.api.jobs.JobEvent;
import lmwb.api.jobs.JobQueue;
import lmwb.api.jobs.JobState;
import lmwb.api.results.ResultPage;
import lmwb.api.results.ResultQuery;
import lmwb.api.results.ResultStore;
import lmwb.api.results.StoredResult;
import lmwb.api.users.DuplicateUserException;
import lmwb.api.users.IssuedToken;
import lmwb.api.users.Role;
import lmwb.api.users.UnknownUserException;
import lmwb.api.users.User;
import lmwb.api.users.UserDirectory;
import lmwb.common.json.Json;
import lmwb.common.json.Requests;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The REST API: routes {@code /api/...} requests, authenticates them, enforces roles, and answers JSON (errors as
 * {@code {"error": "..."}} with the CLI's one-line message). Every route is listed in {@link #ROUTES} and in the
 * OpenAPI document served at {@code /api/openapi.json}.
 */
final class ApiHandler extends Handler.Abstract {
    /** Every route: method and path template (as in the OpenAPI document). */
    static final List<String> ROUTES = List.of(
            "GET /api/health", "GET /api/openapi.json",
            "POST /api/session", "GET /api/session", "DELETE /api/session",
            "POST /api/jobs", "GET /api/jobs", "GET /api/jobs/{id}", "DELETE /api/jobs/{id}",
            "GET /api/jobs/{id}/events", "POST /api/jobs/{id}/resubmit",
            "GET /api/results", "GET /api/results/{id}", "GET /api/results/{id}/files",
            "GET /api/results/{id}/files/{name}",
            "GET /api/estimators", "GET /api/models", "GET /api/datasets", "POST /api/datasets",
            "GET /api/datasets/uploads", "GET /api/plugins", "POST /api/commands",
            "GET /api/users", "POST /api/users", "DELETE /api/users/{name}", "POST /api/users/{name}/token",
            "POST /api/users/{name}/password");

    /** Read-only commands a remote CLI may run through {@code POST /api/commands} (the CLI's own rendering). */
    static final List<String> READ_COMMANDS = List.of("results", "estimators", "models", "datasets", "plugins");

    private static final System.Logger LOG = System.getLogger("lmwb.rest");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern PLAIN_ARG = Pattern.compile("--?[a-z][a-z0-9-]*|[A-Za-z0-9][A-Za-z0-9._:,-]{0,127}");
    private static final int MAX_JOB_LIST = 1000;

    /** Runs one lmwb command in a Gogo session on the server and returns what it prints. */
    interface CommandLine {
        /**
         * @param command e.g. {@code lmwb:estimators --json}
         * @return the command's output
         * @throws Exception the command's failure
         */
        String run(String command) throws Exception;
    }

    /** The installed capabilities: name → request record type. */
    interface Capabilities {
        /** @return name → request type of every installed capability */
        Map<String, Class<? extends Record>> requestTypes();
    }

    private final UserDirectory users;
    private final JobQueue jobs;
    private final ResultStore results;
    private final Capabilities capabilities;
    private final CommandLine cli;
    private final ServerSettings settings;
    private final ServerPaths paths;
    private final Sessions sessions = new Sessions(java.time.Clock.systemUTC());
    private final byte[] openApi;

    ApiHandler(UserDirectory users, JobQueue jobs, ResultStore results, Capabilities capabilities, CommandLine cli,
            ServerSettings settings) {
        this.users = users;
        this.jobs = jobs;
        this.results = results;
        this.capabilities = capabilities;
        this.cli = cli;
        this.settings = settings;
        this.paths = new ServerPaths(settings.allowedFolders(), settings.home());
        try (InputStream in = ApiHandler.class.getResourceAsStream("openapi.json")) {
            this.openApi = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("lmwb.rest is broken: its openapi.json is missing", e);
        }
    }

    /** How much of a refused (too large) request body is read and dropped before answering 413. */
    static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            return false;
        }
        try {
            route(request, response, callback, path);
        } catch (Exception e) {
            fail(request, response, callback, e);
        }
        return true;
    }

    private void route(Request request, Response response, Callback callback, String path) throws Exception {
        List<String> seg = new ArrayList<>(Arrays.asList(path.substring(1).split("/", -1)));
        seg.remove(0);
        String method = request.getMethod();
        String first = seg.isEmpty() ? "" : seg.get(0);
        if (first.equals("health") && seg.size() == 1 && method.equals("GET")) {
            JsonObject o = new JsonObject();
            o.addProperty("status", "ok");
            o.addProperty("time", Instant.now().toString());
            o.addProperty("tls", settings.tls());
            o.add("capabilities", Json.COMPACT.toJsonTree(capabilities.requestTypes().keySet().stream().sorted().toList()));
            json(response, callback, 200, o);
            return;
        }
        if (first.equals("openapi.json") && seg.size() == 1 && method.equals("GET")) {
            send(response, callback, 200, "application/json", openApi);
            return;
        }
        if (first.equals("session") && seg.size() == 1) {
            session(request, response, callback, method);
            return;
        }
        User user = authenticate(request);
        switch (first) {
            case "jobs" -> jobs(request, response, callback, seg, method, user);
            case "results" -> results(request, response, callback, seg, method, user);
            case "estimators", "models", "plugins" -> {
                expect(seg.size() == 1 && method.equals("GET"), seg, method);
                send(response, callback, 200, "application/json",
                        bytes(paths.forCaller(cli.run("lmwb:" + first + " --json"), user)));
            }
            case "datasets" -> datasets(request, response, callback, seg, method, user);
            case "commands" -> {
                expect(seg.size() == 1 && method.equals("POST"), seg, method);
                commands(request, response, callback, user);
            }
            case "users" -> {
                if (seg.size() == 3 && seg.get(2).equals("password") && method.equals("POST")) {
                    password(request, response, callback, seg.get(1), user);
                } else {
                    usersRoute(request, response, callback, seg, method, user);
                }
            }
            default -> throw notFound(seg, method);
        }
    }

    // ---- authentication --------------------------------------------------------------------------------------

    private User authenticate(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        String source = Request.getRemoteAddr(request);
        if (header == null && sessionCookie(request) != null) {
            return sessionUser(request);
        }
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw new ApiException(401, "missing token; send 'Authorization: Bearer TOKEN' (an admin issues one "
                    + "with 'lmwb user token NAME')");
        }
        // the directory remembers verified tokens (one indexed read per call, a slow hash per token and cache period)
        Optional<User> user = users.authenticate(header.substring(7).strip(), source);
        if (user.isEmpty()) {
            Duration blocked = users.blockedFor(source);
            LOG.log(System.Logger.Level.WARNING, "authentication failed from " + source + " (" + request.getMethod()
                    + " " + Request.getPathInContext(request) + ")" + (blocked.isZero() ? "" : "; source blocked for "
                    + blocked.toSeconds() + " s"));
            throw new ApiException(401, blocked.isZero() ? "invalid or revoked token"
                    : "too many failed attempts from " + source + "; try again in " + Math.max(1, blocked.toSeconds()) + " s");
        }
        return user.get();
    }

    // ---- web page sessions (cookie + CSRF token) --------------------------------------------------------------

    /** {@code POST}: sign in with user name and token; {@code GET}: who is signed in; {@code DELETE}: sign out. */
    private void session(Request request, Response response, Callback callback, String method) throws Exception {
        switch (method) {
            case "POST" -> {
                String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
                if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                    // a cross-site form cannot send JSON without a CORS preflight, which this server never allows
                    throw new ApiException(415, "sign in with a JSON body {\"user\": NAME, \"token\": TOKEN} or "
                            + "{\"user\": NAME, \"password\": PASSWORD}");
                }
                JsonObject body = object(readBody(request));
                String name = string(body, "user");
                String token = string(body, "token");
                String password = string(body, "password");
                boolean byToken = token != null && !token.isBlank();
                if (name == null || name.isBlank() || (!byToken && (password == null || password.isEmpty()))) {
                    throw new ApiException(400, "give your user name and your token (an admin issues one with "
                            + "'lmwb user token NAME') or the password you set");
                }
                String source = Request.getRemoteAddr(request);
                Optional<User> user = byToken
                        ? users.authenticate(token.strip(), source).filter(u -> u.name().equals(name.strip()))
                        : users.authenticatePassword(name.strip(), password, source);
                if (user.isEmpty()) {
                    Duration blocked = users.blockedFor(source);
                    LOG.log(System.Logger.Level.WARNING, "web sign-in failed from " + source
                            + (blocked.isZero() ? "" : "; source blocked for " + blocked.toSeconds() + " s"));
                    throw new ApiException(401, blocked.isZero() ? "wrong user name or " + (byToken ? "token" : "password")
                            : "too many failed attempts from " + source + "; try again in "
                                    + Math.max(1, blocked.toSeconds()) + " s");
                }
                Sessions.Session s = sessions.open(user.get().name());
                response.getHeaders().add(HttpHeader.SET_COOKIE, Sessions.cookie(s, settings.tls()));
                json(response, callback, 200, sessionJson(user.get(), s));
            }
            case "GET" -> {
                if (sessionCookie(request) == null) {
                    throw new ApiException(401, "not signed in");
                }
                User user = sessionUser(request);
                json(response, callback, 200, sessionJson(user, sessions.find(sessionCookie(request)).orElseThrow()));
            }
            case "DELETE" -> {
                if (sessionCookie(request) != null) {
                    sessionUser(request);
                    sessions.close(sessionCookie(request));
                }
                response.getHeaders().add(HttpHeader.SET_COOKIE, Sessions.clearedCookie(settings.tls()));
                JsonObject o = new JsonObject();
                o.addProperty("signed_out", true);
                json(response, callback, 200, o);
            }
            default -> throw new ApiException(404, "no such endpoint: " + method + " /api/session; see /api/openapi.json");
        }
    }

    private JsonObject sessionJson(User user, Sessions.Session s) {
        JsonObject o = new JsonObject();
        o.addProperty("user", user.name());
        o.addProperty("role", user.role().id());
        o.addProperty("can_submit", user.role().canSubmitJobs());
        o.addProperty("is_admin", user.role().canManageUsers());
        o.addProperty("csrf_token", s.csrf());
        o.addProperty("expires", s.expires().toString());
        // the web page checks a dataset file against it before sending it (the upload itself is checked here too)
        o.addProperty("upload_limit_bytes", settings.uploadLimitBytes());
        return o;
    }

    private static String sessionCookie(Request request) {
        for (org.eclipse.jetty.http.HttpCookie c : Request.getCookies(request)) {
            if (c.getName().equals(Sessions.COOKIE) && !c.getValue().isBlank()) {
                return c.getValue();
            }
        }
        return null;
    }

    /**
     * The user of the request's session cookie, still in the directory (its current role); a state-changing request
     * must carry the session's CSRF token.
     */
    private User sessionUser(Request request) {
        Sessions.Session s = sessions.find(sessionCookie(request)).orElseThrow(() -> new ApiException(401,
                "not signed in, or the session expired; sign in again"));
        Optional<User> user = users.find(s.user());
        if (user.isEmpty()) {
            sessions.closeAll(s.user());
            throw new ApiException(401, "user " + s.user() + " no longer exists; sign in again");
        }
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")
                && !Sessions.csrfMatches(s, request.getHeaders().get(Sessions.CSRF_HEADER))) {
            LOG.log(System.Logger.Level.WARNING, "refused " + method + " " + Request.getPathInContext(request) + " of "
                    + s.user() + " from " + Request.getRemoteAddr(request) + ": missing or wrong CSRF token");
            throw new ApiException(403, "missing or wrong CSRF token; reload the page");
        }
        return user.get();
    }

    // ---- jobs ------------------------------------------------------------------------------------------------

    private void jobs(Request request, Response response, Callback callback, List<String> seg, String method,
            User user) throws Exception {
        if (seg.size() == 1 && method.equals("POST")) {
            if (!user.role().canSubmitJobs()) {
                throw new ApiException(403, user.name() + " is a " + user.role().id() + " and cannot submit jobs; "
                        + "ask an admin for the member role");
            }
            JsonObject body = object(readBody(request));
            String command = string(body, "command");
            if (command == null || command.isBlank()) {
                throw new ApiException(400, "missing \"command\"; send {\"command\": \"rank\", \"args\": {...}}");
            }
            Map<String, Class<? extends Record>> types = capabilities.requestTypes();
            Class<? extends Record> type = types.get(command);
            if (type == null) {
                throw new ApiException(400, "unknown command '" + command + "'; the server runs: "
                        + String.join(", ", types.keySet().stream().sorted().toList()));
            }
            JsonObject args = body.has("args") ? object(body.get("args"), "args").deepCopy() : new JsonObject();
            if (body.has("options")) {
                Map<String, String> options = new LinkedHashMap<>();
                for (Map.Entry<String, JsonElement> e : object(body.get("options"), "options").entrySet()) {
                    options.put(e.getKey(), e.getValue().isJsonPrimitive() ? e.getValue().getAsString()
                            : e.getValue().toString());
                }
                args = Requests.merge(args, Requests.fromOptions(type, command, options));
            }
            // the server, not the job, decides where its embedding runs (engine, spark_master: issue 19)
            lmwb.common.json.JobEmbedding.apply(settings.embeddingEngine(), settings.sparkMaster(), type, args);
            paths.check(args, user.name());
            Requests.decode(type, command, args);
            Job job = jobs.submit(user, command, args.toString());
            JsonObject o = new JsonObject();
            o.addProperty("id", job.id());
            o.addProperty("state", job.state().toString());
            response.getHeaders().put(HttpHeader.LOCATION, "/api/jobs/" + job.id());
            json(response, callback, 202, o);
            return;
        }
        if (seg.size() == 1 && method.equals("GET")) {
            Fields q = Request.extractQueryParameters(request);
            JobState state = q.getValue("state") == null ? null : JobState.parse(q.getValue("state"));
            int limit = intParam(q, "limit", 100, 1, MAX_JOB_LIST);
            JsonArray list = new JsonArray();
            for (Job j : jobs.list(state, blankToNull(q.getValue("user")), limit)) {
                list.add(job(j, user));
            }
            json(response, callback, 200, list);
            return;
        }
        long id = jobId(seg.size() > 1 ? seg.get(1) : "");
        if (seg.size() == 2 && method.equals("GET")) {
            jobStatus(request, response, callback, findJob(id), user);
        } else if (seg.size() == 2 && method.equals("DELETE")) {
            findJob(id);
            json(response, callback, 200, job(jobs.cancel(id, user), user));
        } else if (seg.size() == 3 && seg.get(2).equals("resubmit") && method.equals("POST")) {
            findJob(id);
            Job job = jobs.resubmit(id, user);
            JsonObject o = new JsonObject();
            o.addProperty("id", job.id());
            o.addProperty("state", job.state().toString());
            json(response, callback, 202, o);
        } else if (seg.size() == 3 && seg.get(2).equals("events") && method.equals("GET")) {
            events(response, callback, id, user);
        } else {
            throw notFound(seg, method);
        }
    }

    /**
     * A job's status with an entity tag: a client that polls and sends the tag back ({@code If-None-Match}) gets
     * {@code 304 Not Modified} without a body until the job changes (state or progress): an unchanged poll carries no
     * body for the client to read and parse.
     */
    private void jobStatus(Request request, Response response, Callback callback, Job job, User caller) {
        byte[] body = bytes(Json.COMPACT_WITH_NULLS.toJson(job(job, caller)));
        String tag = entityTag(body);
        response.getHeaders().put(HttpHeader.ETAG, tag);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        String match = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (match != null && Arrays.asList(match.split("\\s*,\\s*")).contains(tag)) {
            response.setStatus(304);
            callback.succeeded();
            return;
        }
        send(response, callback, 200, "application/json", body);
    }

    /** A strong entity tag of a body: 16 hex digits of its SHA-256. */
    static String entityTag(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(d, 0, 8) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    private Job findJob(long id) {
        return jobs.get(id).orElseThrow(() -> new ApiException(404, "no job " + id + "; GET /api/jobs lists them"));
    }

    private static long jobId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ApiException(404, "no job '" + shorten(text) + "'; job ids are numbers (GET /api/jobs)");
        }
    }

    /** Server-sent events: the job now, then every change, until it finishes; a comment every 15 s keeps it open. */
    private void events(Response response, Callback callback, long id, User caller) throws Exception {
        BlockingQueue<JobEvent> queue = new LinkedBlockingQueue<>();
        try (AutoCloseable subscription = jobs.listen(id, queue::add)) {
            Job now = findJob(id);
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            OutputStream out = Content.Sink.asOutputStream(response);
            writeEvent(out, "state", now, caller);
            Job last = now;
            while (!last.state().finished()) {
                JobEvent e = queue.poll(15, TimeUnit.SECONDS);
                if (e == null) {
                    Optional<Job> polled = jobs.get(id);
                    if (polled.isPresent() && polled.get().state().finished()) {
                        last = polled.get();
                        writeEvent(out, "state", last, caller);
                    } else {
                        out.write(": waiting\n\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    continue;
                }
                last = e.job();
                writeEvent(out, e.type(), last, caller);
            }
            out.close();
            callback.succeeded();
        } catch (IOException e) {
            callback.failed(e);
        }
    }

    private void writeEvent(OutputStream out, String type, Job job, User caller) throws IOException {
        out.write(("event: " + type + "\ndata: " + Json.COMPACT_WITH_NULLS.toJson(job(job, caller)) + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * @return a job as the API shows it to {@code caller}: its arguments and error without server paths unless the
     *     caller is an admin ({@link ServerPaths#forCaller}; an upload is {@code upload:NAME}, the Hugging Face cache
     *     in an error {@code <server path>/NAME})
     */
    private JsonObject job(Job j, User caller) {
        JsonObject o = new JsonObject();
        o.addProperty("id", j.id());
        o.addProperty("command", j.command());
        JsonElement args;
        try {
            args = JsonParser.parseString(j.args() == null ? "{}" : paths.forCaller(j.args(), caller));
        } catch (JsonParseException e) {
            args = new JsonObject();
        }
        o.add("args", args);
        o.addProperty("user", j.user());
        o.addProperty("state", j.state().toString());
        o.add("progress", progress(j.progress()));
        o.addProperty("result_id", j.resultId());
        o.addProperty("error", paths.forCaller(j.error(), caller));
        o.addProperty("submitted", time(j.submitted()));
        o.addProperty("started", time(j.started()));
        o.addProperty("finished", time(j.finished()));
        return o;
    }

    private static JsonElement progress(ProgressEvent p) {
        if (p == null) {
            return com.google.gson.JsonNull.INSTANCE;
        }
        JsonObject o = new JsonObject();
        o.addProperty("stage", p.stage());
        o.addProperty("done", p.done());
        o.addProperty("total", p.total());
        o.addProperty("unit", p.unit());
        o.addProperty("elapsed_seconds", p.elapsedNanos() / 1e9);
        return o;
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    // ---- results ---------------------------------------------------------------------------------------------

    private void results(Request request, Response response, Callback callback, List<String> seg, String method,
            User caller) throws Exception {
        expect(method.equals("GET"), seg, method);
        if (seg.size() == 1) {
            Fields q = Request.extractQueryParameters(request);
            Integer limit = q.getValue("limit") == null ? null : intParam(q, "limit", 50, 1, ResultQuery.MAX_LIMIT);
            ResultQuery query = new ResultQuery(blankToNull(q.getValue("kind")), blankToNull(q.getValue("dataset")),
                    blankToNull(q.getValue("model")), blankToNull(q.getValue("estimator")),
                    blankToNull(q.getValue("user")), instant(q, "from"), instant(q, "to"), limit,
                    blankToNull(q.getValue("cursor")), q.getValue("q"));
            ResultPage page = results.query(query);
            JsonArray list = new JsonArray();
            for (StoredResult r : page.results()) {
                list.add(result(r, caller));
            }
            JsonObject o = new JsonObject();
            o.add("results", list);
            o.addProperty("next_cursor", page.nextCursor());
            json(response, callback, 200, o);
            return;
        }
        StoredResult r = findResult(seg.get(1));
        if (seg.size() == 2) {
            Fields q = Request.extractQueryParameters(request);
            if ("text".equals(q.getValue("format"))) {
                String text = paths.forCaller(ServerPaths.forClient(cli.run("lmwb:results " + r.id()),
                        r.directory().getParent()), caller);
                send(response, callback, 200, "text/plain; charset=utf-8", bytes(text));
            } else {
                send(response, callback, 200, "application/json",
                        bytes(paths.forCaller(results.document(r.id()), caller)));
            }
        } else if (seg.size() == 3 && seg.get(2).equals("files")) {
            JsonArray names = new JsonArray();
            for (String name : files(r.directory())) {
                names.add(name);
            }
            json(response, callback, 200, names);
        } else if (seg.size() >= 4 && seg.get(2).equals("files")) {
            String name = String.join("/", seg.subList(3, seg.size()));
            Path file;
            try {
                file = results.file(r.id(), name);
            } catch (NoSuchFileException e) {
                throw new ApiException(404, "result " + r.id() + " has no file " + shorten(name));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "file name '" + shorten(name) + "' is not a file of result " + r.id());
            }
            if (!Files.isRegularFile(file)) {
                throw new ApiException(404, "result " + r.id() + " has no file " + shorten(name));
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType(name));
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Files.size(file));
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                Files.copy(file, out);
            }
            callback.succeeded();
        } else {
            throw notFound(seg, method);
        }
    }

    /** @return the names of a result folder's files (sub-folders with {@code /}), sorted */
    private static List<String> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).map(f -> folder.relativize(f).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    private StoredResult findResult(String id) throws IOException {
        if (!ID.matcher(id).matches()) {
            throw new ApiException(404, "no result '" + shorten(id) + "'; GET /api/results lists them");
        }
        return results.find(id).orElseThrow(() -> new ApiException(404, "no result '" + id
                + "'; GET /api/results lists them"));
    }

    /**
     * @return a stored result's row as the API lists it to {@code caller}: a dataset read from a file names it as
     *     {@link ServerPaths#forCaller} shows it (the caller's upload as {@code upload:NAME})
     */
    private JsonObject result(StoredResult r, User caller) {
        JsonObject o = new JsonObject();
        o.addProperty("id", r.id());
        o.addProperty("kind", r.kind());
        o.addProperty("created", time(r.created()));
        o.addProperty("user", r.user());
        o.addProperty("summary", paths.forCaller(r.summary(), caller));
        o.addProperty("dataset", paths.forCaller(r.dataset(), caller));
        o.add("models", Json.COMPACT.toJsonTree(r.models()));
        o.add("estimators", Json.COMPACT.toJsonTree(r.estimators()));
        o.addProperty("job_id", r.jobId());
        return o;
    }

    private static String contentType(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".json")) {
            return "application/json";
        } else if (n.endsWith(".svg")) {
            return "image/svg+xml";
        } else if (n.endsWith(".png")) {
            return "image/png";
        } else if (n.endsWith(".csv")) {
            return "text/csv; charset=utf-8";
        } else if (n.endsWith(".txt") || n.endsWith(".tsv") || n.endsWith(".md")) {
            return "text/plain; charset=utf-8";
        }
        return "application/octet-stream";
    }

    // ---- datasets and read-only commands ---------------------------------------------------------------------

    private void datasets(Request request, Response response, Callback callback, List<String> seg, String method,
            User user) throws Exception {
        if (seg.size() == 1 && method.equals("GET")) {
            // `datasets --json` prints the stored listing ({"kind": "datasets", "datasets": [...]}); the API answers
            // the list itself, like /api/estimators and /api/models
            JsonElement listing = JsonParser.parseString(cli.run("lmwb:datasets --json"));
            JsonElement list = listing.isJsonObject() && listing.getAsJsonObject().has("datasets")
                    ? listing.getAsJsonObject().get("datasets") : listing;
            send(response, callback, 200, "application/json", bytes(list.toString()));
        } else if (seg.size() == 1 && method.equals("POST")) {
            if (!user.role().canSubmitJobs()) {
                throw new ApiException(403, user.name() + " is a " + user.role().id() + " and cannot upload datasets");
            }
            Fields q = Request.extractQueryParameters(request);
            long declared = request.getLength();
            if (declared > settings.uploadLimitBytes()) {
                throw new ApiException(413, "upload larger than the server's limit of "
                        + settings.uploadLimitBytes() / (1024 * 1024) + " MB (upload_limit_mb)");
            }
            String name = q.getValue("name");
            Path stored = Uploads.store(paths.uploadFolder(user.name()), name, Content.Source.asInputStream(request),
                    settings.uploadLimitBytes(), "true".equals(q.getValue("replace")));
            JsonObject o = new JsonObject();
            o.addProperty("dataset", ServerPaths.UPLOAD_PREFIX + name);
            o.addProperty("name", name);
            o.addProperty("bytes", Files.size(stored));
            json(response, callback, 201, o);
        } else if (seg.size() == 2 && seg.get(1).equals("uploads") && method.equals("GET")) {
            JsonArray list = new JsonArray();
            for (String n : Uploads.list(paths.uploadFolder(user.name()))) {
                list.add(ServerPaths.UPLOAD_PREFIX + n);
            }
            json(response, callback, 200, list);
        } else {
            throw notFound(seg, method);
        }
    }

    private void commands(Request request, Response response, Callback callback, User caller) throws Exception {
        JsonObject body = object(readBody(request));
        JsonElement argv = body.get("argv");
        if (argv == null || !argv.isJsonArray() || argv.getAsJsonArray().isEmpty()) {
            throw new ApiException(400, "send {\"argv\": [\"results\", \"--json\"]}");
        }
        List<String> words = new ArrayList<>();
        for (JsonElement e : argv.getAsJsonArray()) {
            if (!e.isJsonPrimitive()) {
                throw new ApiException(400, "argv holds strings only");
            }
            words.add(e.getAsString());
        }
        if (!READ_COMMANDS.contains(words.get(0))) {
            throw new ApiException(400, "'" + shorten(words.get(0)) + "' cannot run through /api/commands; it runs "
                    + String.join(", ", READ_COMMANDS) + " (jobs: POST /api/jobs)");
        }
        for (String w : words.subList(1, words.size())) {
            if (!PLAIN_ARG.matcher(w).matches()) {
                throw new ApiException(400, "argument '" + shorten(w) + "' is not allowed here");
            }
        }
        String out = paths.forCaller(cli.run("lmwb:" + String.join(" ", words)), caller);
        JsonObject o = new JsonObject();
        o.addProperty("output", out);
        json(response, callback, 200, o);
    }

    // ---- users -----------------------------------------------------------------------------------------------

    private void usersRoute(Request request, Response response, Callback callback, List<String> seg, String method,
            User user) throws Exception {
        if (!user.role().canManageUsers()) {
            throw new ApiException(403, user.name() + " is a " + user.role().id() + "; only admins manage users");
        }
        if (seg.size() == 1 && method.equals("GET")) {
            JsonArray list = new JsonArray();
            for (User u : users.list()) {
                JsonObject o = new JsonObject();
                o.addProperty("user", u.name());
                o.addProperty("role", u.role().id());
                o.addProperty("created", u.created().toString());
                o.addProperty("ssh_keys", u.sshKeys().size());
                list.add(o);
            }
            json(response, callback, 200, list);
        } else if (seg.size() == 1 && method.equals("POST")) {
            JsonObject body = object(readBody(request));
            String name = string(body, "name");
            String role = string(body, "role");
            if (name == null || role == null) {
                throw new ApiException(400, "send {\"name\": NAME, \"role\": \"admin|member|viewer\", \"ssh_keys\": [...]}");
            }
            List<String> keys = new ArrayList<>();
            if (body.has("ssh_keys")) {
                JsonElement k = body.get("ssh_keys");
                if (!k.isJsonArray()) {
                    throw new ApiException(400, "\"ssh_keys\" must be a list of OpenSSH public key lines");
                }
                k.getAsJsonArray().forEach(e -> keys.add(e.getAsString()));
            }
            json(response, callback, 201, issued(users.add(name, Role.parse(role), keys)));
        } else if (seg.size() == 2 && method.equals("DELETE")) {
            users.remove(seg.get(1));
            sessions.closeAll(seg.get(1));
            JsonObject o = new JsonObject();
            o.addProperty("user", seg.get(1));
            o.addProperty("removed", true);
            json(response, callback, 200, o);
        } else if (seg.size() == 3 && seg.get(2).equals("token") && method.equals("POST")) {
            IssuedToken t = users.newToken(seg.get(1));
            sessions.closeAll(seg.get(1));
            json(response, callback, 200, issued(t));
        } else {
            throw notFound(seg, method);
        }
    }

    /**
     * Sets a user's password: the user itself or an admin. Through a web session (a cookie that could be left in
     * an unattended browser) the user also gives its current token or password.
     */
    private void password(Request request, Response response, Callback callback, String name, User user)
            throws Exception {
        boolean self = user.name().equals(name);
        if (!self && !user.role().canManageUsers()) {
            throw new ApiException(403, user.name() + " may set only its own password; an admin sets others'");
        }
        JsonObject body = object(readBody(request));
        String password = string(body, "password");
        if (password == null) {
            throw new ApiException(400, "send {\"password\": NEW, \"current\": YOUR TOKEN OR PASSWORD}");
        }
        boolean session = request.getHeaders().get(HttpHeader.AUTHORIZATION) == null;
        if (self && session) {
            String current = string(body, "current");
            String source = Request.getRemoteAddr(request);
            boolean ok = current != null && !current.isEmpty() && (current.startsWith("lmwb_")
                    ? users.authenticate(current.strip(), source).filter(u -> u.name().equals(name)).isPresent()
                    : users.authenticatePassword(name, current, source).isPresent());
            if (!ok) {
                throw new ApiException(403, "wrong current token or password; give the token you signed in with "
                        + "or your current password");
            }
        }
        users.setPassword(name, password);
        JsonObject o = new JsonObject();
        o.addProperty("user", name);
        o.addProperty("password_set", true);
        json(response, callback, 200, o);
    }

    private static JsonObject issued(IssuedToken t) {
        JsonObject o = new JsonObject();
        o.addProperty("user", t.user().name());
        o.addProperty("role", t.user().role().id());
        o.addProperty("token", t.token());
        return o;
    }

    // ---- plumbing --------------------------------------------------------------------------------------------

    private String readBody(Request request) throws IOException {
        long declared = request.getLength();
        long limit = settings.requestLimitBytes();
        if (declared > limit) {
            throw new ApiException(413, "request body larger than " + limit / 1024 + " KB");
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] b = new byte[8192];
            for (int r; (r = in.read(b)) > 0;) {
                buf.write(b, 0, r);
                if (buf.size() > limit) {
                    throw new ApiException(413, "request body larger than " + limit / 1024 + " KB");
                }
            }
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static JsonObject object(String text) {
        if (text.isBlank()) {
            throw new ApiException(400, "the request body is empty; send a JSON object");
        }
        try {
            return object(JsonParser.parseString(text), "the request body");
        } catch (JsonParseException e) {
            throw new ApiException(400, "the request body is not valid JSON");
        }
    }

    private static JsonObject object(JsonElement e, String what) {
        if (e == null || !e.isJsonObject()) {
            throw new ApiException(400, what + " must be a JSON object");
        }
        return e.getAsJsonObject();
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive()) {
            throw new ApiException(400, "\"" + key + "\" must be a string");
        }
        return e.getAsString();
    }

    private static int intParam(Fields q, String name, int dflt, int min, int max) {
        String v = q.getValue(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw new ApiException(400, name + " must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ApiException(400, name + " must be a whole number, got '" + shorten(v) + "'");
        }
    }

    private static Instant instant(Fields q, String name) {
        String v = q.getValue(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(v.strip());
        } catch (DateTimeParseException e) {
            throw new ApiException(400, name + " must be a time such as 2026-12-06T00:00:00Z, got '" + shorten(v) + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static void expect(boolean ok, List<String> seg, String method) {
        if (!ok) {
            throw notFound(seg, method);
        }
    }

    private static ApiException notFound(List<String> seg, String method) {
        return new ApiException(404, "no such endpoint: " + method + " /api/" + shorten(String.join("/", seg))
                + "; see /api/openapi.json");
    }

    private static String shorten(String s) {
        String one = s.replaceAll("[\\r\\n\\t]", " ");
        return one.length() > 60 ? one.substring(0, 60) + "..." : one;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void json(Response response, Callback callback, int status, JsonElement body) {
        send(response, callback, status, "application/json", bytes(Json.COMPACT_WITH_NULLS.toJson(body)));
    }

    private static void send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, java.nio.ByteBuffer.wrap(body), callback);
    }

    /** Maps a failure to its status and one-line message; unexpected failures are logged, never shown. */
    /**
     * Reads and drops what is left of a refused body (up to {@value #DRAIN_LIMIT} bytes) before the 413 answer: a
     * client that is still sending (no {@code Expect: 100-continue}) otherwise sees the connection close under it
     * and reports "no bytes" instead of the server's message (seen in ApiHandlerTest under load). A larger body is
     * cut off by closing the connection.
     */
    private static void drain(Request request) {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] b = new byte[64 * 1024];
            long left = DRAIN_LIMIT;
            for (int r; left > 0 && (r = in.read(b)) > 0;) {
                left -= r;
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or the body was already consumed: nothing to drain
        }
    }

    private static void fail(Request request, Response response, Callback callback, Exception e) {
        int status;
        String message = e.getMessage();
        if (e instanceof ApiException a) {
            status = a.status();
        } else if (e instanceof UnknownUserException) {
            status = 404;
        } else if (e instanceof DuplicateUserException) {
            status = 409;
        } else if (e instanceof IllegalArgumentException) {
            status = 400;
        } else if (e instanceof SecurityException) {
            status = 403;
        } else if (e instanceof NoSuchElementException) {
            status = 404;
        } else if (e instanceof IllegalStateException) {
            status = 409;
        } else {
            status = 500;
            LOG.log(System.Logger.Level.ERROR, "failed: " + request.getMethod() + " " + Request.getPathInContext(request)
                    + ": " + e, e);
            message = "internal error; the server's log says more";
        }
        if (message == null || message.isBlank()) {
            message = status == 500 ? "internal error" : e.getClass().getSimpleName();
        }
        message = message.lines().findFirst().orElse("").strip();
        if (status == 413) {
            drain(request);
        }
        if (response.isCommitted()) {
            callback.failed(e);
            return;
        }
        response.reset();
        Map<String, String> body = new HashMap<>();
        body.put("error", message);
        send(response, callback, status, "application/json", bytes(Json.COMPACT.toJson(body)));
    }
}
