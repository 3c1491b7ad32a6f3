package lmwb.shell.core;

import com.google.gson.JsonObject;
import lmwb.api.capability.Capability;
import lmwb.api.capability.CapabilityResult;

/**
 * The step of a command that runs the decoded request: {@link LocalRunner} runs it in this thread with a console
 * progress line and Ctrl-C cancellation. A front end that must run it elsewhere (the shell of {@code lmwb serve}
 * for an SSH user: submit to the job queue and wait) registers a {@code CapabilityRunner} service; the highest
 * ranked one is used.
 */
public interface CapabilityRunner {
    /**
     * @param <Q> the request type
     * @param <R> the result type
     * @param capability the capability
     * @param request its checked request
     * @return the result
     * @throws Exception as the capability throws
     */
    <Q extends Record, R extends CapabilityResult> R run(Capability<Q, R> capability, Q request) throws Exception;

    /**
     * The request's arguments as this runner will run them, before they are decoded: a runner that submits to the
     * server's job queue applies the server's own choices (where embedding runs), so that a request is checked as the
     * server will run it. By default they are unchanged.
     *
     * @param type the capability's request type
     * @param args the arguments (snake_case keys), which this method may change
     * @return the arguments to decode
     * @throws IllegalArgumentException when the runner refuses them (one line naming the key)
     */
    default JsonObject arguments(Class<? extends Record> type, JsonObject args) {
        return args;
    }
}
