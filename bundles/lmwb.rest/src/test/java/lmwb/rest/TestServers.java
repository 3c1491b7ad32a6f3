package lmwb.rest;

import java.nio.file.Path;
import java.util.Map;
import lmwb.api.users.UserDirectory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real Jetty server with the REST API on a free loopback port, for tests outside this package. */
public final class TestServers {
    private TestServers() {
    }

    /** A started server. */
    public record Running(Server server, String base, RecordingJobQueue jobs) {
        /** @throws Exception when Jetty does not stop */
        public void stop() throws Exception {
            server.stop();
        }
    }

    /**
     * @param users the user directory
     * @param home LMWB_HOME
     * @return the started server (capability {@code rank} with {@link ApiHandlerTest.TestRankRequest})
     * @throws Exception when Jetty does not start
     */
    public static Running start(UserDirectory users, Path home) throws Exception {
        ServerSettings settings = ServerSettings.validated(Map.of("http_port", 0), home);
        RecordingJobQueue jobs = new RecordingJobQueue();
        ApiHandler handler = new ApiHandler(users, jobs, null, () -> Map.of("rank", ApiHandlerTest.TestRankRequest.class),
                command -> "[]", settings);
        Server server = new Server();
        ServerConnector c = RestServer.connector(server, settings);
        server.addConnector(c);
        server.setHandler(handler);
        server.setErrorHandler(new JsonErrorHandler());
        server.start();
        return new Running(server, "http://127.0.0.1:" + c.getLocalPort(), jobs);
    }
}
