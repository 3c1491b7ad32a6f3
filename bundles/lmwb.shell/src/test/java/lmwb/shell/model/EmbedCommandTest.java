package lmwb.shell.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;
import lmwb.api.capability.Capability;
import lmwb.api.encoder.EmbedRequest;
import lmwb.api.encoder.EmbedResult;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultStore;
import lmwb.common.json.Json;
import lmwb.shell.testing.TestStore;
import lmwb.shell.core.Invocation;
import lmwb.shell.testing.Recording;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code embed}: options (new and old spellings) → request, --out copies the stored export, rendering, errors. */
class EmbedCommandTest {
    @TempDir
    Path dir;
    private TestStore testStore;
    private ResultStore store;
    private Recording<EmbedRequest, EmbedResult> capability;
    private EmbedCommand command;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldErr;

    @BeforeEach
    void setUp() throws Exception {
        testStore = new TestStore(dir);
        store = testStore.store;
        capability = new Recording<>("embed", EmbedRequest.class, (q, c) -> {
            try (ResultStore.PendingResult p = store.begin(EmbedResult.KIND)) {
                Files.writeString(p.file("layer-6.npy"), "matrix");
                Files.writeString(p.file("labels.npy"), "labels");
                Files.writeString(p.file(EmbedResult.MANIFEST), "{}");
                EmbedResult r = new EmbedResult(p.id(), EmbedResult.KIND, q.model(), q.dataset(), "sha256:x", "text-classification",
                        List.of("a", "b"), 4, 384, List.of(6), false, "mean", "mean", "native", new int[0], 19, 1, false,
                        List.of("layer-6.npy", "labels.npy", EmbedResult.MANIFEST), 1.5, Provenance.builder("embed").build());
                p.commit(new ResultMetadata("embed", c.user(), q.dataset(), List.of(q.model()), List.of(), null),
                        Json.COMPACT_WITH_NULLS.toJson(r));
                return r;
            }
        });
        Invocation invocation = new Invocation(store);
        invocation.addCapability(capability, Map.of(Capability.NAME, "embed"));
        command = new EmbedCommand(invocation);
        oldErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @org.junit.jupiter.api.AfterEach
    void closeStore() {
        testStore.close();
    }

    @AfterEach
    void tearDown() {
        System.setErr(oldErr);
    }

    private String embed(String model, String dataset, String layers, String out, String sentence, String pooling, String subword,
            String subwordOld, String pair, String pairOld, String batch, String batchOld, String json) throws Exception {
        return command.embed(model, dataset, layers, out, "", sentence, pooling, subword, subwordOld, pair, pairOld, batch, batchOld,
                "", "", "", "", "", "", "", json);
    }

    @Test
    void newAndOldOptionSpellingsGiveTheSameRequest() throws Exception {
        embed("m", "d", "-1,mean", "", "cls", "", "first", "", "join", "", "8", "", "");
        embed("m", "d", "-1,mean", "", "", "cls", "", "first", "", "join_sep", "", "8", "");
        assertEquals(capability.requests.get(0), capability.requests.get(1));
        EmbedRequest r = capability.requests.get(0);
        assertEquals(List.of("-1", "mean"), r.layers());
        assertEquals(List.of(SentencePooling.CLS, SubwordPooling.FIRST, PairEncoding.JOIN_SEP, 8),
                List.of(r.sentencePooling(), r.subwordPooling(), r.pairEncoding(), r.batchSize()));
        String notes = err.toString(StandardCharsets.UTF_8);
        for (String old : List.of("--pooling", "--subword", "--pair", "--batch")) {
            assertTrue(notes.contains("note: " + old + " is deprecated"), notes);
        }
        embed("m", "d", "", "", "", "", "", "", "", "", "", "", "");
        assertEquals(List.of("all"), capability.requests.get(2).layers(), "all layers by default");
    }

    @Test
    void outCopiesTheStoredExportAndTheTableSaysWhere() throws Exception {
        Path out = dir.resolve("emb");
        String text = embed("m", "d", "", out.toString(), "", "", "", "", "", "", "", "", "");
        assertEquals(List.of("labels.npy", "layer-6.npy", "manifest.json", "result.json"), names(out));
        assertTrue(text.contains("layers            [layer-6]"), text);
        assertTrue(text.contains("warning: 1 inputs were longer than the model's maximum length"), text);
        assertTrue(text.endsWith("out: " + out + " (replaced)") || text.endsWith("out: " + out), text);
        // a second export of another model replaces it whole, without --force
        embed("m2", "d", "", out.toString(), "", "", "", "", "", "", "", "", "");
        assertEquals(List.of("labels.npy", "layer-6.npy", "manifest.json", "result.json"), names(out));
    }

    @Test
    void errorsAreOneLineAndNothingIsStored() throws Exception {
        assertEquals("--model is required, e.g. --model all-minilm-l6-v2 (see 'lmwb models')",
                assertThrows(IllegalArgumentException.class, () -> embed("", "d", "", "", "", "", "", "", "", "", "", "", ""))
                        .getMessage());
        assertEquals("--layers: 'top' is not a layer number; use all, mean or a comma list of numbers such as -1,-2",
                assertThrows(IllegalArgumentException.class, () -> embed("m", "d", "top", "", "", "", "", "", "", "", "", "", ""))
                        .getMessage());
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> embed("m", "d", "", file.toString(), "", "", "", "", "", "", "", "", "")).getMessage()
                .startsWith("--out " + file + " is a file"));
        assertTrue(capability.requests.isEmpty());
        assertFalse(store.query(lmwb.api.results.ResultQuery.ALL).results().iterator().hasNext());
    }

    private static List<String> names(Path d) throws Exception {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
