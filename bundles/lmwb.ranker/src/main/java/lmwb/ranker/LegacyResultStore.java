package lmwb.ranker;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultQuery;
import lmwb.api.results.ResultStore;
import lmwb.api.results.StoredResult;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The old {@link lmwb.api.rank.ResultStore} API over the one result store, for the analyses until they store
 * through {@link ResultStore} themselves; delete it then.
 */
@Component(service = lmwb.api.rank.ResultStore.class)
public class LegacyResultStore implements lmwb.api.rank.ResultStore {
    private final ResultStore store;

    /** @param store the one result store */
    @Activate
    public LegacyResultStore(@Reference ResultStore store) {
        this.store = store;
    }

    @Override
    public List<lmwb.api.rank.StoredResult> list() throws IOException {
        return store.query(new ResultQuery(null, null, null, null, null, null, null, ResultQuery.MAX_LIMIT, null))
                .results().stream().map(LegacyResultStore::old).collect(Collectors.toList());
    }

    @Override
    public Optional<lmwb.api.rank.StoredResult> find(String id) throws IOException {
        return store.find(id).map(LegacyResultStore::old);
    }

    @Override
    public String json(String id) throws IOException {
        return store.document(id);
    }

    @Override
    public lmwb.api.rank.StoredResult save(String kind, String summary, String json, Map<String, byte[]> files)
            throws IOException {
        return old(store.save(kind, new ResultMetadata(summary, null, null, null, null, null), json, files));
    }

    private static lmwb.api.rank.StoredResult old(StoredResult r) {
        return new lmwb.api.rank.StoredResult(r.id(), r.kind(), r.created(), r.summary(), r.directory());
    }
}
