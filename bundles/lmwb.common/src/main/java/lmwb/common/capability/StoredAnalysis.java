package lmwb.common.capability;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import lmwb.api.capability.CapabilityResult;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.capability.RunContext;
import lmwb.api.Provenance;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultStore;
import lmwb.common.json.Json;

/**
 * A capability whose result is an analysis stored with its files (plots): a subclass names itself once in its
 * constructor and computes; this class begins the provenance, stages the files, gives the result the store's id
 * and commits it with its summary, dataset and models as one result (nothing is left behind on a failure).
 *
 * @param <Q> the request record
 * @param <R> the result
 */
public abstract class StoredAnalysis<Q extends Record, R extends CapabilityResult> extends NamedCapability<Q, R> {
    private final ResultStore store;
    private final ProvenanceRecorder provenance;

    /**
     * What an analysis computed, before it is stored.
     *
     * @param result the result, without its id
     * @param files its files (plots) by name in the result folder
     * @param summary one line for result listings
     * @param <R> the result type
     */
    public record Computed<R>(R result, Map<String, byte[]> files, String summary) {
    }

    /**
     * @param name the command name
     * @param description one line for listings and {@code --help}
     * @param requestType the request record type
     * @param store where results go
     * @param provenance fills versions, host, user and options
     */
    protected StoredAnalysis(String name, String description, Class<Q> requestType, ResultStore store,
            ProvenanceRecorder provenance) {
        super(name, description, requestType);
        this.store = store;
        this.provenance = provenance;
    }

    @Override
    public final R run(Q request, RunContext context) throws IOException {
        Computed<R> computed = compute(request, provenance.begin(name(), request, context), context);
        try (ResultStore.PendingResult pending = store.begin(computed.result().kind())) {
            for (Map.Entry<String, byte[]> f : computed.files().entrySet()) {
                Files.write(pending.file(f.getKey()), f.getValue());
            }
            R result = withResultId(computed.result(), pending.id());
            pending.commit(new ResultMetadata(computed.summary(), context.user(), dataset(request, result),
                    models(request, result), List.of(), context.jobId()), Json.COMPACT.toJson(result));
            return result;
        }
    }

    /**
     * @param request the checked request
     * @param provenance the provenance begun for this run (versions, host, user, options)
     * @param context progress and cancellation
     * @return the result, its files and summary
     * @throws IOException when an input cannot be read
     */
    protected abstract Computed<R> compute(Q request, Provenance.Builder provenance, RunContext context)
            throws IOException;

    /**
     * @param result the computed result
     * @param id the result store's id
     * @return the result carrying {@code id}
     */
    protected abstract R withResultId(R result, String id);

    /**
     * @param request the request
     * @param result the result
     * @return the dataset the result is filed under, or {@code null}
     */
    protected abstract String dataset(Q request, R result);

    /**
     * @param request the request
     * @param result the result
     * @return the models the result is filed under
     */
    protected abstract List<String> models(Q request, R result);
}
