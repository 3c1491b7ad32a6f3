package lmwb.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import lmwb.api.capability.Capability;
import lmwb.api.jobs.JobQueue;
import lmwb.api.results.ResultStore;
import lmwb.api.server.Server;
import lmwb.api.users.UserDirectory;
import lmwb.api.web.WebContent;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The HTTP server of {@code lmwb serve}: Jetty on the configured address and port (TLS from a keystore when one is
 * configured), serving {@link ApiHandler}. Active only while the {@link Server lmwb serve} service exists, so
 * one-shot commands never open a port.
 */
@Component(service = RestServer.class, immediate = true)
public class RestServer {
    /** Jetty's own INFO lines (versions, connector start) stay out of the server's log; held so JUL keeps the level. */
    private static final java.util.logging.Logger JETTY_LOG = java.util.logging.Logger.getLogger("org.eclipse.jetty");

    static {
        JETTY_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private final List<Capability<?, ?>> capabilities = new CopyOnWriteArrayList<>();

    /** The web page (bundle lmwb.web), served at / and /static/ when installed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile WebContent web;

    private final org.eclipse.jetty.server.Server server;
    private final ServerConnector connector;

    /**
     * Starts the server.
     *
     * @param serve the server mode and its validated settings
     * @param users the user directory
     * @param jobs the job queue
     * @param results the result store
     * @param processor Gogo, for the CLI's own JSON and text of listings
     * @throws Exception when the port cannot be opened
     */
    @Activate
    public RestServer(@Reference Server serve, @Reference UserDirectory users, @Reference JobQueue jobs,
            @Reference ResultStore results, @Reference CommandProcessor processor) throws Exception {
        Path home = Path.of(System.getProperty("lmwb.home", System.getProperty("user.home") + "/.lmwb"));
        ServerSettings settings = ServerSettings.of(serve.settings(), home);
        ApiHandler handler = new ApiHandler(users, jobs, results, this::requestTypes, command -> run(processor, command),
                settings);
        QueuedThreadPool threads = new QueuedThreadPool(200, 4, 60_000);
        threads.setName("lmwb-http");
        this.server = new org.eclipse.jetty.server.Server(threads);
        this.connector = connector(server, settings);
        server.addConnector(connector);
        server.setHandler(new org.eclipse.jetty.server.Handler.Sequence(handler, new WebPageHandler(() -> web)));
        server.setErrorHandler(new JsonErrorHandler());
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw new IllegalStateException("http_port: cannot listen on " + settings.bind() + ":" + settings.httpPort()
                    + " (" + e.getMessage() + "); choose another port with --http-port", e);
        }
        String url = (settings.tls() ? "https" : "http") + "://" + settings.bind() + ":" + connector.getLocalPort() + "/api";
        serve.log().info("REST API on " + url + (settings.insecureHttp() && !settings.tls()
                ? " (plain HTTP on a non-loopback address: tokens travel unencrypted)" : ""));
    }

    /** @return the port the server listens on (the configured one, or the one picked for {@code http_port=0}) */
    public int port() {
        return connector.getLocalPort();
    }

    /** Stops the server: open requests and event streams end. */
    @Deactivate
    void stop() throws Exception {
        server.stop();
    }

    static ServerConnector connector(org.eclipse.jetty.server.Server server, ServerSettings settings) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector c;
        if (settings.tls()) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(settings.keystore().toString());
            ssl.setKeyStorePassword(settings.keystorePassword());
            http.addCustomizer(new SecureRequestCustomizer());
            c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        } else {
            c = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        c.setHost(settings.bind());
        c.setPort(settings.httpPort());
        return c;
    }

    private Map<String, Class<? extends Record>> requestTypes() {
        Map<String, Class<? extends Record>> m = new TreeMap<>();
        for (Capability<?, ?> c : capabilities) {
            m.put(c.name(), c.requestType());
        }
        return m;
    }

    /** Runs one command in a fresh Gogo session and returns its output (its return value, or what it printed). */
    static String run(CommandProcessor processor, String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
                CommandSession session = processor.createSession(java.io.InputStream.nullInputStream(), o, e)) {
            Object r = session.execute(command);
            o.flush();
            String printed = out.toString(StandardCharsets.UTF_8);
            return r == null ? printed : printed + r;
        } catch (IOException e) {
            throw e;
        }
    }
}
