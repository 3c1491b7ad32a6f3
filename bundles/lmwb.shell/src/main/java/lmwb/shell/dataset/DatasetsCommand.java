package lmwb.shell.dataset;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.LmwbHome;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.data.DatasetDescriptor;
import lmwb.shell.Render;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code lmwb:datasets}: the datasets every provider offers by name, and whether each is already on disk. */
@Component(service = DatasetsCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=datasets"})
public class DatasetsCommand {
    @Reference
    private DatasetCatalog catalog;

    /**
     * Lists datasets.
     *
     * @param json print JSON
     * @return the listing
     */
    @Descriptor("list the built-in and registered datasets: name, task, description, source, whether fetched locally")
    public String datasets(
            @Descriptor("print a JSON array instead of a table") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        String def = catalog.defaultDataset();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DatasetDescriptor d : catalog.list()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", d.name());
            row.put("task", d.taskType().displayName());
            row.put("provider", d.provider());
            row.put("source", d.source());
            row.put("local", fetched(d));
            row.put("default", d.name().equals(def));
            row.put("description", d.description());
            rows.add(row);
        }
        if (json) {
            return Render.json(rows);
        }
        if (rows.isEmpty()) {
            return "no datasets available (no dataset provider is installed); a file path works with lmwb:dataset\n";
        }
        List<List<Object>> cells = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Object local = r.get("local");
            cells.add(List.of(r.get("name") + (Boolean.TRUE.equals(r.get("default")) ? " *" : ""), r.get("task"),
                    r.get("source"), local == null ? "-" : (Boolean) local ? "yes" : "no", r.get("description")));
        }
        return Render.table(List.of("NAME", "TASK", "SOURCE", "LOCAL", "DESCRIPTION"), cells)
                + "* default dataset; any CSV/TSV/JSONL/JSON/CoNLL/word-tag file path also works\n";
    }

    /**
     * Whether a built-in dataset is unpacked under {@code $LMWB_HOME/datasets/<name>/} (the built-in provider
     * writes a marker file last); {@code null} for other providers, whose storage is unknown.
     */
    static Boolean fetched(DatasetDescriptor d) {
        if (!"builtin".equals(d.provider())) {
            return null;
        }
        return Files.isRegularFile(LmwbHome.resolve("datasets").resolve(d.name()).resolve("lmwb-source.txt"));
    }
}
