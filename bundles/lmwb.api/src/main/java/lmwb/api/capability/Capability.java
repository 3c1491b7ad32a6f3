package lmwb.api.capability;

/**
 * One capability of lmwb as a service: a typed request in, a typed (and, for most capabilities, stored) result
 * out. Registered with the service property {@value #NAME} set to {@link #name()}; the job queue, the REST API
 * and the shell find capabilities by that name.
 *
 * <p>Implementations check the request first and throw {@link IllegalArgumentException} with one line that says
 * what is wrong and what to do (shown to users as it is: CLI, HTTP 400, failed job); they poll
 * {@link RunContext#cancel()} between units of work and report progress to {@link RunContext#progress()}.
 *
 * @param <Q> the request record
 * @param <R> the result
 */
@org.osgi.annotation.versioning.ConsumerType
public interface Capability<Q extends Record, R extends CapabilityResult> {
    /** The service property that carries {@link #name()}. */
    String NAME = "lmwb.capability";

    /** @return the command name, e.g. {@code rank}: the shell command, the REST {@code "command"}, the job's command */
    String name();

    /** @return one line for listings and {@code --help} */
    String description();

    /** @return the request record type, decoded from JSON by the one codec */
    Class<Q> requestType();

    /**
     * Runs the capability.
     *
     * @param request the checked, typed request
     * @param context who runs it, progress and cancellation
     * @return the result (stored in the result store when the capability produces one)
     * @throws IllegalArgumentException for a bad request (one line for the user)
     * @throws lmwb.api.CancellationToken.CancelledException when cancelled
     * @throws Exception on other failures
     */
    R run(Q request, RunContext context) throws Exception;
}
