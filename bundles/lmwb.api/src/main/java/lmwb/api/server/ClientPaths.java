package lmwb.api.server;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a remote user sees of the server's paths in a command's text (the REST API's text answers, the remote CLI, the
 * SSH shell of a user who is not an admin): a remote user cannot open a server path, and should not learn the
 * server's layout from one.
 * <ul>
 * <li>a path into a result's folder ({@code RESULTS/ID/NAME}, e.g. a {@code plot:} line) becomes the API path of that
 * file, {@code /api/results/ID/files/NAME}, and the folder itself ({@code folder:}) {@code /api/results/ID/files},
 * the listing of its files ({@link #resultFiles});
 * <li>a file the user uploaded ({@code HOME/uploads/USER/NAME}) becomes {@code upload:NAME}, as jobs name it;
 * <li>any other path under the server's home becomes {@code LMWB_HOME/...} (the embedding cache, extracted models);
 * <li>an absolute path anywhere else ({@code /srv/models/my-onnx}, {@code file:/opt/lmwb/deploy/x.jar}, the Hugging
 * Face cache in a failed job's error) becomes {@code <server path>/NAME}: the file or folder's name, which says what
 * is meant, without the folders above it. Paths under a folder the administrator allows ({@code allowed_folders})
 * stay, since remote users name files there themselves; so do API paths ({@code /api/...}) and {@code /dev/...}.
 * </ul>
 */
public final class ClientPaths {
    /** A result id in a path: as the result store names its folders. */
    private static final String RESULT_ID = "([A-Za-z0-9][A-Za-z0-9._-]{0,127})";
    /** The rest of a path: up to white space, quotes or punctuation that ends a path in a sentence. */
    private static final String REST = "((?:/[^\\s\"',;()]+)*)";
    /** What an absolute path outside every known root becomes, followed by its name. */
    public static final String SERVER_PATH = "<server path>";
    /**
     * An absolute path in a sentence: at the start of the text or after white space, a quote, a bracket or '=', with
     * any URI schemes before it ({@code file:}, Felix's {@code reference:file:}); never a URL's {@code //host}.
     */
    private static final Pattern ABSOLUTE = Pattern.compile(
            "(?<![^\\s\"'(\\[=<])(?:[a-z]+:)*(/(?![/\\s])[^\\s\"',;()<>\\[\\]]*)");

    private ClientPaths() {
    }

    /**
     * @param text what a command printed
     * @param resultsRoot the folder of result folders on the server
     * @return the text with paths into {@code resultsRoot} as API paths ({@code /api/results/ID/files[/NAME]})
     */
    public static String resultFiles(String text, Path resultsRoot) {
        Matcher m = Pattern.compile(Pattern.quote(resultsRoot.toString()) + "/" + RESULT_ID + REST + "/?").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("/api/results/" + m.group(1) + "/files" + m.group(2)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * {@link #forUser(String, Path, String, List)} on a server without allowed folders.
     *
     * @param text what a command printed for a remote user
     * @param home the server's home
     * @param user the remote user
     * @return the text without the server's paths
     */
    public static String forUser(String text, Path home, String user) {
        return forUser(text, home, user, List.of());
    }

    /**
     * @param text what a command printed for a remote user
     * @param home the server's home ({@code LMWB_HOME}): results in {@code home/results}, uploads in
     *     {@code home/uploads/USER}
     * @param user the remote user
     * @param allowed the folders the administrator allows remote users to name files in (absolute); paths under them
     *     stay
     * @return the text without the server's paths: those under {@code home} as the class describes, any other
     *     absolute path outside {@code allowed} as {@code <server path>/NAME}
     * @since 1.4
     */
    public static String forUser(String text, Path home, String user, List<Path> allowed) {
        String h = home.toAbsolutePath().normalize().toString();
        String s = text;
        if (text.contains(h)) {
            s = resultFiles(s, Path.of(h, "results"));
            s = s.replace("file:" + h + "/", "LMWB_HOME/");
            Matcher m = Pattern.compile(Pattern.quote(h + "/uploads/" + user + "/") + "([^\\s\"',;()/]+)").matcher(s);
            s = m.replaceAll(r -> Matcher.quoteReplacement("upload:" + r.group(1)));
            s = Pattern.compile(Pattern.quote(h) + "(?=[/\\s\"',;()]|$)").matcher(s).replaceAll("LMWB_HOME");
        }
        if (!s.contains("/")) {
            return s;
        }
        return ABSOLUTE.matcher(s).replaceAll(r -> Matcher.quoteReplacement(outsideHome(r.group(), r.group(1), allowed)));
    }

    /**
     * @param match an absolute path as found, with its URI schemes
     * @param path the path alone, perhaps followed by punctuation that ends a sentence or a label ({@code .}, {@code :})
     * @return the path as a remote user sees it
     */
    private static String outsideHome(String match, String path, List<Path> allowed) {
        String bare = path.replaceAll("[.:]+$", "");
        String after = path.substring(bare.length());
        if (bare.startsWith("/api/") || bare.startsWith("/dev/")) {
            return match;
        }
        Path p;
        try {
            p = Path.of(bare).normalize();
        } catch (InvalidPathException e) {
            return SERVER_PATH + after;
        }
        for (Path a : allowed) {
            if (p.startsWith(a.toAbsolutePath().normalize())) {
                return match;
            }
        }
        return (p.getFileName() == null ? SERVER_PATH : SERVER_PATH + "/" + p.getFileName()) + after;
    }
}
