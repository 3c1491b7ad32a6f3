package lmwb.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import lmwb.api.server.ClientPaths;

/**
 * The output of an SSH user who is not an admin: each line as {@link ClientPaths#forUser} shows it (a result's files
 * as {@code /api/results/ID/files/NAME}, the user's uploads as {@code upload:NAME}, other paths under the server's
 * home as {@code LMWB_HOME/...}, paths elsewhere outside the allowed folders as {@code <server path>/NAME}), so that what the remote CLI shows as API URLs is not a server path here. Text is
 * held until a line ends or the stream is flushed, so that a path is rewritten whole.
 */
final class ClientPathStream extends OutputStream {
    private final OutputStream out;
    private final Path home;
    private final String user;
    private final List<Path> allowed;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    ClientPathStream(OutputStream out, Path home, String user, List<Path> allowed) {
        this.out = out;
        this.home = home;
        this.user = user;
        this.allowed = List.copyOf(allowed);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n' || b == '\r') {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        emit();
        out.flush();
    }

    /** Flushes; the SSH channel's stream stays open (the shell goes on). */
    @Override
    public void close() throws IOException {
        flush();
    }

    private void emit() throws IOException {
        if (line.size() > 0) {
            out.write(ClientPaths.forUser(line.toString(StandardCharsets.UTF_8), home, user, allowed).getBytes(StandardCharsets.UTF_8));
            line.reset();
        }
    }
}
