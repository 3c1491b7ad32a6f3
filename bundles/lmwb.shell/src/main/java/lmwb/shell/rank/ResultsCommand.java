package lmwb.shell.rank;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.results.ResultPage;
import lmwb.api.results.ResultQuery;
import lmwb.api.results.ResultStore;
import lmwb.api.results.StoredResult;
import lmwb.shell.Render;
import lmwb.shell.core.Views;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code lmwb:results}: lists and filters stored results of every kind, or shows one. */
@Component(service = ResultsCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=results"})
public class ResultsCommand {
    private final ResultStore store;

    /** @param store the one result store */
    @Activate
    public ResultsCommand(@Reference ResultStore store) {
        this.store = store;
    }

    /**
     * Lists results.
     *
     * @return the listing
     * @throws Exception on failure
     */
    @Descriptor("list stored results of every kind (newest first)")
    public String results(
            @Descriptor("only this kind: ranking, validation, embedding, estimate, training, prediction, ...") @Parameter(names = "--kind", absentValue = "") String kind,
            @Descriptor("only results of this dataset") @Parameter(names = "--dataset", absentValue = "") String dataset,
            @Descriptor("only results that used this model") @Parameter(names = "--model", absentValue = "") String model,
            @Descriptor("only results of this user (local for the command line)") @Parameter(names = "--user", absentValue = "") String user,
            @Descriptor("at most this many (1 to " + ResultQuery.MAX_LIMIT + ", default " + ResultQuery.DEFAULT_LIMIT + ")") @Parameter(names = "--limit", absentValue = "") String limit,
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "") String json)
            throws Exception {
        ResultPage page = store.query(new ResultQuery(blankToNull(kind), blankToNull(dataset), blankToNull(model), null,
                blankToNull(user), null, null, limit(limit), null));
        return listing(page, !json.isEmpty());
    }

    /**
     * Shows one result.
     *
     * @param json print the stored JSON document
     * @param id the id or a unique prefix
     * @return the result
     * @throws Exception on failure
     */
    @Descriptor("show one stored result")
    public String results(
            @Descriptor("print the stored JSON document") @Parameter(names = "--json", presentValue = "true", absentValue = "") String json,
            @Descriptor("result id or a unique prefix") String id) throws Exception {
        StoredResult r = store.find(id).orElseThrow(() -> new IllegalArgumentException(
                "no stored result '" + id + "'; run 'lmwb results' to list them"));
        if (!json.isEmpty()) {
            return Views.document(store, r.id());
        }
        return Views.table(store, r) + "\nfolder: " + r.directory();
    }

    static String listing(ResultPage page, boolean json) {
        List<StoredResult> all = page.results();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (StoredResult r : all) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", r.id());
                m.put("kind", r.kind());
                m.put("created", r.created().toString());
                m.put("user", r.user());
                m.put("summary", r.summary());
                m.put("dataset", r.dataset());
                m.put("models", r.models());
                m.put("directory", r.directory() == null ? null : r.directory().toString());
                rows.add(m);
            }
            return Render.json(rows);
        }
        if (all.isEmpty()) {
            return "no stored results match; run 'lmwb rank' (or drop the filters)";
        }
        List<List<Object>> rows = new ArrayList<>();
        for (StoredResult r : all) {
            rows.add(List.of(r.id(), r.kind(), r.user(), r.summary()));
        }
        String table = Render.table(List.of("ID", "KIND", "USER", "SUMMARY"), rows);
        return page.nextCursor() == null ? table : table + "(more: raise --limit or filter)";
    }

    private static Integer limit(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 1 || n > ResultQuery.MAX_LIMIT) {
                throw new IllegalArgumentException("results --limit must be between 1 and " + ResultQuery.MAX_LIMIT + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("results --limit: expected a whole number, got '" + text + "'");
        }
    }

    private static String blankToNull(String s) {
        return s.isBlank() ? null : s.trim();
    }
}
