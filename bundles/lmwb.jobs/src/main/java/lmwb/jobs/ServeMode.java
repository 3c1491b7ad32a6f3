package lmwb.jobs;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import lmwb.api.LmwbHome;
import lmwb.api.server.ServeLog;
import lmwb.api.server.Server;
import lmwb.api.server.ServerSettings;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The serve mode of the runtime ({@code runtime/lmwb serve}): when the launcher sets the framework property
 * {@value #SERVE_PROPERTY}, it reads {@code lmwb.server.cfg} from {@code LMWB_HOME/etc} and the deploy folder, applies
 * the command-line flags (framework property {@value #ARGS_PROPERTY}, one per line), validates the result once, and
 * registers the {@link Server} service that the job queue, the HTTP API and the SSH shell wait for. A bad setting
 * stops the runtime with one line naming the key and exit status 2. On SIGTERM or Ctrl-C the framework is stopped
 * in an orderly way, so the job queue records its running job as cancelled before the JVM exits.
 *
 * <p>Without {@value #SERVE_PROPERTY} (one-shot commands, the interactive shell, tests) it does nothing.
 */
@Component(immediate = true)
public class ServeMode {
    /** Framework property the launcher sets for {@code serve}. */
    public static final String SERVE_PROPERTY = "lmwb.serve";
    /** Framework property with the flags after {@code serve}, one per line. */
    public static final String ARGS_PROPERTY = "lmwb.serve.args";
    /** The configuration file name. */
    static final String CONFIG_FILE = Server.PID + ".cfg";
    /** How long a stop waits for the framework (and the job queue's cancelled job) before the JVM exits anyway. */
    static final long STOP_TIMEOUT_SECONDS = 30;
    /** How long the ready line waits for the runtime's bundles to start before it is printed anyway. */
    static final long START_TIMEOUT_SECONDS = 120;

    private final ServiceRegistration<Server> registration;

    /**
     * @param context this bundle's context: framework properties, the registry
     */
    @Activate
    public ServeMode(BundleContext context) {
        if (!Boolean.parseBoolean(context.getProperty(SERVE_PROPERTY))) {
            registration = null;
            return;
        }
        ServeLog log = ServeLog.stderr();
        ServerSettings settings;
        try {
            settings = settings(context);
        } catch (IllegalArgumentException e) {
            log.error(e.getMessage());
            // not on SCR's thread: exiting runs the shutdown hooks, which stop the framework and wait for SCR. The one
            // line above is all the user gets: bundles still starting meanwhile may fail on the shutdown under way
            // (e.g. "IllegalStateException: Shutdown in progress" when they add their own hook), which is not news.
            new Thread(() -> {
                System.err.flush();
                System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
                System.exit(2);
            }, "lmwb serve: bad configuration").start();
            registration = null;
            return;
        }
        String warning = ServerConfiguration.warning(settings);
        if (warning != null) {
            log.warning(warning);
        }
        Framework framework = (Framework) context.getBundle(0);
        // The ready line and the stop both wait until the runtime has started: the bnd launcher asks every bundle
        // to start after the framework itself has started (so FrameworkEvent.STARTED comes too early), and it
        // registers a launcher.ready service once it has; the framework then still starts components (the job
        // queue binds every capability, training loads DJL). A SIGTERM that stopped the framework in the middle of
        // that left "Unable to open JAR file" traces on stderr.
        CountDownLatch started = new CountDownLatch(1);
        Thread ready = new Thread(() -> {
            awaitStarted(context);
            started.countDown();
            log.info(readyLine(settings));
        }, "lmwb serve: ready");
        ready.setDaemon(true);
        ready.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework, started, log), "lmwb serve: stop"));
        Server server = new Server() {
            @Override
            public ServerSettings settings() {
                return settings;
            }

            @Override
            public ServeLog log() {
                return log;
            }
        };
        registration = context.registerService(Server.class, server, null);
    }

    /**
     * Waits (at most {@value #START_TIMEOUT_SECONDS} s) for the launcher's {@code launcher.ready} service and then
     * until every bundle outside the deploy folder is active (or a fragment, or lazily starting).
     */
    private static void awaitStarted(BundleContext context) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        try {
            ServiceTracker<Object, Object> launcher = new ServiceTracker<>(context,
                    context.createFilter("(launcher.ready=true)"), null);
            launcher.open(true);
            try {
                launcher.waitForService(TimeUnit.SECONDS.toMillis(START_TIMEOUT_SECONDS));
            } finally {
                launcher.close();
            }
            String deploy = context.getProperty("felix.fileinstall.dir");
            String deployPath = deploy == null || deploy.isBlank() ? null
                    : Path.of(deploy.split(",")[0].strip()).toUri().getPath();
            while (System.nanoTime() < deadline && !allStarted(context, deployPath)) {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (InvalidSyntaxException | IllegalStateException e) {
            // the framework is stopping: nothing to wait for
        }
    }

    private static boolean allStarted(BundleContext context, String deployPath) {
        for (Bundle b : context.getBundles()) {
            boolean fragment = (b.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
            boolean deployed = deployPath != null && b.getLocation().contains(deployPath);
            boolean lazy = b.getState() == Bundle.STARTING
                    && b.getHeaders("").get(Constants.BUNDLE_ACTIVATIONPOLICY) != null;
            if (b.getState() != Bundle.ACTIVE && !fragment && !deployed && !lazy) {
                return false;
            }
        }
        return true;
    }

    /** The line after {@link ServeLog#PREFIX} that says the server is ready (scripts wait for it). */
    static String readyLine(ServerSettings settings) {
        return "HTTP " + (settings.tls() ? "https" : "http") + "://" + settings.bind() + ":"
                + settings.httpPort() + ", SSH port " + settings.sshPort() + " on " + settings.bind() + ", "
                + settings.workers() + " worker" + (settings.workers() == 1 ? "" : "s") + ", home " + LmwbHome.resolve()
                + "; Ctrl-C or SIGTERM stops (running jobs are cancelled, queued jobs stay queued)";
    }

    /** The configuration files, then the flags; validated. */
    static ServerSettings settings(BundleContext context) {
        Map<String, String> given = new LinkedHashMap<>();
        given.putAll(ServerConfiguration.readFile(LmwbHome.resolve("etc", CONFIG_FILE)));
        String deploy = context.getProperty("felix.fileinstall.dir");
        if (deploy != null && !deploy.isBlank()) {
            given.putAll(ServerConfiguration.readFile(Path.of(deploy.split(",")[0].strip(), CONFIG_FILE)));
        }
        String args = context.getProperty(ARGS_PROPERTY);
        List<String> flags = args == null || args.isBlank() ? List.of()
                : Arrays.stream(args.split("\n")).filter(a -> !a.isEmpty()).toList();
        given.putAll(ServerConfiguration.parseFlags(flags));
        return ServerConfiguration.validated(given);
    }

    /** Stops the framework from a shutdown hook and waits, so that components deactivate before the JVM ends. */
    private static void stop(Framework framework, CountDownLatch started, ServeLog log) {
        try {
            if (!started.await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                log.warning("still starting after " + STOP_TIMEOUT_SECONDS + " s; stopping anyway");
            }
            framework.stop();
            FrameworkEvent e = framework.waitForStop(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
            if (e.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                log.warning("did not stop within " + STOP_TIMEOUT_SECONDS + " s; exiting anyway");
            }
        } catch (BundleException | IllegalStateException e) {
            log.warning("stopping: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
    }
}
