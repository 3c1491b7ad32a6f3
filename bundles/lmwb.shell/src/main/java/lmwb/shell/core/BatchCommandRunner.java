package lmwb.shell.core;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lmwb.api.CancellationToken;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.command.Job;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.util.tracker.ServiceTracker;
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
 * runtime jar registers once every bundle has been asked to start ({@code launcher.ready}). The framework is
 * still climbing its start levels then, so the command waits until every bundle of the runtime has started
 * (which includes FileInstall's first scan of the deploy folder, done inside FileInstall's own start).
 *
 * <p>Ctrl-C (SIGINT) and SIGTERM start the JVM's shutdown; a shutdown hook then cancels the running command
 * (interrupting its Gogo job, which the commands' {@link CancellationToken}s observe), waits up to
 * {@link #CANCEL_GRACE_SECONDS} seconds for it to stop, and lets the JVM exit with the signal's status
 * (130, 143). In every mode the hook also deletes this run's framework storage, which the launcher created
 * and marked with its owner file (the launcher execs the JVM, so nobody else is left to delete it).
 */
@Component(immediate = true)
public class BatchCommandRunner {
    static final String SCOPE = "lmwb";
    /** How long a cancelled command may take to stop before the JVM exits anyway. */
    static final long CANCEL_GRACE_SECONDS = 5;
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long HELP_WAIT_SECONDS = 10;

    private final BundleContext context;
    private final CommandProcessor processor;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Thread batchThread;
    private volatile CommandSession running;
    private volatile boolean cancelling;

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
        Path storage = launcherStorage(context);
        if (args.length > 0 || storage != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> onExit(storage), "lmwb exit"));
        }
        if (args.length > 0) {
            Thread t = new Thread(() -> {
                int code = run(args);
                finished.countDown();
                System.exit(code);
            }, "lmwb batch command");
            t.setDaemon(false);
            batchThread = t;
            t.start();
        } else {
            finished.countDown();
        }
    }

    /**
     * The per-run folder the launcher made around the framework storage, or null: only a folder that holds the
     * launcher's owner file ({@code lmwb.storage.owner}) beside the storage is ever deleted, never a storage
     * someone configured by hand.
     */
    private static Path launcherStorage(BundleContext context) {
        String owner = context.getProperty("lmwb.storage.owner");
        String storage = context.getProperty(Constants.FRAMEWORK_STORAGE);
        if (owner == null || storage == null || owner.contains("/")) {
            return null;
        }
        Path dir = Path.of(storage).toAbsolutePath().getParent();
        return dir != null && Files.isRegularFile(dir.resolve(owner)) ? dir : null;
    }

    /** JVM shutdown (normal exit, Ctrl-C, SIGTERM): stop a command that is still running, then remove the storage. */
    private void onExit(Path storage) {
        if (finished.getCount() > 0 && batchThread != null) {
            cancelling = true;
            PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
            err.println();
            err.println("lmwb: interrupted; cancelling the command (nothing is stored)");
            cancelRunning();
            try {
                if (!finished.await(CANCEL_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    err.println("lmwb: the command did not stop within " + CANCEL_GRACE_SECONDS + " s; exiting anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (storage != null) {
            deleteTree(storage);
        }
    }

    private void cancelRunning() {
        Thread t = batchThread;
        if (t != null) {
            t.interrupt();
        }
        CommandSession session = running;
        if (session != null) {
            // An interrupted job ends and leaves the session's live job list while we go through it: interrupt a
            // snapshot (Ctrl-C once threw ConcurrentModificationException here, with its stack trace on stderr).
            for (Job job : jobsOf(session)) {
                job.interrupt();
            }
        }
    }

    private static List<Job> jobsOf(CommandSession session) {
        for (int attempt = 0; ; attempt++) {
            try {
                return new ArrayList<>(session.jobs());
            } catch (java.util.ConcurrentModificationException e) {
                if (attempt == 10) {
                    return List.of();
                }
            }
        }
    }

    /**
     * Deletes the run folder. Threads that are still ending (a class loaded late makes Felix extract an
     * embedded jar into the storage) can add files while it goes, so it walks again while anything is left.
     */
    private static void deleteTree(Path root) {
        for (int pass = 0; pass < 5 && Files.exists(root); pass++) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // not empty yet: the next pass gets it; what still remains, the next launch removes
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                // a file vanished during the walk; walk again
            }
        }
    }

    int run(String[] args) {
        // Gogo replaces System.out/err with per-thread multiplexers; a session built on those would write
        // into itself (a command printing progress to System.err looped until the stack overflowed).
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        try {
            awaitRuntimeStarted();
            List<String> line = new ArrayList<>(Arrays.asList(args));
            String first = line.remove(0);
            if (first.equals("--help") || first.equals("-h") || first.equals("help") && line.isEmpty()) {
                out.println(usage());
                return 0;
            }
            boolean help = first.equals("help") || line.contains("--help");
            String name = first.equals("help") ? line.get(0) : first;
            String command = qualify(name);
            if (help && !awaitHelpCommand()) {
                err.println("lmwb: error: the shell's help command is missing from the runtime; rebuild it with LMWB_REBUILD=1");
                return 1;
            }
            if (!commandExists(command)) {
                err.println("lmwb: error: unknown command '" + name + "'; available: " + String.join(", ", commands(SCOPE))
                        + " (run 'runtime/lmwb --help')");
                return 2;
            }
            CommandOptions options = help ? null : CommandOptions.lookup(context, command);
            if (options != null) {
                java.util.Optional<String> unknown = options.unknownOption(name, line, "runtime/lmwb help " + name)
                        .or(() -> options.missingArgument(name, line, "runtime/lmwb help " + name));
                if (unknown.isPresent()) {
                    err.println("lmwb: error: " + unknown.get());
                    return 2;
                }
            }
            CommandSession session = processor.createSession(System.in, out, err);
            session.put(OptionHints.ONE_SHOT, Boolean.TRUE);
            running = session;
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
                running = null;
                session.close();
            }
        } catch (Throwable e) {
            Throwable cause = unwrap(e);
            if (cancelling) {
                err.println("lmwb: cancelled");
                return 130;
            }
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

    /**
     * Waits, without polling, until every bundle of the runtime has started: each one is ACTIVE, lazily
     * STARTING, or sits below the framework's current start level (then the framework has already tried it,
     * and a failure shows in {@code plugins}). Bundles from the deploy folder are not waited for. FileInstall
     * scans the deploy folder inside its own start, so its first scan has been processed when this returns.
     */
    private void awaitRuntimeStarted() throws InterruptedException {
        Object changed = new Object();
        BundleListener bundles = e -> signal(changed);
        FrameworkListener framework = e -> signal(changed);
        context.addBundleListener(bundles);
        context.addFrameworkListener(framework);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
            synchronized (changed) {
                while (!runtimeStarted()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return; // a bundle hangs in its activator; run anyway, the command reports what is missing
                    }
                    TimeUnit.NANOSECONDS.timedWait(changed, left);
                }
            }
        } finally {
            context.removeBundleListener(bundles);
            context.removeFrameworkListener(framework);
        }
    }

    private static void signal(Object monitor) {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    private boolean runtimeStarted() {
        Bundle system = context.getBundle(0);
        if (system.getState() != Bundle.ACTIVE) {
            return false;
        }
        int frameworkLevel = system.adapt(FrameworkStartLevel.class).getStartLevel();
        String deploy = context.getProperty("felix.fileinstall.dir");
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() == 0 || b.getState() == Bundle.ACTIVE || b.getState() == Bundle.UNINSTALLED
                    || (b.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0
                    || deploy != null && b.getLocation().contains(Path.of(deploy).toUri().getPath())) {
                continue;
            }
            boolean lazy = b.getState() == Bundle.STARTING && b.getHeaders("").get(Constants.BUNDLE_ACTIVATIONPOLICY) != null;
            BundleStartLevel level = b.adapt(BundleStartLevel.class);
            if (!lazy && (b.getState() == Bundle.STARTING || level.getStartLevel() >= frameworkLevel)) {
                return false;
            }
        }
        return true;
    }

    /** Gogo's {@code help} is registered by the shell bundles; waits for it through a service tracker. */
    private boolean awaitHelpCommand() throws InterruptedException, InvalidSyntaxException {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context,
                context.createFilter("(&(osgi.command.scope=*)(osgi.command.function=help))"), null);
        tracker.open(true);
        try {
            return tracker.waitForService(TimeUnit.SECONDS.toMillis(HELP_WAIT_SECONDS)) != null;
        } finally {
            tracker.close();
        }
    }

    private boolean commandExists(String qualified) {
        String[] parts = qualified.split(":", 2);
        return commands(parts[0]).contains(parts[1]);
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
