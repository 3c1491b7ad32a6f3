package lmwb.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lmwb.api.server.ClientPaths;
import lmwb.api.users.Role;
import lmwb.api.users.User;
import lmwb.common.json.JobEmbedding;

/**
 * Keeps remote users off the server's file system: in a job's arguments, every text that names a server path
 * (absolute, {@code ~}, a {@code ..} step, or an existing file relative to the server's working folder) is refused
 * unless it lies in the user's upload folder or a folder the administrator allows; {@code upload:NAME} is
 * replaced by the user's uploaded file. {@code --out} must name an allowed folder. The refusal never reads or
 * quotes the file. What the server answers a remote user who is not an admin names no server path
 * ({@link #forCaller}).
 */
final class ServerPaths {
    /** How a job names one of the user's uploads. */
    static final String UPLOAD_PREFIX = "upload:";

    private final List<Path> allowed;
    private final Path home;
    private final Path uploads;

    /**
     * @param allowed the folders the administrator allows remote users to name files in
     * @param home the server's home: uploads in {@code home/uploads/USER}, results in {@code home/results}
     */
    ServerPaths(List<Path> allowed, Path home) {
        this.allowed = List.copyOf(allowed);
        this.home = home;
        this.uploads = home.resolve("uploads");
    }

    /**
     * Text the server's command line printed, as a remote client sees it: paths into a result's folder become API
     * paths ({@link lmwb.api.server.ClientPaths#resultFiles}).
     *
     * @param text what a command printed
     * @param resultsRoot the folder of result folders on the server
     * @return the text without paths into {@code resultsRoot}
     */
    static String forClient(String text, Path resultsRoot) {
        return ClientPaths.resultFiles(text, resultsRoot);
    }

    /**
     * Text the server sends to one caller (a command's output, a job's error and arguments): an admin sees the
     * server's paths, except that paths into a result's folder are API paths ({@link #forClient}); anyone else sees
     * them as {@link ClientPaths#forUser} shows them (no path outside the allowed folders).
     *
     * @param text what the server would send
     * @param caller who asked
     * @return the text as {@code caller} may see it
     */
    String forCaller(String text, User caller) {
        if (text == null) {
            return null;
        }
        return caller.role() == Role.ADMIN ? forClient(text, home.resolve("results"))
                : ClientPaths.forUser(text, home, caller.name(), allowed);
    }

    /** @return the upload folder of one user */
    Path uploadFolder(String user) {
        return uploads.resolve(user);
    }

    /**
     * @param args a job's arguments (changed in place: {@code upload:NAME} becomes the file's path)
     * @param user who submits it
     * @throws ApiException 400 for a path that tries to climb, 403 for a server path outside the allowed folders
     */
    void check(JsonObject args, String user) {
        for (Map.Entry<String, JsonElement> e : args.entrySet()) {
            String key = e.getKey().replace('-', '_');
            if (key.equals(JobEmbedding.ENGINE) || key.equals(JobEmbedding.SPARK_MASTER)) {
                // the server's own choice (JobEmbedding), never a path: 'spark' named the repository's spark/ folder
                continue;
            }
            e.setValue(checked(key, e.getValue(), user));
        }
    }

    private JsonElement checked(String key, JsonElement value, String user) {
        if (value.isJsonArray()) {
            JsonArray out = new JsonArray();
            for (JsonElement v : value.getAsJsonArray()) {
                out.add(checked(key, v, user));
            }
            return out;
        }
        if (value.isJsonObject()) {
            JsonObject o = value.getAsJsonObject();
            for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                e.setValue(checked(key, e.getValue(), user));
            }
            return o;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            return value;
        }
        String text = value.getAsString();
        if (key.equals("out")) {
            return new JsonPrimitive(allowedPath(key, text, user, true).toString());
        }
        if (text.startsWith(UPLOAD_PREFIX)) {
            String name = text.substring(UPLOAD_PREFIX.length());
            if (!Uploads.validName(name)) {
                throw new ApiException(400, option(key) + ": '" + text + "' is not an upload name; see GET /api/datasets/uploads");
            }
            Path p = uploadFolder(user).resolve(name);
            if (!Files.isRegularFile(p)) {
                throw new ApiException(404, option(key) + ": you have no upload named " + name
                        + "; upload it with POST /api/datasets?name=" + name);
            }
            return new JsonPrimitive(p.toString());
        }
        if (looksLikePath(text)) {
            return new JsonPrimitive(allowedPath(key, text, user, false).toString());
        }
        return value;
    }

    private static boolean looksLikePath(String text) {
        if (text.startsWith("/") || text.startsWith("~") || text.startsWith("\\") || text.contains("..")
                || text.contains("\\") || text.contains("\0")) {
            return true;
        }
        try {
            return !text.isEmpty() && Files.exists(Path.of(text));
        } catch (InvalidPathException e) {
            return true;
        }
    }

    private Path allowedPath(String key, String text, String user, boolean out) {
        Path p;
        try {
            p = Path.of(text);
        } catch (InvalidPathException e) {
            throw new ApiException(400, option(key) + ": not a valid path");
        }
        for (Path part : p) {
            if (part.toString().equals("..")) {
                throw new ApiException(400, option(key) + ": a path with '..' is not allowed; name a dataset from "
                        + "the catalogue, one of your uploads (upload:NAME) or a file under an allowed folder");
            }
        }
        if (p.isAbsolute()) {
            Path n = p.normalize();
            if (!out && n.startsWith(uploadFolder(user))) {
                return n;
            }
            for (Path a : allowed) {
                if (n.startsWith(a)) {
                    return n;
                }
            }
        }
        throw new ApiException(403, option(key) + ": server paths are not allowed"
                + (out ? "; --out must name a folder under one the administrator allows (allowed_folders)"
                        : "; name a dataset or model from the catalogue, one of your uploads (upload:NAME) or a file "
                        + "under a folder the administrator allows (allowed_folders)"));
    }

    private static String option(String key) {
        return "--" + key.replace('_', '-');
    }
}
