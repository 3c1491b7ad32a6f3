package lmwb.datasets.catalog;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import lmwb.api.ProgressListener;
import lmwb.api.TaskType;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetDescriptor;
import lmwb.api.data.DatasetOptions;
import lmwb.api.data.DatasetProvider;
import lmwb.datasets.builtin.Catalogue;
import lmwb.api.LmwbHome;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The built-in catalogue of real datasets (see {@link Catalogue}), fetched on first use into
 * {@code $LMWB_HOME/datasets}. Column overrides, or a task type other than the dataset's, are refused;
 * downsampling is done by the {@link lmwb.api.data.DatasetCatalog}.
 */
@Component(service = DatasetProvider.class, property = {DatasetProvider.NAME + "=" + BuiltinDatasetProvider.NAME,
        "service.ranking:Integer=10"})
public class BuiltinDatasetProvider implements DatasetProvider {
    /** This provider's name. */
    public static final String NAME = "builtin";

    private final Catalogue catalogue;

    /** Uses the lmwb home of this process ({@link LmwbHome#resolve()}). */
    @Activate
    public BuiltinDatasetProvider() {
        this(new Catalogue(LmwbHome.resolve()));
    }

    /** @param catalogue the catalogue to serve (tests pass one with their own home) */
    public BuiltinDatasetProvider(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<DatasetDescriptor> catalogue() {
        return catalogue.descriptors(NAME);
    }

    @Override
    public Optional<Boolean> isLocal(String name) {
        return catalogue().stream().anyMatch(d -> d.name().equals(name)) ? Optional.of(catalogue.isFetched(name))
                : Optional.empty();
    }

    @Override
    public Optional<Dataset> load(String reference, DatasetOptions options, ProgressListener progress) throws IOException {
        Optional<DatasetDescriptor> entry = catalogue().stream().filter(d -> d.name().equals(reference.trim())).findFirst();
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        if (options.textColumn() != null || options.pairColumn() != null || options.labelColumn() != null) {
            throw new IllegalArgumentException("column options apply to files only; '" + reference
                    + "' is a built-in dataset with fixed columns");
        }
        if (options.taskType() != null && TaskType.parse(options.taskType()) != entry.get().taskType()) {
            throw new IllegalArgumentException("'" + reference + "' is a " + entry.get().taskType().displayName()
                    + " dataset; it cannot be read as " + TaskType.parse(options.taskType()).displayName());
        }
        return catalogue.load(reference, progress);
    }
}
