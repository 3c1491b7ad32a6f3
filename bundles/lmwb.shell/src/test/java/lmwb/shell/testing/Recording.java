package lmwb.shell.testing;

import java.util.ArrayList;
import java.util.List;
import lmwb.api.capability.Capability;
import lmwb.api.capability.CapabilityResult;
import lmwb.api.capability.RunContext;

/**
 * A capability for command tests: records every request the shell core decoded and answers with the result the test
 * computes from it (the real capabilities are tested in their bundles and in the framework).
 *
 * @param <Q> the request type
 * @param <R> the result type
 */
public final class Recording<Q extends Record, R extends CapabilityResult> implements Capability<Q, R> {
    /** Computes a result. */
    @FunctionalInterface
    public interface Answer<Q, R> {
        /**
         * @param request the request
         * @param context the run context
         * @return the result
         * @throws Exception as a capability may
         */
        R apply(Q request, RunContext context) throws Exception;
    }

    private final String name;
    private final Class<Q> type;
    private final Answer<Q, R> answer;
    /** The requests received, in order. */
    public final List<Q> requests = new ArrayList<>();

    /**
     * @param name the capability's name
     * @param type its request type
     * @param answer computes the result
     */
    public Recording(String name, Class<Q> type, Answer<Q, R> answer) {
        this.name = name;
        this.type = type;
        this.answer = answer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "records requests (test)";
    }

    @Override
    public Class<Q> requestType() {
        return type;
    }

    @Override
    public R run(Q request, RunContext context) throws Exception {
        requests.add(request);
        return answer.apply(request, context);
    }
}
