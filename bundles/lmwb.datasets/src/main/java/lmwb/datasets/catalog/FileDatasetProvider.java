package lmwb.datasets.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import lmwb.api.ProgressEvent;
import lmwb.api.ProgressListener;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetDescriptor;
import lmwb.api.data.DatasetOptions;
import lmwb.api.data.DatasetProvider;
import lmwb.datasets.read.FileDatasetReader;
import org.osgi.service.component.annotations.Component;

/**
 * Reads user files (CSV, TSV, JSON Lines, JSON arrays, CoNLL, word/tag) and directories of split files.
 * Handles any reference that is an existing path ({@code ~} expands to the user's home). Does not
 * downsample: the {@link lmwb.api.data.DatasetCatalog} does.
 */
@Component(service = DatasetProvider.class, property = {DatasetProvider.NAME + "=" + FileDatasetProvider.NAME,
        "service.ranking:Integer=0"})
public class FileDatasetProvider implements DatasetProvider {
    /** This provider's name. */
    public static final String NAME = "files";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<DatasetDescriptor> catalogue() {
        return List.of();
    }

    @Override
    public Optional<Dataset> load(String reference, DatasetOptions options, ProgressListener progress) throws IOException {
        Path path = toPath(reference);
        if (path == null || !Files.exists(path)) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        String stage = "read " + path.getFileName();
        progress.onProgress(new ProgressEvent(stage, 0, 1, "datasets", 0));
        Dataset d = FileDatasetReader.read(path, options);
        progress.onProgress(new ProgressEvent(stage, 1, 1, "datasets", System.nanoTime() - start));
        return Optional.of(d);
    }

    static Path toPath(String reference) {
        String r = reference.trim();
        if (r.equals("~") || r.startsWith("~/")) {
            r = System.getProperty("user.home") + r.substring(1);
        }
        try {
            return Path.of(r);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
