package lmwb.shell.rank;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.rank.ResultStore;
import lmwb.api.rank.StoredResult;
import lmwb.shell.Render;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code lmwb:results}: lists stored results or shows one. */
@Component(service = ResultsCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=results"})
public class ResultsCommand {
    @Reference
    private ResultStore store;

    /**
     * Lists results.
     *
     * @param json print JSON
     * @return the listing
     * @throws Exception on failure
     */
    @Descriptor("list stored results (newest first)")
    public String results(
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json)
            throws Exception {
        List<StoredResult> all = store.list();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (StoredResult r : all) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", r.id());
                m.put("kind", r.kind());
                m.put("created", r.created().toString());
                m.put("summary", r.summary());
                m.put("directory", r.directory().toString());
                rows.add(m);
            }
            return Render.json(rows);
        }
        if (all.isEmpty()) {
            return "no stored results yet; run 'lmwb rank'";
        }
        List<List<Object>> rows = new ArrayList<>();
        for (StoredResult r : all) {
            rows.add(List.of(r.id(), r.kind(), r.summary()));
        }
        return Render.table(List.of("ID", "KIND", "SUMMARY"), rows);
    }

    /**
     * Shows one result.
     *
     * @param id the id or a unique prefix
     * @param json print the stored JSON document
     * @return the result
     * @throws Exception on failure
     */
    @Descriptor("show one stored result")
    public String results(
            @Descriptor("print the stored JSON document") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("result id or a unique prefix") String id) throws Exception {
        String doc = store.json(id);
        if (json) {
            return JsonParser.parseString(doc).toString();
        }
        JsonObject o = JsonParser.parseString(doc).getAsJsonObject();
        if (!"ranking".equals(o.get("kind").getAsString())) {
            return Render.prettyJson(o);
        }
        StoredResult r = store.find(id).orElseThrow();
        return RankingView.render(o, "bestlayer".equals(o.get("aggregation").getAsString())) + "\nfolder: " + r.directory();
    }
}
