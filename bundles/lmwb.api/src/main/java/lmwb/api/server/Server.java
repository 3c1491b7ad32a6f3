package lmwb.api.server;

/**
 * Present in the service registry only while the runtime runs as {@code lmwb serve}, with the settings it was
 * started with (configuration PID {@value #PID}, validated once at start, command-line flags applied). Components
 * that belong to the server (job queue workers, HTTP and SSH listeners) reference it, so that they are not active
 * in one-shot commands and never pick up queued jobs there.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Server {
    /** The configuration PID: {@code lmwb.server.cfg} in {@code LMWB_HOME/etc} or {@code runtime/deploy}. */
    String PID = "lmwb.server";

    /** @return the validated settings */
    ServerSettings settings();

    /**
     * The log of the server's own lines (where it listens, that it stops): components of the server write them here
     * rather than to {@code System.err}, so that they share one format and never carry a token.
     *
     * @return the serve mode's one log; by default one on the process's stderr
     */
    default ServeLog log() {
        return ServeLog.stderr();
    }
}
