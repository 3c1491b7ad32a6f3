package lmwb.shell.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.encoder.EmbeddingCache;
import lmwb.shell.Render;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code lmwb:cache}: lists or clears the on-disk embedding cache. */
@Component(service = CacheCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=cache"})
public class CacheCommand {
    private final EmbeddingCache cache;

    /** @param cache the embedding cache */
    @Activate
    public CacheCommand(@Reference EmbeddingCache cache) {
        this.cache = cache;
    }

    /**
     * Lists or clears cache entries.
     *
     * @param clear delete every entry
     * @param json print JSON
     * @return the listing, or what was freed
     * @throws IOException when the cache folder cannot be read or cleared
     */
    @Descriptor("list the embedding cache entries with their sizes, or clear the cache")
    public String cache(
            @Descriptor("delete every entry") @Parameter(names = "--clear", presentValue = "true", absentValue = "") String clearFlag,
            @Descriptor("print JSON instead of a table") @Parameter(names = "--json", presentValue = "true", absentValue = "") String jsonFlag)
            throws IOException {
        boolean clear = !clearFlag.isEmpty();
        boolean json = !jsonFlag.isEmpty();
        if (clear) {
            int entries = cache.entries().size();
            long freed = cache.clear();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("location", cache.location().toString());
            out.put("entries_removed", entries);
            out.put("bytes_freed", freed);
            return json ? Render.json(out)
                    : "removed " + entries + " entries (" + mib(freed) + ") from " + cache.location();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        long total = 0;
        for (EmbeddingCache.Entry e : cache.entries()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", e.key());
            row.put("model", e.model());
            row.put("model_hash", e.modelHash());
            row.put("dataset_hash", e.datasetHash());
            row.put("layers", e.layers());
            row.put("pooling", e.pooling());
            row.put("rows", e.rows());
            row.put("cols", e.cols());
            row.put("bytes", e.bytes());
            row.put("created", e.created().toString());
            rows.add(row);
            total += e.bytes();
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("location", cache.location().toString());
            out.put("total_bytes", total);
            out.put("entries", rows);
            return Render.json(out);
        }
        if (rows.isEmpty()) {
            return "the embedding cache at " + cache.location() + " is empty";
        }
        List<List<Object>> cells = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            cells.add(List.of(((String) r.get("key")).substring(0, 12), r.get("model"),
                    shortHash((String) r.get("dataset_hash")), r.get("layers"), r.get("pooling"),
                    r.get("rows") + " x " + r.get("cols"), mib((Long) r.get("bytes")), r.get("created")));
        }
        return Render.table(List.of("KEY", "MODEL", "DATASET", "LAYERS", "POOLING", "SHAPE", "SIZE", "CREATED"), cells)
                + "\n" + rows.size() + " entries, " + mib(total) + " in " + cache.location();
    }

    private static String shortHash(String h) {
        String s = h.startsWith("sha256:") ? h.substring(7) : h;
        return s.length() > 12 ? s.substring(0, 12) : s;
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
