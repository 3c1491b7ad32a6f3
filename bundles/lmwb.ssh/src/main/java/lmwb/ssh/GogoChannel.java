package lmwb.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;

/**
 * One SSH channel: either one command ({@code ssh host lmwb:results}) or the interactive shell (JLine line editing
 * and history on the client's terminal), each line run as the logged-in user.
 */
final class GogoChannel implements Command {
    /** Runs one line as a user. */
    interface LineRunner {
        /**
         * @param user the SSH user
         * @param line the typed line
         * @param in the channel's input
         * @param out where results go
         * @param err where errors go
         * @return the exit status: 0 ok, 1 failure, 130 interrupted
         */
        int run(String user, String line, InputStream in, PrintStream out, PrintStream err);

        /** @return the banner of an interactive session */
        String banner(String user);
    }

    private final String commandLine;
    private final LineRunner runner;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private Thread thread;

    GogoChannel(String commandLine, LineRunner runner) {
        this.commandLine = commandLine;
        this.runner = runner;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        String user = channel.getSession().getUsername();
        Map<String, String> vars = env.getEnv();
        thread = new Thread(() -> {
            int status;
            try {
                status = commandLine != null ? once(user) : interactive(user, vars);
            } catch (Exception e) {
                status = 1;
            }
            exit.onExit(status);
        }, "lmwb-ssh-" + user);
        thread.setDaemon(true);
        thread.start();
    }

    private int once(String user) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = runner.run(user, commandLine, in, o, e);
        o.flush();
        e.flush();
        return status;
    }

    private int interactive(String user, Map<String, String> env) throws IOException {
        String type = env.getOrDefault(Environment.ENV_TERM, "xterm");
        try (Terminal terminal = new ExternalTerminal("lmwb-ssh", type, in, out, StandardCharsets.UTF_8)) {
            terminal.setSize(new Size(dimension(env.get(Environment.ENV_COLUMNS), 80), dimension(env.get(Environment.ENV_LINES), 24)));
            PrintStream o = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("lmwb").build();
            o.println(runner.banner(user));
            Thread current = Thread.currentThread();
            terminal.handle(Terminal.Signal.INT, s -> current.interrupt());
            while (true) {
                String line;
                try {
                    line = reader.readLine("lmwb> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return 0;
                }
                String t = line.strip();
                if (t.isEmpty()) {
                    continue;
                }
                if (t.equals("exit") || t.equals("quit") || t.equals("lmwb:exit") || t.equals("lmwb:quit")) {
                    return 0;
                }
                runner.run(user, t, InputStream.nullInputStream(), o, o);
                Thread.interrupted();
                o.flush();
            }
        }
    }

    /**
     * A terminal dimension the client reported, or {@code dflt} when it reported none or 0 (as a client on a terminal
     * without a size does): JLine on a 0-column terminal shows the prompt as {@code >....} and echoes nothing.
     */
    static int dimension(String s, int dflt) {
        try {
            int n = s == null ? 0 : Integer.parseInt(s.strip());
            return n > 0 ? n : dflt;
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
