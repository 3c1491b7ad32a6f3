package lmwb.shell.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.ModelDescriptor;
import lmwb.shell.Render;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code lmwb:models}: the models every model source offers (built-in, Hugging Face cache, ...). */
@Component(service = ModelsCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=models"})
public class ModelsCommand {
    private final EmbeddingService embeddings;

    /** @param embeddings the models every model source offers */
    @Activate
    public ModelsCommand(@Reference EmbeddingService embeddings) {
        this.embeddings = embeddings;
    }

    /**
     * Lists models.
     *
     * @param json print JSON
     * @return the listing
     */
    @Descriptor("list the pretrained models available (built-in and cached), with layers, hidden size and parameters")
    public String models(
            @Descriptor("print a JSON array instead of a table") @Parameter(names = "--json", presentValue = "true", absentValue = "") String jsonFlag) {
        boolean json = !jsonFlag.isEmpty();
        List<String> defaults = embeddings.defaultModels();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ModelDescriptor d : embeddings.models()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", d.reference());
            row.put("source", d.source());
            row.put("layers", d.layers() < 0 ? null : d.layers());
            row.put("hidden_size", d.hiddenSize() < 0 ? null : d.hiddenSize());
            row.put("parameters", d.parameters() < 0 ? null : d.parameters());
            row.put("local", d.local());
            row.put("is_default", defaults.contains(d.reference()));
            row.put("description", d.description());
            rows.add(row);
        }
        if (json) {
            return Render.json(rows);
        }
        if (rows.isEmpty()) {
            return "no models available (no model source is installed)";
        }
        List<List<Object>> cells = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Object params = r.get("parameters");
            cells.add(List.of(r.get("model"), r.get("source"), orDash(r.get("layers")), orDash(r.get("hidden_size")),
                    params == null ? "-" : String.format("%.1fM", ((Long) params) / 1e6),
                    (Boolean) r.get("local") ? "yes" : "no", r.get("description")));
        }
        return Render.table(List.of("MODEL", "SOURCE", "LAYERS", "HIDDEN", "PARAMS", "LOCAL", "DESCRIPTION"), cells);
    }

    private static Object orDash(Object o) {
        return o == null ? "-" : o;
    }
}
