package lmwb.shell;

import java.io.PrintStream;
import java.util.Locale;
import lmwb.api.ProgressEvent;
import lmwb.api.ProgressListener;

/**
 * Renders progress events as one self-overwriting status line on standard error (so standard output
 * stays clean for {@code --json}). Updates are throttled to a few per second; a stage's final event
 * ends its line.
 */
public final class ConsoleProgress implements ProgressListener {
    private static final long MIN_INTERVAL_NANOS = 200_000_000L;
    private final PrintStream out;
    private long lastPrint;
    private String lastStage;

    /** A console progress line on {@code System.err}. */
    public ConsoleProgress() {
        this(System.err);
    }

    /** @param out where to draw the line */
    public ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void onProgress(ProgressEvent e) {
        long now = System.nanoTime();
        boolean finished = e.total() > 0 && e.done() >= e.total();
        boolean newStage = !e.stage().equals(lastStage);
        if (!finished && !newStage && now - lastPrint < MIN_INTERVAL_NANOS) {
            return;
        }
        lastPrint = now;
        lastStage = e.stage();
        out.print("\r" + line(e) + "\u001b[K");
        if (finished) {
            out.println();
        }
        out.flush();
    }

    static String line(ProgressEvent e) {
        StringBuilder sb = new StringBuilder(e.stage()).append(' ');
        if (e.total() > 0) {
            int width = 24;
            int filled = (int) Math.round(e.fraction() * width);
            sb.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ");
            sb.append(e.done()).append('/').append(e.total()).append(' ').append(e.unit());
            double secs = e.elapsedNanos() / 1e9;
            if (secs > 0 && e.done() > 0) {
                sb.append(String.format(Locale.ROOT, "  %.1f %s/s", e.done() / secs, e.unit()));
            }
            double eta = e.etaSeconds();
            if (!Double.isNaN(eta) && e.done() < e.total()) {
                sb.append(String.format(Locale.ROOT, "  ETA %ds", Math.round(eta)));
            }
        } else {
            sb.append(e.done()).append(' ').append(e.unit());
        }
        return sb.toString();
    }
}
