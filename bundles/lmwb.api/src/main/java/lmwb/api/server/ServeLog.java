package lmwb.api.server;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one log of the serve mode's own lines: where the server listens, warnings about its settings, that it stops.
 * Every bundle of the server (the serve mode, the HTTP API, the SSH shell) writes them here, in one format, to stderr —
 * never to stdout, which carries results:
 * <ul>
 * <li>{@code lmwb serve: MESSAGE} ({@link #info}),
 * <li>{@code lmwb serve: WARNING: MESSAGE} ({@link #warning}),
 * <li>{@code lmwb: error: MESSAGE} ({@link #error}: a server that cannot start, in the command line's error format).
 * </ul>
 * An API token in a message ({@code lmwb_<id>_<secret>}) is cut to its id, {@code lmwb_<id>_...}, so that no secret
 * reaches a log. Each message is one line; thread-safe.
 */
public final class ServeLog {
    /** The prefix of the serve mode's lines. */
    public static final String PREFIX = "lmwb serve: ";
    /** A token as lmwb.users issues them: 16 hex digits of id, then the base64url secret. */
    private static final Pattern TOKEN = Pattern.compile("lmwb_([0-9a-f]{16})_[A-Za-z0-9_-]+");

    private final PrintStream out;

    /** @param out where the lines go (the process's stderr in the server; a buffer in tests) */
    public ServeLog(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** @return a log on the process's standard error (its file descriptor, whatever {@code System.err} is now) */
    public static ServeLog stderr() {
        return new ServeLog(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
    }

    /** @param message what the server does, e.g. {@code REST API on http://127.0.0.1:8421/api} */
    public void info(String message) {
        line(PREFIX + message);
    }

    /** @param message something an admin should change or know (an unencrypted port, a slow stop) */
    public void warning(String message) {
        line(PREFIX + "WARNING: " + message);
    }

    /** @param message why the server cannot start (a setting, a port): one line that says what to do */
    public void error(String message) {
        line("lmwb: error: " + message);
    }

    /**
     * @param text any text
     * @return the text with every API token cut to its id
     */
    public static String redacted(String text) {
        return TOKEN.matcher(text).replaceAll("lmwb_$1_...");
    }

    private void line(String text) {
        String one = redacted(text).replaceAll("\\R", " ");
        synchronized (out) {
            out.println(one);
            out.flush();
        }
    }
}
