package lmwb.datasets.inspect;

import java.util.ArrayList;
import java.util.List;
import lmwb.api.capability.Capability;
import lmwb.api.capability.RunContext;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.data.DatasetDescriptor;
import lmwb.api.data.DatasetList;
import lmwb.api.data.DatasetsRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code datasets}: the datasets every provider offers by name, and whether each is on disk already. */
@Component(property = Capability.NAME + "=datasets")
public class DatasetListing implements Capability<DatasetsRequest, DatasetList> {
    private final DatasetCatalog catalog;

    /** @param catalog the datasets */
    @Activate
    public DatasetListing(@Reference DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public String name() {
        return "datasets";
    }

    @Override
    public String description() {
        return "list the built-in and registered datasets: name, task, description, source, whether fetched locally";
    }

    @Override
    public Class<DatasetsRequest> requestType() {
        return DatasetsRequest.class;
    }

    @Override
    public DatasetList run(DatasetsRequest request, RunContext context) {
        String def = catalog.defaultDataset();
        List<DatasetList.Entry> out = new ArrayList<>();
        for (DatasetDescriptor d : catalog.list()) {
            out.add(new DatasetList.Entry(d.name(), d.taskType().displayName(), d.provider(), d.source(),
                    catalog.isLocal(d).orElse(null), d.name().equals(def), d.description()));
        }
        return new DatasetList(DatasetList.KIND, out);
    }
}
