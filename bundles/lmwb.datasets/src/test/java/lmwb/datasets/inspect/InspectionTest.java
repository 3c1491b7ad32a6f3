package lmwb.datasets.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lmwb.api.CancellationToken;
import lmwb.api.capability.RunContext;
import lmwb.api.data.DatasetInfo;
import lmwb.api.data.DatasetList;
import lmwb.api.data.DatasetRequest;
import lmwb.api.data.DatasetsRequest;
import lmwb.api.data.TextTable;
import lmwb.datasets.builtin.Catalogue;
import lmwb.datasets.catalog.BuiltinDatasetProvider;
import lmwb.datasets.catalog.DatasetCatalogService;
import lmwb.datasets.catalog.FileDatasetProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset-inspection capabilities and the table service over the real catalogue, providers and reader. */
class InspectionTest {
    private static final RunContext LOCAL = RunContext.local(null, CancellationToken.NONE);

    @TempDir
    Path home;

    private DatasetCatalogService catalog() {
        DatasetCatalogService s = new DatasetCatalogService();
        s.addProvider(new FileDatasetProvider(), Map.of("service.ranking", 0, "service.id", 5L));
        s.addProvider(new BuiltinDatasetProvider(new Catalogue(home)), Map.of("service.ranking", 10, "service.id", 6L));
        return s;
    }

    @Test
    void datasetSaysWhatWasReadFromAFile() throws Exception {
        Path csv = Files.writeString(home.resolve("d.csv"), "text,label\ngood film,pos\nbad film,neg\nfine film,pos\n");
        DatasetInfo info = new DatasetInspection(catalog()).run(new DatasetRequest(csv.toString(), null, null, null, null, null,
                null, null, null), LOCAL);
        assertEquals(List.of("text-classification", 3), List.of(info.task(), info.size()));
        assertEquals(Map.of("pos", 2L, "neg", 1L), info.labels());
        assertNull(info.targets());
        assertEquals(new DatasetInfo.Shown("good film", null, "pos", null), info.examples().get(0));
        assertTrue(info.contentHash().startsWith("sha256:"), info.contentHash());
    }

    @Test
    void datasetsAsksTheProviderWhetherADatasetIsOnDisk() throws Exception {
        DatasetList list = new DatasetListing(catalog()).run(new DatasetsRequest(), LOCAL);
        DatasetList.Entry first = list.datasets().get(0);
        assertEquals(List.of("acceptability", true, false), List.of(first.name(), first.isDefault(), first.local()),
                "nothing is fetched into a fresh home");
        Path dir = Files.createDirectories(home.resolve("datasets").resolve("acceptability"));
        Files.writeString(dir.resolve(Catalogue.MARKER), "fetched");
        assertEquals(true, new DatasetListing(catalog()).run(new DatasetsRequest(), LOCAL).datasets().get(0).local());
    }

    @Test
    void tablesOfOneColumnAreReadForEstimateAndMalformedOnesNamed() throws Exception {
        Path labels = Files.writeString(home.resolve("y.csv"), "label\nx\ny\n");
        TextTable t = new TableFilesService().read(labels);
        assertEquals(List.of("x", "y"), t.values(t.column("label")));
        Path bad = Files.writeString(home.resolve("bad.csv"), "a,b\n1,2\n3\n");
        String m = assertThrows(IllegalArgumentException.class, () -> new TableFilesService().read(bad)).getMessage();
        assertTrue(m.startsWith(bad + ":3: expected 2 fields"), m);
        assertEquals(home.resolve("none.csv") + ": no such file", assertThrows(IllegalArgumentException.class,
                () -> new TableFilesService().read(home.resolve("none.csv"))).getMessage());
    }
}
