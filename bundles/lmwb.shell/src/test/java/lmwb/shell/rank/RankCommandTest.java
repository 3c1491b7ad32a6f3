package lmwb.shell.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;
import lmwb.api.capability.Capability;
import lmwb.api.capability.RunContext;
import lmwb.api.encoder.EmbeddingEngine;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.rank.Correlation;
import lmwb.api.rank.LayerAggregation;
import lmwb.api.rank.RankRequest;
import lmwb.api.rank.RankResult;
import lmwb.api.rank.ValidateRequest;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultStore;
import lmwb.common.json.Json;
import lmwb.shell.core.Invocation;
import lmwb.shell.testing.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rank} and {@code validate} through the real shell core ({@link Invocation}, the request codec, the renderer)
 * with a capability that records the request it gets and stores a fixed result in a real (folder) result store: the
 * ranker itself is covered by lmwb.ranker's tests and the in-framework tests.
 */
class RankCommandTest {
    @TempDir
    Path dir;
    private TestStore testStore;
    private ResultStore store;
    private final List<Record> requests = new ArrayList<>();
    private RankCommand command;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldErr;

    @BeforeEach
    void setUp() throws Exception {
        testStore = new TestStore(dir);
        store = testStore.store;
        Invocation invocation = new Invocation(store);
        invocation.addCapability(new Recording<>("rank", RankRequest.class, r -> r), Map.of(Capability.NAME, "rank"));
        invocation.addCapability(new Recording<>("validate", ValidateRequest.class, ValidateRequest::toRankRequest),
                Map.of(Capability.NAME, "validate"));
        command = new RankCommand(invocation);
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

    /** rank with every option at its absent value except those named. */
    private String rank(Map<String, String> o) throws Exception {
        return command.rank(o.getOrDefault("dataset", ""), o.getOrDefault("models", ""), o.getOrDefault("estimator", ""),
                o.getOrDefault("options", ""), o.getOrDefault("layers", ""), o.getOrDefault("downsample", ""),
                o.getOrDefault("text-column", ""), o.getOrDefault("pair-column", ""), o.getOrDefault("label-column", ""),
                o.getOrDefault("task", ""), o.getOrDefault("encoding", ""), o.getOrDefault("sentence-pooling", ""),
                o.getOrDefault("subword-pooling", ""), o.getOrDefault("pair-encoding", ""), o.getOrDefault("batch-size", ""),
                o.getOrDefault("batch", ""), o.getOrDefault("device", ""), o.getOrDefault("seed", ""), o.getOrDefault("out", ""),
                o.getOrDefault("force", ""), o.getOrDefault("validate", ""), o.getOrDefault("bootstrap", ""),
                o.getOrDefault("combinations", ""), o.getOrDefault("engine", ""),
                o.getOrDefault("spark-master", ""), o.getOrDefault("request", ""),
                o.getOrDefault("json", ""));
    }

    @Test
    void noOptionsGiveTheRequestDefaults() throws Exception {
        rank(Map.of());
        assertEquals(new RankRequest(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null), requests.get(0));
        RankRequest r = (RankRequest) requests.get(0);
        // the defaults the README documents for rank
        assertEquals(List.of(LayerAggregation.LAYERMEAN, 1.0, "utf-8", SentencePooling.MEAN, PairEncoding.NATIVE, 32, "cpu", 42L, false),
                List.of(r.layers(), r.downsample(), r.encoding(), r.sentencePooling(), r.pairEncoding(), r.batchSize(),
                        r.device(), r.seed(), r.validate()));
    }

    @Test
    void everyOptionReachesItsComponent() throws Exception {
        rank(Map.ofEntries(Map.entry("dataset", "sst2"), Map.entry("models", "a, b"), Map.entry("estimator", "hscore,logme"),
                Map.entry("options", "k=5,metric=cosine"), Map.entry("layers", "bestlayer"), Map.entry("downsample", "0.5"),
                Map.entry("text-column", "t"), Map.entry("pair-column", "p"), Map.entry("label-column", "l"),
                Map.entry("task", "text-pair-classification"), Map.entry("encoding", "latin-1"),
                Map.entry("sentence-pooling", "weighted_mean"), Map.entry("subword-pooling", "first"),
                Map.entry("pair-encoding", "join"), Map.entry("batch-size", "8"), Map.entry("device", "gpu"),
                Map.entry("seed", "7"), Map.entry("validate", "true")));
        RankRequest r = (RankRequest) requests.get(0);
        assertEquals("sst2", r.dataset());
        assertEquals(List.of("a", "b"), r.models());
        assertEquals(List.of("hscore", "logme"), r.estimator());
        assertEquals(Map.of("k", "5", "metric", "cosine"), r.options());
        assertEquals(LayerAggregation.BESTLAYER, r.layers());
        assertEquals(0.5, r.downsample());
        assertEquals(List.of("t", "p", "l", "text-pair-classification", "latin-1"),
                List.of(r.textColumn(), r.pairColumn(), r.labelColumn(), r.task(), r.encoding()));
        assertEquals(SentencePooling.WEIGHTED_MEAN, r.sentencePooling());
        assertEquals(PairEncoding.JOIN_SEP, r.pairEncoding(), "join is accepted, as the README says");
        assertEquals(List.of(8, "gpu", 7L, true), List.of(r.batchSize(), r.device(), r.seed(), r.validate()));
    }

    @Test
    void theOldBatchSpellingStillWorksWithANoteOnStandardError() throws Exception {
        rank(Map.of("batch", "16"));
        assertEquals(16, ((RankRequest) requests.get(0)).batchSize());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("note: --batch is deprecated; use --batch-size"), err.toString());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> rank(Map.of("batch", "16", "batch-size", "8")));
        assertEquals("--batch and --batch-size are the same option; give only --batch-size", both.getMessage());
    }

    @Test
    void badValuesAreOneLineNamingTheOptionAndNothingRuns() {
        assertEquals("rank --batch-size: expected a whole number, got 'many'",
                assertThrows(IllegalArgumentException.class, () -> rank(Map.of("batch-size", "many"))).getMessage());
        assertEquals("--batch-size must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> rank(Map.of("batch-size", "0"))).getMessage());
        assertEquals("rank --layers: unknown layer aggregation 'deep'; use layermean, lastlayer or bestlayer",
                assertThrows(IllegalArgumentException.class, () -> rank(Map.of("layers", "deep"))).getMessage());
        assertEquals("rank --pair-encoding: unknown pair encoding 'zip'; use native or join",
                assertThrows(IllegalArgumentException.class, () -> rank(Map.of("pair-encoding", "zip"))).getMessage());
        assertTrue(requests.isEmpty(), "no capability ran");
    }

    @Test
    void aRequestFileAndTheSameOptionsGiveTheSameRequestAndTheCommandLineWins() throws Exception {
        Path file = dir.resolve("r.json");
        Files.writeString(file, "{\"dataset\": \"sst2\", \"models\": [\"a\", \"b\"], \"batch_size\": 8, \"layers\": \"lastlayer\"}");
        rank(Map.of("request", file.toString()));
        rank(Map.of("dataset", "sst2", "models", "a,b", "batch-size", "8", "layers", "lastlayer"));
        assertEquals(requests.get(0), requests.get(1));
        rank(Map.of("request", file.toString(), "batch-size", "4"));
        assertEquals(4, ((RankRequest) requests.get(2)).batchSize());
        assertEquals("sst2", ((RankRequest) requests.get(2)).dataset());
        Files.writeString(file, "{\"dataset\": \"sst2\", \"colour\": \"red\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rank(Map.of("request", file.toString())));
        assertTrue(e.getMessage().startsWith("unknown option 'colour' for rank; its options are dataset, models"), e.getMessage());
    }

    @Test
    void jsonIsTheStoredDocumentAndTheTableShowsTheRanking() throws Exception {
        String json = rank(Map.of("json", "true"));
        String id = store.query(lmwb.api.results.ResultQuery.ALL).results().get(0).id();
        assertEquals(lmwb.shell.core.Views.document(store, id), json, "rank --json prints what results ID --json prints");
        assertTrue(json.startsWith("{\"id\":\"" + id + "\",\"kind\":\"ranking\""), json);
        String table = rank(Map.of());
        assertTrue(table.startsWith("Ranking of mem — text classification, 10 samples, layers: layermean"), table);
        assertTrue(table.contains("1     good   0.9000  -1          0.8000"), table);
        assertTrue(table.contains("2     bad    -       –           -                 cached"), "a model without a finite layer: " + table);
        assertTrue(table.contains("plot: "), table);
    }

    @Test
    void bootstrapReachesItsComponentAndIsCheckedOnce() throws Exception {
        rank(Map.of("bootstrap", "200"));
        assertEquals(200, ((RankRequest) requests.get(0)).bootstrap());
        assertEquals("--bootstrap must be 0 (off) or a number of resamples up to 10000, got -1",
                assertThrows(IllegalArgumentException.class, () -> rank(Map.of("bootstrap", "-1"))).getMessage());
    }

    @Test
    void combinationsReachTheirComponentAndOnlyPairsOrTriplesAreAccepted() throws Exception {
        rank(Map.of("combinations", "2"));
        assertEquals(2, ((RankRequest) requests.get(0)).combinations());
        assertEquals("--combinations must be 2 (pairs of models) or 3 (triples), got 4",
                assertThrows(IllegalArgumentException.class, () -> rank(Map.of("combinations", "4"))).getMessage());
    }

    @Test
    void theCombinationsTableListsEachSetWithItsGain() {
        String table = RankView.combinationsTable("hscore", List.of(
                new RankResult.Combination(1, List.of("e5-small-v2", "bge-small-en"), 0.35, 0.04),
                new RankResult.Combination(2, List.of("e5-small-v2", "all-minilm-l6-v2"), 0.30, -0.01)));
        assertTrue(table.startsWith("hscore of concatenated embeddings (each model's layer as --layers chooses it):"), table);
        assertTrue(table.contains("e5-small-v2 + bge-small-en"), table);
        assertTrue(table.contains("+0.0400"), table);
        assertTrue(table.contains("-0.0100"), table);
    }

    /** The example line, from a bootstrap whose one unstable pair swaps in 38 % of 100 resamples. */
    @Test
    void theTableMarksPairsWhoseOrderIsNotStable() {
        RankResult.Bootstrap b = new RankResult.Bootstrap(100, 42L,
                List.of(new RankResult.Candidate("bge-small-en-v1.5", 0.2868, 0.2871, 0.2790, 0.2950, 0.55),
                        new RankResult.Candidate("bge-small-en", 0.2860, 0.2858, 0.2780, 0.2940, 0.45)),
                List.of(new RankResult.Swap("bge-small-en-v1.5", "bge-small-en", 0.38)), "bge-small-en-v1.5",
                List.of(new RankResult.Candidate("-3", 0.30, 0.30, 0.29, 0.31, 1.0)), List.of());
        String table = RankView.bootstrapTable("hscore", b);
        assertTrue(table.startsWith("stability of hscore's ranking: 100 bootstrap resamples of the examples (seed 42):"), table);
        assertTrue(table.contains("not stable: bge-small-en-v1.5 and bge-small-en swap in 38 % of resamples"), table);
        assertTrue(table.contains("[0.2790, 0.2950]"), table);
        assertTrue(table.contains("layers of bge-small-en-v1.5 (-1 = last layer):"), table);
        assertTrue(table.contains("the order of its layers held in at least 95 % of the resamples"), table);
    }

    /**
     * Three layers where -2 scored best on all examples: the swap of -2 with -1 gets its line, the swap of -1 with -3
     * (neither the best) is only counted — a 12-layer model otherwise printed dozens of neighbour swaps.
     */
    @Test
    void onlyTheBestLayersSwapsGetALineTheOthersAreCounted() {
        RankResult.Bootstrap b = new RankResult.Bootstrap(100, 42L,
                List.of(new RankResult.Candidate("m", 0.30, 0.30, 0.29, 0.31, 1.0)), List.of(), "m",
                List.of(new RankResult.Candidate("-2", 0.31, 0.31, 0.30, 0.32, 0.6),
                        new RankResult.Candidate("-1", 0.30, 0.30, 0.29, 0.31, 0.4),
                        new RankResult.Candidate("-3", 0.29, 0.29, 0.28, 0.30, 0.0)),
                List.of(new RankResult.Swap("-2", "-1", 0.40), new RankResult.Swap("-1", "-3", 0.20)));
        String table = RankView.bootstrapTable("hscore", b);
        assertTrue(table.contains("not stable: -2 and -1 swap in 40 % of resamples"), table);
        assertFalse(table.contains("-1 and -3 swap"), table);
        assertTrue(table.contains("1 more pair of other layers swap in more than 5 % of resamples"), table);
    }

    @Test
    void engineSparkCarriesItsMasterIntoTheRankingRequestAndNeedsOne() throws Exception {
        rank(Map.of("engine", "spark", "spark-master", "spark://10.0.0.5:7077"));
        RankRequest r = (RankRequest) requests.get(0);
        assertEquals(EmbeddingEngine.SPARK, r.engine());
        assertEquals("spark://10.0.0.5:7077", r.toRankingRequest().sparkMaster());
        rank(Map.of());
        assertEquals(null, ((RankRequest) requests.get(1)).toRankingRequest().sparkMaster(), "in process by default");
        for (Map<String, String> bad : List.of(Map.of("engine", "spark"), Map.of("spark-master", "spark://h:7077"),
                Map.of("engine", "spark", "spark-master", "http://h:7077"), Map.of("engine", "flink"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> rank(bad));
            assertTrue(e.getMessage().contains("--engine") || e.getMessage().contains("--spark-master"), e.getMessage());
        }
        assertEquals(2, requests.size(), "nothing runs with bad engine options");
    }

    @Test
    void validateAsksForTheProbeAndOutCopiesTheFiles() throws Exception {
        Path out = dir.resolve("export");
        String text = command.validate("", "", "", "", "", "", "", "", "", "", "", "", "", out.toString(), "", "", "", "",
                "");
        ValidateRequest v = (ValidateRequest) requests.get(0);
        assertTrue(v.toRankRequest().validate());
        assertTrue(text.contains("agreement of hscore with the linear probe"), text);
        assertTrue(Files.isRegularFile(out.resolve("result.json")));
        assertTrue(Files.isRegularFile(out.resolve("layer-scores.svg")));
        assertTrue(text.endsWith("out: " + out), text);
    }

    @Test
    void outIntoAFolderOfOtherFilesNeedsForceAndNothingRunsWithoutIt() throws Exception {
        Path out = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rank(Map.of("out", out.toString())));
        assertEquals("--out " + out + " is not empty and holds no earlier ranking export (it has notes.txt); choose an empty "
                + "or new folder, or add --force to replace the folder whole", e.getMessage());
        assertTrue(requests.isEmpty(), "checked before the work");
        rank(Map.of("out", out.toString(), "force", "true"));
        try (var files = Files.list(out)) {
            assertEquals(List.of("layer-scores.svg", "result.json"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    /** Records the request and stores a fixed two-model ranking, as the ranker would. */
    private final class Recording<Q extends Record> implements Capability<Q, RankResult> {
        private final String name;
        private final Class<Q> type;
        private final java.util.function.Function<Q, RankRequest> asRank;

        Recording(String name, Class<Q> type, java.util.function.Function<Q, RankRequest> asRank) {
            this.name = name;
            this.type = type;
            this.asRank = asRank;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "test";
        }

        @Override
        public Class<Q> requestType() {
            return type;
        }

        @Override
        public RankResult run(Q request, RunContext context) throws Exception {
            requests.add(request);
            boolean validate = asRank.apply(request).validate();
            String kind = validate ? RankResult.VALIDATION : RankResult.RANKING;
            try (ResultStore.PendingResult p = store.begin(kind)) {
                Files.writeString(p.file(RankResult.PLOT), "<svg/>");
                List<RankResult.RankedModel> ranking = List.of(
                        new RankResult.RankedModel(1, "good", 0.9, -1, Map.of(-2, 0.5, -1, 0.9), 0.8, 1.0, 0.1, false),
                        new RankResult.RankedModel(2, "bad", Double.NaN, null, Map.of(-1, Double.NaN), Double.NaN, 0, 0.1, true));
                List<Correlation> validation = validate ? List.of(new Correlation("across models (layermean)", 2, 1, 1, 1)) : List.of();
                RankResult r = new RankResult(p.id(), kind, new RankResult.RankedDataset("mem", "sha256:x", "text classification", 10),
                        "layermean", "hscore", ranking, List.of(new RankResult.EstimatorResult("hscore", ranking, validation)),
                        null, List.of(), 1.5, Provenance.builder("rank").build());
                p.commit(new ResultMetadata("rank mem", context.user(), "mem", List.of("good", "bad"), List.of("hscore"), null),
                        Json.COMPACT_WITH_NULLS.toJson(r));
                return r;
            }
        }
    }
}
