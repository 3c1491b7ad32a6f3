package lmwb.datasets.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lmwb.api.ProgressListener;
import lmwb.api.TaskType;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetDescriptor;
import lmwb.api.data.DatasetOptions;
import lmwb.api.data.DatasetProvider;
import lmwb.datasets.builtin.Catalogue;
import org.junit.jupiter.api.Test;

/** The catalogue service over real providers (files, built-in with a home that is never fetched into) and a stub. */
class DatasetCatalogServiceTest {
    static final String CSV = "src/test/resources/fixtures/sentences.csv";

    /** A provider that claims every reference, to check ranking order. */
    static final class Claiming implements DatasetProvider {
        @Override
        public String name() {
            return "claiming";
        }

        @Override
        public List<DatasetDescriptor> catalogue() {
            return List.of(new DatasetDescriptor("stub", TaskType.TEXT_CLASSIFICATION, "stub", "test", "claiming"));
        }

        @Override
        public Optional<Dataset> load(String reference, DatasetOptions options, ProgressListener progress) throws IOException {
            return new FileDatasetProvider().load("src/test/resources/fixtures/reviews.json", options, progress);
        }
    }

    static DatasetCatalogService service() {
        DatasetCatalogService s = new DatasetCatalogService();
        s.addProvider(new FileDatasetProvider(), Map.of("service.ranking", 0, "service.id", 5L));
        s.addProvider(new BuiltinDatasetProvider(new Catalogue(Path.of("target", "never-fetched"))),
                Map.of("service.ranking", 10, "service.id", 6L));
        return s;
    }

    @Test
    void listsBuiltinFirstAndNamesTheDefault() {
        DatasetCatalogService s = service();
        assertEquals("acceptability", s.list().get(0).name());
        assertEquals("acceptability", s.defaultDataset());
        assertEquals(8, s.list().size());
        assertTrue(s.list().stream().allMatch(d -> d.provider().equals("builtin")));
    }

    @Test
    void unknownNameListsCatalogueAndMentionsPaths() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> service().load("no-such-set", DatasetOptions.DEFAULTS, ProgressListener.NONE)).getMessage();
        assertTrue(m.contains("unknown dataset 'no-such-set'"), m);
        assertTrue(m.contains("acceptability, pp-attachment, sentiment-sentences"), m);
        assertTrue(m.contains("path"), m);
    }

    @Test
    void builtinRefusesColumnAndTaskOverrides() {
        String m = assertThrows(IllegalArgumentException.class, () -> service().load("acceptability",
                DatasetOptions.DEFAULTS.withColumns("sentence", null, null), ProgressListener.NONE)).getMessage();
        assertTrue(m.contains("column options apply to files only"), m);
        String t = assertThrows(IllegalArgumentException.class, () -> service().load("acceptability",
                DatasetOptions.DEFAULTS.withTaskType("text-regression"), ProgressListener.NONE)).getMessage();
        assertTrue(t.contains("is a text-classification dataset"), t);
    }

    @Test
    void filesAreReadAndDownsampled() throws IOException {
        DatasetCatalogService s = service();
        assertEquals(4, s.load(CSV, DatasetOptions.DEFAULTS, ProgressListener.NONE).size());
        Dataset half = s.load(CSV, DatasetOptions.DEFAULTS.withDownsample(0.5), ProgressListener.NONE);
        assertEquals(2, half.size());
        assertEquals(4L, half.report().get("downsample.from"));
    }

    @Test
    void higherRankingProviderWinsAndRemovalIsDynamic() throws IOException {
        DatasetCatalogService s = service();
        Claiming claiming = new Claiming();
        s.addProvider(claiming, Map.of("service.ranking", 100, "service.id", 9L));
        assertEquals("stub", s.list().get(0).name());
        assertEquals(3, s.load(CSV, DatasetOptions.DEFAULTS, ProgressListener.NONE).size(), "reviews.json from the stub");
        s.removeProvider(claiming);
        assertEquals(4, s.load(CSV, DatasetOptions.DEFAULTS, ProgressListener.NONE).size());
    }
}
