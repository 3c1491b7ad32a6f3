package lmwb.api.server;

import java.nio.file.Path;
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
 * <li>any other path under the server's home becomes {@code LMWB_HOME/...} (the embedding cache, extracted models).
 * </ul>
 */
public final class ClientPaths {
    /** A result id in a path: as the result store names its folders. */
    private static final String RESULT_ID = "([A-Za-z0-9][A-Za-z0-9._-]{0,127})";
    /** The rest of a path: up to white space, quotes or punctuation that ends a path in a sentence. */
    private static final String REST = "((?:/[^\\s\"',;()]+)*)";

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
     * @param text what a command printed for a remote user
     * @param home the server's home ({@code LMWB_HOME}): results in {@code home/results}, uploads in
     *     {@code home/uploads/USER}
     * @param user the remote user
     * @return the text without the server's paths under {@code home}
     */
    public static String forUser(String text, Path home, String user) {
        String h = home.toAbsolutePath().normalize().toString();
        if (!text.contains(h)) {
            return text;
        }
        String s = resultFiles(text, Path.of(h, "results"));
        s = s.replace("file:" + h + "/", "LMWB_HOME/");
        Matcher m = Pattern.compile(Pattern.quote(h + "/uploads/" + user + "/") + "([^\\s\"',;()/]+)").matcher(s);
        s = m.replaceAll(r -> Matcher.quoteReplacement("upload:" + r.group(1)));
        return Pattern.compile(Pattern.quote(h) + "(?=[/\\s\"',;()]|$)").matcher(s).replaceAll("LMWB_HOME");
    }
}
