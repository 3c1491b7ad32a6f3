package lmwb.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lmwb.api.capability.Capability;
import lmwb.api.capability.CapabilityResult;
import lmwb.api.capability.RunContext;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultStore;
import lmwb.common.json.Json;

/**
 * A capability for command tests: records each request it gets and stores a fixed result (built from the pending
 * result, so it can write files into the staging folder) in a real result store, as the real capability would.
 *
 * @param <Q> the request type
 * @param <R> the result type
 */
public final class RecordingCapability<Q extends Record, R extends CapabilityResult> implements Capability<Q, R> {
    /** Builds the result inside the pending result (may write files into it). */
    @FunctionalInterface
    public interface Producer<Q, R> {
        /**
         * @param request the request
         * @param pending the result being written
         * @return the result, with the pending result's id
         * @throws Exception on failure
         */
        R produce(Q request, ResultStore.PendingResult pending) throws Exception;
    }

    private final String name;
    private final String kind;
    private final Class<Q> type;
    private final ResultStore store;
    private final Producer<Q, R> producer;
    /** The requests received, in order. */
    public final List<Q> requests = new ArrayList<>();

    /**
     * @param name the capability name
     * @param kind the kind its results are stored as
     * @param type the request type
     * @param store where results go
     * @param producer builds the result
     */
    public RecordingCapability(String name, String kind, Class<Q> type, ResultStore store, Producer<Q, R> producer) {
        this.name = name;
        this.kind = kind;
        this.type = type;
        this.store = store;
        this.producer = producer;
    }

    /** @return the service properties it is registered with */
    public Map<String, Object> properties() {
        return Map.of(Capability.NAME, name);
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
        try (ResultStore.PendingResult p = store.begin(kind)) {
            R r = producer.produce(request, p);
            p.commit(new ResultMetadata(name + " test", context.user(), null, List.of(), List.of(), null),
                    Json.COMPACT.toJson(r));
            return r;
        }
    }
}
