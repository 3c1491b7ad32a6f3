package lmwb.datasets.catalog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import lmwb.api.ProgressListener;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.data.DatasetDescriptor;
import lmwb.api.data.DatasetOptions;
import lmwb.api.data.DatasetProvider;
import lmwb.datasets.builtin.Catalogue;
import lmwb.datasets.read.Downsampler;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The workbench's dataset catalogue: asks every registered {@link DatasetProvider} in service-ranking
 * order (highest first, then oldest) and applies {@link DatasetOptions#downsample()} with
 * {@link DatasetOptions#seed()} to what the first provider that understands the reference returns.
 */
@Component(service = DatasetCatalog.class)
public class DatasetCatalogService implements DatasetCatalog {
    private final List<Ranked> providers = new CopyOnWriteArrayList<>();

    private record Ranked(DatasetProvider provider, int ranking, long id) {
    }

    /**
     * @param provider a provider
     * @param props its service properties
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addProvider(DatasetProvider provider, Map<String, Object> props) {
        Object r = props.get(Constants.SERVICE_RANKING);
        Object id = props.get(Constants.SERVICE_ID);
        providers.add(new Ranked(provider, r instanceof Integer i ? i : 0, id instanceof Long l ? l : Long.MAX_VALUE));
    }

    /** @param provider a provider going away */
    public void removeProvider(DatasetProvider provider) {
        providers.removeIf(r -> r.provider() == provider);
    }

    private List<DatasetProvider> ordered() {
        List<Ranked> copy = new ArrayList<>(providers);
        copy.sort(Comparator.comparingInt(Ranked::ranking).reversed().thenComparingLong(Ranked::id));
        return copy.stream().map(Ranked::provider).toList();
    }

    @Override
    public List<DatasetDescriptor> list() {
        List<DatasetDescriptor> all = new ArrayList<>();
        for (DatasetProvider p : ordered()) {
            all.addAll(p.catalogue());
        }
        return all;
    }

    @Override
    public Dataset load(String reference, DatasetOptions options, ProgressListener progress) throws IOException {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("no dataset given; pass a catalogue name (" + names() + ") or a file path");
        }
        for (DatasetProvider p : ordered()) {
            Optional<Dataset> d = p.load(reference, options, progress);
            if (d.isPresent()) {
                return options.downsample() == 1.0 ? d.get() : Downsampler.apply(d.get(), options.downsample(), options.seed());
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + reference + "': not in the catalogue (" + names()
                + ") and no such file; a path to a CSV, TSV, JSON Lines, JSON, CoNLL or word/tag file (or a directory "
                + "of train/dev/test files) also works");
    }

    private String names() {
        return String.join(", ", list().stream().map(DatasetDescriptor::name).toList());
    }

    @Override
    public Optional<Boolean> isLocal(DatasetDescriptor dataset) {
        for (DatasetProvider p : ordered()) {
            if (p.name().equals(dataset.provider())) {
                return p.isLocal(dataset.name());
            }
        }
        return Optional.empty();
    }

    @Override
    public String defaultDataset() {
        return Catalogue.DEFAULT;
    }
}
