package lmwb.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import lmwb.api.server.Server;
import lmwb.api.users.Role;
import lmwb.api.users.User;
import lmwb.api.users.UserDirectory;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The SSH shell of {@code lmwb serve}: {@code ssh -p 8422 alice@server} opens the lmwb shell as alice,
 * {@code ssh -p 8422 alice@server lmwb:results} runs one command. Public-key authentication against the user's
 * registered keys only (no passwords); the host key is generated once and kept in {@code LMWB_HOME/etc}. Active only
 * while the {@link Server lmwb serve} service exists.
 */
@Component(service = SshShell.class, immediate = true)
public class SshShell implements GogoChannel.LineRunner {
    /** The default SSH port. */
    public static final int DEFAULT_PORT = 8422;
    /** The Gogo session variable that names the SSH user (the shell's run step submits jobs as this user). */
    public static final String USER_VARIABLE = "LMWB_USER";

    /** MINA's INFO lines (which I/O factory it picked) stay out of the server's log; held so JUL keeps the level. */
    private static final java.util.logging.Logger SSHD_LOG = java.util.logging.Logger.getLogger("org.apache.sshd");

    static {
        SSHD_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final UserDirectory users;
    private final CommandProcessor processor;
    private final BundleContext context;
    private final List<Path> allowed;
    private final Path home;
    private final Path uploads;
    private final SshServer sshd;

    /**
     * Starts the SSH server.
     *
     * @param serve the server mode and its validated settings ({@code ssh_port}, {@code bind}, {@code allowed_folders})
     * @param users the user directory (keys and roles)
     * @param processor Gogo
     * @param context this bundle's context, to list the lmwb commands
     * @throws IOException when the port cannot be opened or the host key cannot be written
     */
    @Activate
    public SshShell(@Reference Server serve, @Reference UserDirectory users, @Reference CommandProcessor processor,
            BundleContext context) throws IOException {
        this.users = users;
        this.processor = processor;
        this.context = context;
        this.home = Path.of(System.getProperty("lmwb.home", System.getProperty("user.home") + "/.lmwb"));
        this.uploads = home.resolve("uploads");
        this.allowed = serve.settings().allowedFolders();
        int port = serve.settings().sshPort();
        String bind = serve.settings().bind();
        Path etc = home.resolve("etc");
        Files.createDirectories(etc);
        SimpleGeneratorHostKeyProvider hostKey = new SimpleGeneratorHostKeyProvider(etc.resolve("ssh-host-key"));
        hostKey.setAlgorithm("EC");
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost(bind);
        sshd.setPort(port);
        sshd.setKeyPairProvider(hostKey);
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setPublickeyAuthenticator(new RegisteredKeys(users));
        sshd.setShellFactory(channel -> new GogoChannel(null, this));
        sshd.setCommandFactory((channel, command) -> new GogoChannel(command, this));
        try {
            sshd.start();
        } catch (IOException e) {
            throw new IOException("ssh_port: cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                    + "); choose another port with --ssh-port", e);
        }
        serve.log().info("SSH shell on " + bind + ":" + sshd.getPort() + " (public keys of 'user add --ssh-key')");
    }

    /** @return the port the server listens on */
    public int port() {
        return sshd.getPort();
    }

    /** Stops the server; open sessions end. */
    @Deactivate
    void stop() throws IOException {
        sshd.stop(true);
    }

    @Override
    public String banner(String user) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "server";
        }
        Role role = users.find(user).map(User::role).orElse(Role.VIEWER);
        return "lmwb — language-model workbench on " + host + ", as " + user + " (" + role.id() + "). 'help' lists "
                + "commands, 'help rank' explains one, 'exit' leaves.";
    }

    /**
     * Runs one line as {@code user}. What a user who is not an admin sees shows no server paths (result files as
     * their API paths, paths outside the server's home and the allowed folders as {@code <server path>/NAME}, see
     * {@link ClientPathStream}); admins and the server's console see the paths.
     */
    @Override
    public int run(String user, String line, InputStream in, PrintStream out, PrintStream err) {
        Optional<User> u = users.find(user);
        if (u.isEmpty()) {
            err.println("lmwb: error: user " + user + " no longer exists");
            return 1;
        }
        if (u.get().role() == Role.ADMIN) {
            return runAs(u.get(), line, in, out, err);
        }
        PrintStream o = new PrintStream(new ClientPathStream(out, home, user, allowed), true, StandardCharsets.UTF_8);
        PrintStream e = out == err ? o : new PrintStream(new ClientPathStream(err, home, user, allowed), true, StandardCharsets.UTF_8);
        try {
            return runAs(u.get(), line, in, o, e);
        } finally {
            o.flush();
            e.flush();
        }
    }

    private int runAs(User u, String line, InputStream in, PrintStream out, PrintStream err) {
        String user = u.name();
        Set<String> known = commands();
        try (CommandSession session = processor.createSession(in, out, err)) {
            session.put(USER_VARIABLE, user);
            String text;
            List<String> words = org.apache.sshd.server.command.CommandFactory.split(line.strip());
            if (!words.isEmpty() && words.get(0).equals("help")) {
                if (words.size() == 1) {
                    out.println("lmwb commands: " + String.join(", ", known) + "\n'help NAME' explains one.");
                    return 0;
                }
                String name = words.get(1).startsWith("lmwb:") ? words.get(1).substring(5) : words.get(1);
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown command '" + name + "'; the lmwb shell runs: "
                            + String.join(", ", known));
                }
                text = "help lmwb:" + name;
            } else {
                ShellCommandLine cmd = ShellCommandLine.parse(line, u.role(), allowed, uploads.resolve(user), known);
                StringBuilder b = new StringBuilder("lmwb:").append(cmd.command());
                for (int i = 0; i < cmd.args().size(); i++) {
                    session.put("lmwbarg" + i, cmd.args().get(i));
                    b.append(" $lmwbarg").append(i);
                }
                text = b.toString();
            }
            Object result = session.execute(text);
            if (result instanceof CharSequence s) {
                out.println(s);
            } else if (result != null) {
                out.println(session.format(result, Converter.INSPECT));
            }
            return 0;
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted()) {
                err.println("lmwb: cancelled");
                return 130;
            }
            Throwable c = e;
            while (c.getCause() != null && c != c.getCause() && (c.getMessage() == null
                    || c instanceof java.lang.reflect.InvocationTargetException)) {
                c = c.getCause();
            }
            String message = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            err.println("lmwb: error: " + message.strip().split("\\R", 2)[0]);
            return 1;
        }
    }

    /** @return the installed lmwb commands (exit and quit are the shell's own) */
    private Set<String> commands() {
        Set<String> names = new TreeSet<>();
        try {
            for (ServiceReference<?> r : context.getServiceReferences((String) null, "(osgi.command.scope=lmwb)")) {
                Object f = r.getProperty("osgi.command.function");
                if (f instanceof String[] a) {
                    names.addAll(List.of(a));
                } else if (f != null) {
                    names.add(String.valueOf(f));
                }
            }
        } catch (InvalidSyntaxException | NullPointerException e) {
            return names;
        }
        names.remove("exit");
        names.remove("quit");
        return names;
    }
}
