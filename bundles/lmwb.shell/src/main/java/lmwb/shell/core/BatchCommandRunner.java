package lmwb.shell.core;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs one command non-interactively when the runtime was launched with arguments
 * ({@code runtime/lmwb COMMAND ARGS...}): waits until the framework has started, runs {@code lmwb:COMMAND}
 * through Gogo, prints its result on standard output and exits the JVM with 0 on success, 1 on a failure
 * and 2 for unknown commands or bad arguments, with a one-line error on standard error. It never leaves the
 * JVM running.
 *
 * <p>Arguments come from the bnd launcher's {@code launcher.arguments} service property, which the exported
 * runtime jar registers once every bundle is started ({@code launcher.ready}).
 */
@Component(immediate = true)
public class BatchCommandRunner {
    static final String SCOPE = "lmwb";
    private static final long COMMAND_WAIT_MILLIS = 3000;

    private final BundleContext context;
    private final CommandProcessor processor;

    /**
     * @param context this bundle's context
     * @param processor Gogo's command processor
     * @param launcherProperties properties of the bnd launcher service, carrying the command-line arguments
     */
    @Activate
    public BatchCommandRunner(BundleContext context, @Reference CommandProcessor processor,
            @Reference(service = Object.class, target = "(launcher.ready=true)") Map<String, Object> launcherProperties) {
        this.context = context;
        this.processor = processor;
        Object raw = launcherProperties.get("launcher.arguments");
        String[] args = raw instanceof String[] a ? a : new String[0];
        if (args.length > 0) {
            Thread t = new Thread(() -> System.exit(run(args)), "lmwb batch command");
            t.setDaemon(false);
            t.start();
        }
    }

    int run(String[] args) {
        // Gogo replaces System.out/err with per-thread multiplexers; a session built on those would write
        // into itself (a command printing progress to System.err looped until the stack overflowed).
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        try {
            waitForFramework();
            List<String> line = new ArrayList<>(Arrays.asList(args));
            String first = line.remove(0);
            if (first.equals("--help") || first.equals("-h") || first.equals("help") && line.isEmpty()) {
                out.println(usage());
                return 0;
            }
            boolean help = first.equals("help") || line.contains("--help");
            String name = first.equals("help") ? line.get(0) : first;
            String command = qualify(name);
            if (!awaitCommand(command)) {
                err.println("lmwb: error: unknown command '" + name + "'; available: " + String.join(", ", commands(SCOPE))
                        + " (run 'runtime/lmwb --help')");
                return 2;
            }
            CommandOptions options = help ? null : CommandOptions.lookup(context, command);
            if (options != null) {
                java.util.Optional<String> unknown = options.unknownOption(name, line, "runtime/lmwb help " + name);
                if (unknown.isPresent()) {
                    err.println("lmwb: error: " + unknown.get());
                    return 2;
                }
            }
            CommandSession session = processor.createSession(System.in, out, err);
            try {
                StringBuilder text = new StringBuilder();
                if (help) {
                    text.append("help ").append(command);
                } else {
                    text.append(command);
                    for (int i = 0; i < line.size(); i++) {
                        session.put("lmwbarg" + i, line.get(i));
                        text.append(" $lmwbarg").append(i);
                    }
                }
                Object result;
                try {
                    result = session.execute(text);
                } catch (Exception e) {
                    // Gogo's message when no overload takes these arguments: "Cannot coerce rank(String, String)
                    // to any of [...]". Every option is known at this point, so a value is missing or mistyped.
                    if (options != null && String.valueOf(unwrap(e).getMessage()).startsWith("Cannot coerce")) {
                        err.println("lmwb: error: " + options.badValues(name, "runtime/lmwb help " + name));
                        return 2;
                    }
                    throw e;
                }
                if (result instanceof CharSequence s) {
                    out.println(s);
                } else if (result != null) {
                    out.println(session.format(result, Converter.INSPECT));
                }
                out.flush();
                return 0;
            } finally {
                session.close();
            }
        } catch (Throwable e) {
            Throwable cause = unwrap(e);
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            err.println("lmwb: error: " + message.strip().split("\\R", 2)[0]);
            if (System.getenv("LMWB_DEBUG") != null) {
                cause.printStackTrace(err);
            }
            err.flush();
            out.flush();
            return cause instanceof IllegalArgumentException ? 2 : 1;
        }
    }

    private static String qualify(String name) {
        return name.contains(":") ? name : SCOPE + ":" + name;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof InvocationTargetException || t.getClass() == RuntimeException.class && t.getCause() != null)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private void waitForFramework() throws InterruptedException {
        Bundle system = context.getBundle(0);
        long deadline = System.currentTimeMillis() + 60_000;
        while (system.getState() != Bundle.ACTIVE && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    private boolean awaitCommand(String qualified) throws InterruptedException {
        String[] parts = qualified.split(":", 2);
        long deadline = System.currentTimeMillis() + COMMAND_WAIT_MILLIS;
        do {
            if (commands(parts[0]).contains(parts[1])) {
                return true;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        return false;
    }

    private TreeSet<String> commands(String scope) {
        TreeSet<String> names = new TreeSet<>();
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null, "(osgi.command.scope=" + scope + ")");
            if (refs != null) {
                for (ServiceReference<?> r : refs) {
                    Object f = r.getProperty("osgi.command.function");
                    if (f instanceof String[] fs) {
                        names.addAll(Arrays.asList(fs));
                    } else if (f != null) {
                        names.add(f.toString());
                    }
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private String usage() {
        return String.join("\n",
                "lmwb — language-model workbench",
                "",
                "usage: runtime/lmwb                      open the interactive shell (tab completion, history)",
                "       runtime/lmwb COMMAND [ARGS...]    run one command and exit (0 ok, 1 failure, 2 bad usage)",
                "       runtime/lmwb help COMMAND         describe a command and its options",
                "",
                "commands: " + String.join(", ", commands(SCOPE)),
                "every command takes --json for machine-readable output on stdout");
    }
}
