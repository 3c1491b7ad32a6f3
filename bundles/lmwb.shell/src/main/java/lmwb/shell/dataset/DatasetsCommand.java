package lmwb.shell.dataset;

import java.util.ArrayList;
import java.util.List;
import lmwb.api.data.DatasetList;
import lmwb.api.results.StoredResult;
import lmwb.shell.Render;
import lmwb.shell.core.Invocation;
import lmwb.shell.core.Options;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code lmwb:datasets}: the {@code datasets} capability's listing (whether each is on disk comes from its provider). */
@Component(service = DatasetsCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=datasets"})
public class DatasetsCommand {
    private final Invocation invocation;

    /** @param invocation runs capabilities */
    @Activate
    public DatasetsCommand(@Reference Invocation invocation) {
        this.invocation = invocation;
    }

    /**
     * Lists datasets.
     *
     * @param json print JSON
     * @return the listing
     * @throws Exception on failure
     */
    @Descriptor("list the built-in and registered datasets: name, task, description, source, whether fetched locally")
    public String datasets(
            @Descriptor("print JSON instead of a table") @Parameter(names = "--json", presentValue = "true", absentValue = "") String json)
            throws Exception {
        return invocation.call("datasets", Options.given()).render(json);
    }

    /**
     * @param list the datasets
     * @param stored {@code null} (not stored)
     * @return the table
     */
    public static String table(DatasetList list, StoredResult stored) {
        if (list.datasets().isEmpty()) {
            return "no datasets available (no dataset provider is installed); a file path works with lmwb:dataset\n";
        }
        List<List<Object>> cells = new ArrayList<>();
        for (DatasetList.Entry d : list.datasets()) {
            cells.add(List.of(d.name() + (d.isDefault() ? " *" : ""), d.task(), d.source(),
                    d.local() == null ? "-" : d.local() ? "yes" : "no", d.description()));
        }
        return Render.table(List.of("NAME", "TASK", "SOURCE", "LOCAL", "DESCRIPTION"), cells)
                + "* default dataset; any CSV/TSV/JSONL/JSON/CoNLL/word-tag file path also works\n";
    }
}
