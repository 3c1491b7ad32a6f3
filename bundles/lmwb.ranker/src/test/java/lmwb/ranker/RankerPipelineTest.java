package lmwb.ranker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import lmwb.api.CancellationToken;
import lmwb.api.CancellationToken.CancelledException;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.ProgressListener;
import lmwb.api.Provenance;
import lmwb.api.TaskType;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.data.DatasetDescriptor;
import lmwb.api.data.DatasetOptions;
import lmwb.api.data.Example;
import lmwb.api.data.LabelMap;
import lmwb.api.data.Split;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.LanguageModel;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelDescriptor;
import lmwb.api.encoder.ModelOptions;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;
import lmwb.api.estimator.Estimator;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.Score;
import lmwb.api.rank.EstimatorRanking;
import lmwb.api.rank.LayerAggregation;
import lmwb.api.rank.ModelScore;
import lmwb.api.rank.RankRequest;
import lmwb.api.rank.RankResult;
import lmwb.api.rank.RankingRequest;
import lmwb.api.capability.RunContext;
import lmwb.api.results.StoredResult;
import lmwb.common.json.Json;
import lmwb.api.rank.RankingResult;
import lmwb.api.rank.RunningEstimatorCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ranking pipeline outside the framework: {@link DefaultRanker} with an in-memory dataset, an embedding
 * service that returns fixed per-layer matrices (the encoders are tested elsewhere; here only what the ranker
 * does with their output matters), the real result store (lmwb.results on H2), and small estimators written here whose
 * scores are read straight off the matrices, so every expected value follows from the fixtures below.
 */
class RankerPipelineTest {
    /** Every fake model has 3 transformer layers; layer l's matrix holds the value l everywhere. */
    private static final int LAYERS = 3;

    @TempDir
    Path home;

    private final AtomicInteger embedCalls = new AtomicInteger();
    /** Weights hash per model reference: "mini" and "mini-alias" are the same weights under two names. */
    private final Map<String, String> hashes = new java.util.HashMap<>(Map.of("mini", "sha256:aaa", "mini-alias", "sha256:aaa",
            "base", "sha256:bbb", "nohash", ""));
    private final List<Estimator> registered = new ArrayList<>();
    private DefaultRanker ranker;
    private final CountDownLatch release = new CountDownLatch(1);

    private TestStore testStore;

    @AfterEach
    void releaseStubbornCalls() {
        release.countDown();
        if (ranker != null) {
            ranker.deactivate();
        }
        if (testStore != null) {
            testStore.close();
        }
    }

    private lmwb.api.results.ResultStore store() {
        if (testStore == null) {
            try {
                testStore = new TestStore(home);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return testStore.store;
    }

    private DefaultRanker ranker(List<Example> examples, Estimator... estimators) {
        Dataset ds = new Dataset("mem", TaskType.TEXT_CLASSIFICATION, LabelMap.of(List.of("neg", "pos")),
                Map.of(Split.TRAIN, examples), "sha256:data", Map.of());
        DatasetCatalog catalog = new DatasetCatalog() {
            @Override
            public List<DatasetDescriptor> list() {
                return List.of();
            }

            @Override
            public Dataset load(String reference, DatasetOptions options, ProgressListener progress) {
                return ds;
            }

            @Override
            public String defaultDataset() {
                return "mem";
            }
        };
        EmbeddingService embeddings = new EmbeddingService() {
            @Override
            public List<ModelDescriptor> models() {
                return hashes.keySet().stream().map(m -> new ModelDescriptor(m, "test", m, LAYERS, 2, 0, true)).toList();
            }

            @Override
            public List<String> defaultModels() {
                return List.of("mini", "base");
            }

            @Override
            public LanguageModel open(String reference, ModelOptions options) {
                throw new UnsupportedOperationException("the ranker knows the layer count from models()");
            }

            @Override
            public LayerEmbeddings embed(String reference, EmbeddingRequest request, String datasetHash, ModelOptions options,
                    ProgressListener progress, CancellationToken cancel) {
                embedCalls.incrementAndGet();
                int n = request.inputs().size();
                TreeMap<Integer, FloatMatrix> layers = new TreeMap<>();
                for (int l : request.layers()) {
                    layers.put(l, FloatMatrix.wrap(n, 2, values(reference, n, l)));
                }
                float[] mean = values(reference, n, 2);
                return new LayerEmbeddings(layers, FloatMatrix.wrap(n, 2, mean), new int[0], n, 0, false,
                        hashes.get(reference).isEmpty() ? null : Provenance.builder("test").input("model", hashes.get(reference)).build());
            }
        };
        ranker = new DefaultRanker(catalog, embeddings, store(),
                new BundleProvenanceRecorder(null));
        for (Estimator e : estimators) {
            ranker.addEstimator(e);
            registered.add(e);
        }
        return ranker;
    }

    /**
     * A fake layer's values: column 0 holds {@code level} everywhere; column 1 holds {@code level} plus a ramp over
     * the rows, rising for every model but "base", whose ramp falls and is lifted by 1e-4, so that the column's mean
     * ranks base just above the others on all rows and below them on about half of the bootstrap resamples.
     */
    private static float[] values(String reference, int n, float level) {
        float[] v = new float[n * 2];
        for (int i = 0; i < n; i++) {
            v[i * 2] = level;
            v[i * 2 + 1] = level + (reference.equals("base") ? 0.01f * (n - 1 - i) + 1e-4f : 0.01f * i);
        }
        return v;
    }

    private static double meanOfColumn1(FloatMatrix m) {
        double s = 0;
        for (int i = 0; i < m.rows(); i++) {
            s += m.get(i, 1);
        }
        return s / m.rows();
    }

    private static List<Example> balanced(int perClass) {
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            out.add(Example.classified("neg " + i, 0));
            out.add(Example.classified("pos " + i, 1));
        }
        return out;
    }

    private static RankingRequest request(List<String> models, List<String> estimators) {
        return new RankingRequest("mem", DatasetOptions.DEFAULTS, models, estimators, EstimatorOptions.NONE,
                LayerAggregation.LAYERMEAN, SubwordPooling.MEAN, SentencePooling.MEAN, PairEncoding.NATIVE, 8, "cpu", false);
    }

    @Test
    void aModelOrEstimatorGivenTwiceIsRankedOnceWithANote() throws Exception {
        Estimator fixed = new MatrixEstimator("fixed", m -> m.get(0, 0));
        RankingResult r = ranker(balanced(10), fixed).rank(request(List.of("base", "mini", "base", "mini-alias"),
                List.of("fixed", "fixed")), ProgressListener.NONE, new CancellationToken());
        assertEquals(1, r.rankings().size(), "fixed,fixed is one estimator");
        assertEquals(List.of("base", "mini"), r.rankings().get(0).models().stream().map(ModelScore::model).sorted().toList(),
                "base twice and mini under a second name with the same weights hash are one model each");
        assertTrue(r.notes().contains("model base was given more than once; ranked once"), r.notes().toString());
        assertTrue(r.notes().contains("estimator fixed was given more than once; ranked once"), r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("mini-alias has the same weights as mini")), r.notes().toString());
        assertEquals(3, embedCalls.get(), "the repeated 'base' is not embedded again");
    }

    @Test
    void aRankRequestIsStoredForTheContextsUserAndJobWithItsProvenance() throws Exception {
        Estimator fixed = new MatrixEstimator("fixed", m -> m.get(0, 0));
        RankRequest q = new RankRequest("mem", List.of("mini", "base"), List.of("fixed"), null, LayerAggregation.LASTLAYER,
                null, null, null, null, null, null, null, null, null, 8, null, 7L, null, null, null, null, null, null);
        RankResult r = ranker(balanced(10), fixed, new MatrixEstimator("probe", m -> m.get(0, 0))).rank(q, new RunContext("alice", 12L, ProgressListener.NONE,
                new CancellationToken()));
        lmwb.api.results.ResultStore store = store();
        StoredResult stored = store.find(r.resultId()).orElseThrow();
        assertEquals(List.of(RankResult.RANKING, "alice", 12L, "mem", List.of("base", "mini"), List.of("fixed")),
                List.of(stored.kind(), stored.user(), stored.jobId(), stored.dataset(),
                        stored.models().stream().sorted().toList(), stored.estimators()));
        // layer l scores l under "fixed": the last layer (3) of both models; ties keep the given order
        assertEquals(3.0, r.ranking().get(0).score());
        assertEquals(List.of("alice", 7L, "8", "lastlayer", "sha256:data", "sha256:aaa"),
                List.of(r.provenance().user(), r.provenance().seed(), r.provenance().configuration().get("batch_size"),
                        r.provenance().configuration().get("layers"), r.provenance().inputs().get("dataset"),
                        r.provenance().inputs().get("model:mini")));
        assertTrue(r.provenance().host() != null && !r.provenance().host().isBlank());
        JsonObject doc = JsonParser.parseString(store.document(r.resultId())).getAsJsonObject();
        assertEquals(Json.COMPACT.fromJson(doc, RankResult.class).ranking(), r.ranking(),
                "the stored document reads back as the typed result");
        RankResult validated = ranker.rank(new RankRequest("mem", List.of("mini"), List.of("fixed"), null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, true, null, null, null, null), RunContext.local(null, new CancellationToken()));
        assertEquals(RankResult.VALIDATION, store.find(validated.resultId()).orElseThrow().kind());
    }

    /** Before, the summary named the first estimator only ("... with up: base > mini"), as if "down" had not run. */
    @Test
    void theSummaryOfAMultiEstimatorRankNamesEveryEstimatorAndItsOrder() throws Exception {
        // both fake models give the same matrices, so each estimator ties them and keeps the given order
        Estimator up = new MatrixEstimator("up", m -> m.get(0, 0));
        Estimator down = new MatrixEstimator("down", m -> -m.get(0, 0));
        RankingResult r = ranker(balanced(10), up, down).rank(request(List.of("mini", "base"), List.of("up", "down")),
                ProgressListener.NONE, new CancellationToken());
        assertEquals("rank mem (20 samples) with up: mini > base; down: mini > base",
                store().find(r.id()).orElseThrow().summary());
    }

    /**
     * An estimator that reports fits stopped by its iteration cap ({@link Score#ITERATION_CAPPED}, as the probe does)
     * gets a note naming the model and the layers; a converged one gets none.
     */
    @Test
    void scoresStoppedByAnIterationCapGetANote() throws Exception {
        Estimator capped = new MatrixEstimator("capped", m -> m.get(0, 0)) {
            @Override
            public Score score(FloatMatrix embeddings, Labels labels, EstimatorOptions options, CancellationToken cancel) {
                float v = embeddings.get(0, 0);
                return new Score("capped", v, Map.of(Score.ITERATION_CAPPED, v == 1f ? 2.0 : 0.0));
            }
        };
        RankingResult r = ranker(balanced(10), capped).rank(request(List.of("mini"), List.of("capped")), ProgressListener.NONE,
                new CancellationToken());
        // layer 1 of 3 is index -3 and the only capped one (2 fits); the layer-mean matrix holds 2, not capped
        assertTrue(r.notes().contains("capped reached its iteration cap before its tolerance in 2 fit(s) for mini (layer(s) -3);"
                + " those scores are not fully converged; raise max-iter (or tolerance) with --options"), r.notes().toString());
    }

    /**
     * {@code --bootstrap}: "ramp" (the mean of column 1) puts base above mini on all rows by 1e-4, but the two ramps
     * run in opposite directions, so a resample's mean moves them apart by far more than that, either way: the pair
     * must be reported as swapping in a large share of resamples (a fair coin: 30 of 30 resamples would land within
     * [20 %, 80 %] with probability above 99.9 %). "flat" (column 0, the layer value) cannot swap anything: every
     * resample gives every model and layer its full-data score, so the order holds and the top model's last layer
     * (the highest value) comes first in every resample. The same seed gives the same report.
     */
    @Test
    void theBootstrapReportsSwapsOfUnstableModelsAndTheTopModelsLayers() throws Exception {
        Estimator ramp = new MatrixEstimator("ramp", RankerPipelineTest::meanOfColumn1);
        Estimator flat = new MatrixEstimator("flat", m -> m.get(0, 0));
        RankingRequest q = new RankingRequest("mem", DatasetOptions.DEFAULTS, List.of("mini", "base"), List.of("ramp", "flat"),
                EstimatorOptions.NONE, LayerAggregation.LASTLAYER, SubwordPooling.MEAN, SentencePooling.MEAN, PairEncoding.NATIVE,
                8, "cpu", false, 30, 42L, 0, null);
        ranker(balanced(20), ramp, flat);
        RankResult first = ranker.rank(rankRequest(), RunContext.local(null, new CancellationToken()));
        assertTrue(first.estimators().stream().allMatch(e -> e.bootstrap() == null), "no bootstrap unless asked");
        RankingResult r = ranker.rank(q, ProgressListener.NONE, new CancellationToken());
        RankResult doc = Json.COMPACT.fromJson(store().document(r.id()), RankResult.class);
        RankResult.Bootstrap byRamp = doc.estimators().get(0).bootstrap();
        assertEquals(List.of("base", "mini"), byRamp.models().stream().map(RankResult.Candidate::name).toList());
        assertEquals(1, byRamp.unstableModels().size(), byRamp.toString());
        RankResult.Swap swap = byRamp.unstableModels().get(0);
        assertEquals(List.of("base", "mini"), List.of(swap.above(), swap.below()));
        assertTrue(swap.share() >= 0.2 && swap.share() <= 0.8, swap.toString());
        assertEquals(30, byRamp.resamples());
        assertEquals("base", byRamp.layersOf());
        RankResult.Bootstrap byFlat = doc.estimators().get(1).bootstrap();
        assertEquals(List.of(), byFlat.unstableModels());
        assertEquals(List.of("-1", "-2", "-3"), byFlat.layers().stream().map(RankResult.Candidate::name).toList());
        assertEquals(1.0, byFlat.layers().get(0).firstShare());
        assertEquals(List.of(), byFlat.unstableLayers());
        RankingResult again = ranker.rank(q, ProgressListener.NONE, new CancellationToken());
        assertEquals(byRamp, Json.COMPACT.fromJson(store().document(again.id()), RankResult.class).estimators().get(0).bootstrap(),
                "seeded: the same report again");
        assertTrue(store().find(r.id()).orElseThrow().summary().contains("ramp: base > mini; flat:"), "summary");
    }

    /**
     * {@code --combinations 2}: with three models there are three pairs; "width" scores a matrix by its number of
     * columns, so every pair (2 + 2 columns) scores 4 against 2 for a single model: gain +2. The concatenation puts
     * each model's columns side by side, row by row (checked on values: column 0 of each fake layer holds its
     * level, 3 for the last layer).
     */
    @Test
    void combinationsScoreEveryPairOfModelsConcatenated() throws Exception {
        Estimator width = new MatrixEstimator("width", m -> m.cols() == 4 && !(m.get(5, 0) == 3f && m.get(5, 2) == 3f)
                ? Double.NaN : m.cols());
        RankingRequest q = new RankingRequest("mem", DatasetOptions.DEFAULTS, List.of("mini", "base", "nohash"), List.of("width"),
                EstimatorOptions.NONE, LayerAggregation.LASTLAYER, SubwordPooling.MEAN, SentencePooling.MEAN, PairEncoding.NATIVE,
                8, "cpu", false, 0, 42L, 2, null);
        RankingResult r = ranker(balanced(10), width).rank(q, ProgressListener.NONE, new CancellationToken());
        RankResult doc = Json.COMPACT.fromJson(store().document(r.id()), RankResult.class);
        List<RankResult.Combination> pairs = doc.estimators().get(0).combinations();
        assertEquals(List.of(List.of("mini", "base"), List.of("mini", "nohash"), List.of("base", "nohash")),
                pairs.stream().map(RankResult.Combination::models).toList());
        for (RankResult.Combination c : pairs) {
            assertEquals(4.0, c.score(), c.toString());
            assertEquals(2.0, c.gain(), c.toString());
        }
        assertEquals(List.of(1, 2, 3), pairs.stream().map(RankResult.Combination::rank).toList());
        assertEquals(List.of(List.of(0, 1, 2)), DefaultRanker.subsets(3, 3).stream().map(a -> List.of(a[0], a[1], a[2])).toList());
        assertEquals(4, DefaultRanker.subsets(4, 3).size());
    }

    private static RankRequest rankRequest() {
        return new RankRequest("mem", List.of("mini", "base"), List.of("ramp", "flat"), null, LayerAggregation.LASTLAYER, null,
                null, null, null, null, null, null, null, null, 8, null, null, null, null, null, null, null, null);
    }

    @Test
    void aModelWithoutAnArtifactHashSaysWhyInsteadOfAQuestionMark() throws Exception {
        Estimator fixed = new MatrixEstimator("fixed", m -> m.get(0, 0));
        RankingResult r = ranker(balanced(10), fixed).rank(request(List.of("nohash"), List.of("fixed")), ProgressListener.NONE,
                new CancellationToken());
        assertEquals("none: the embedding service reported no artifact hash for nohash",
                r.provenance().inputs().get("model:nohash"));
    }

    @Test
    void anEstimatorWithNoFiniteLayerScoreHasNoBestLayerAndANote() throws Exception {
        Estimator nan = new MatrixEstimator("nan", m -> Double.NaN);
        // A NaN must also never win against finite layers: layer value 2 (layer -2) is NaN here, the others score -l.
        Estimator holes = new MatrixEstimator("holes", m -> m.get(0, 0) == 2f ? Double.NaN : -m.get(0, 0));
        RankingResult r = ranker(balanced(10), nan, holes).rank(request(List.of("mini", "base"), List.of("nan", "holes")),
                ProgressListener.NONE, new CancellationToken());
        EstimatorRanking byNan = r.rankings().get(0);
        for (ModelScore m : byNan.models()) {
            assertEquals(ModelScore.NO_LAYER, m.bestLayer(), m.model() + " has no finite layer score");
            assertFalse(m.hasBestLayer());
        }
        assertTrue(r.notes().contains("nan gave no finite score for mini (all layers NaN); its best layer is shown as '–' and "
                + "it is ranked last"), r.notes().toString());
        // holes: layer 1 (index -3) scores -1, layer 3 (index -1) scores -3, layer 2 (index -2) is NaN: best is -3.
        assertEquals(-3, r.rankings().get(1).models().get(0).bestLayer());
        JsonObject doc = JsonParser.parseString(store().document(r.id())).getAsJsonObject();
        JsonObject first = doc.getAsJsonArray("estimators").get(0).getAsJsonObject().getAsJsonArray("ranking").get(0)
                .getAsJsonObject();
        assertTrue(first.has("best_layer") && first.get("best_layer").isJsonNull(), "JSON best_layer is null: " + first);
    }

    @Test
    void labelsEveryEstimatorCannotScoreAreRefusedBeforeAnyEmbedding() {
        Estimator picky = new MatrixEstimator("picky", m -> 1.0) {
            @Override
            public Optional<String> checkLabels(Labels labels, EstimatorOptions options) {
                return labels.distinctClasses() < 2 ? Optional.of("picky: need at least 2 distinct classes") : Optional.empty();
            }
        };
        List<Example> oneClass = List.of(Example.classified("a", 1), Example.classified("b", 1), Example.classified("c", 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ranker(oneClass, picky)
                .rank(request(List.of("mini"), List.of("picky")), ProgressListener.NONE, new CancellationToken()));
        assertEquals("dataset mem (3 samples, 1 class(es)) cannot be ranked: picky: need at least 2 distinct classes",
                e.getMessage());
        assertEquals(0, embedCalls.get(), "nothing may be embedded for a dataset no estimator can score");
    }

    @Test
    void classesWithFewerThanFiveExamplesGetAWarningNote() throws Exception {
        Estimator fixed = new MatrixEstimator("fixed", m -> 1.0);
        RankingResult r = ranker(balanced(1), fixed).rank(request(List.of("mini"), List.of("fixed")), ProgressListener.NONE,
                new CancellationToken());
        assertTrue(r.notes().contains("warning: class(es) with fewer than 5 examples ('neg' 1, 'pos' 1): scores from so few "
                + "examples are unreliable; use more data (raise --downsample)"), r.notes().toString());
        RankingResult enough = ranker.rank(request(List.of("mini"), List.of("fixed")), ProgressListener.NONE,
                new CancellationToken());
        assertEquals(r.notes(), enough.notes(), "same data, same notes");
        assertTrue(DefaultRanker.smallClassNote(
                new Dataset("x", TaskType.TEXT_CLASSIFICATION, LabelMap.of(List.of("neg", "pos")), Map.of(Split.TRAIN, balanced(5)),
                        "h", Map.of()), Labels.classes(new int[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1})).isEmpty(),
                "5 examples per class is enough");
    }

    /**
     * Issue 18: validation leaves a class with fewer examples than the probe's 5 folds out of every estimator's rows
     * and the probe's, renumbers the rest, and says so; without validation nothing is dropped. Expected values: 6 + 6
     * examples of classes 0 and 1 stay, the 2 of class 2 go (the fixture below).
     */
    @Test
    void validationDropsClassesTooRareForTheProbesFoldsFromEveryEstimatorWithANote() throws Exception {
        List<Example> examples = new ArrayList<>(balanced(6));
        examples.add(Example.classified("rare 0", 2));
        examples.add(Example.classified("rare 1", 2));
        Estimator rows = new LabelsEstimator("rows", (m, l) -> m.rows());
        Estimator probe = new LabelsEstimator(DefaultRanker.PROBE, (m, l) -> l.size() == m.rows() ? l.classCount() : -1);
        RankingResult r = ranker(examples, rows, probe).rank(new RankingRequest("mem", DatasetOptions.DEFAULTS, List.of("mini"),
                List.of("rows"), EstimatorOptions.NONE, LayerAggregation.LAYERMEAN, SubwordPooling.MEAN, SentencePooling.MEAN,
                PairEncoding.NATIVE, 8, "cpu", true), ProgressListener.NONE, new CancellationToken());
        assertTrue(r.notes().contains("dropped 1 class with fewer than 5 examples: 2 (2); every estimator and the probe scored "
                + "the other 12 examples (the probe's 5 stratified folds need one of each class in each)"), r.notes().toString());
        ModelScore scored = r.rankings().get(0).models().get(0);
        assertEquals(12.0, scored.layerMeanScore(), "the estimator scored the 12 kept rows");
        scored.layerScores().values().forEach(v -> assertEquals(12.0, v, "every layer too"));
        assertEquals(2.0, r.probe().get("mini").get(DefaultRanker.MEAN), "the probe saw the same rows, 2 classes 0..1");
        RankingResult ranked = ranker.rank(request(List.of("mini"), List.of("rows")), ProgressListener.NONE,
                new CancellationToken());
        assertEquals(14.0, ranked.rankings().get(0).models().get(0).layerMeanScore(), "rank without validation keeps all");
    }

    @Test
    void aCancelledRankingReturnsWithoutAnEstimatorThatIgnoresCancellationAndListsIt() throws Exception {
        assertStubbornCallIsLeftBehind(false);
    }

    @Test
    void anInterruptedRankingLikeCtrlCInTheShellDoesTheSame() throws Exception {
        assertStubbornCallIsLeftBehind(true);
    }

    private void assertStubbornCallIsLeftBehind(boolean interrupt) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        Estimator stubborn = new MatrixEstimator("stubborn", m -> {
            entered.countDown();
            while (true) { // ignores its token and interrupts, like a careless plug-in
                try {
                    if (release.await(10, TimeUnit.MILLISECONDS)) {
                        return 1.0;
                    }
                } catch (InterruptedException ignored) {
                    // careless on purpose
                }
            }
        });
        DefaultRanker r = ranker(balanced(10), stubborn);
        CancellationToken token = new CancellationToken();
        Thread[] rankingThread = new Thread[1];
        CompletableFuture<RankingResult> run = CompletableFuture.supplyAsync(() -> {
            rankingThread[0] = Thread.currentThread();
            try {
                return r.rank(request(List.of("mini"), List.of("stubborn")), ProgressListener.NONE, token);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        entered.await();
        if (interrupt) {
            rankingThread[0].interrupt();
        } else {
            token.cancel();
        }
        // A hang guard only (the ranker gives up after its 2 s grace); the test checks what happened, not how fast.
        ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(120, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof CancelledException, String.valueOf(e.getCause()));
        List<RunningEstimatorCall> running = r.runningAfterCancel();
        assertEquals(1, running.size(), running.toString());
        assertEquals("stubborn", running.get(0).estimator());
        assertEquals("(no bundle)", running.get(0).bundle(), "outside a framework the estimator has no bundle");
        assertTrue(running.get(0).thread().startsWith("lmwb-estimator-"), running.get(0).thread());
        assertTrue(store().query(lmwb.api.results.ResultQuery.ALL).results().isEmpty(), "a cancelled ranking stores nothing");
        release.countDown();
        for (int i = 0; i < 12_000 && !r.runningAfterCancel().isEmpty(); i++) { // hang guard, not a threshold
            Thread.sleep(10);
        }
        assertEquals(List.of(), r.runningAfterCancel(), "a call that returns leaves the list");
    }

    /** A classification estimator whose score is a function of each matrix. */
    private static class MatrixEstimator implements Estimator {
        private final String name;
        private final ToDoubleFunction<FloatMatrix> score;

        MatrixEstimator(String name, ToDoubleFunction<FloatMatrix> score) {
            this.name = name;
            this.score = score;
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
        public Set<TaskType> supportedTasks() {
            return EnumSet.of(TaskType.TEXT_CLASSIFICATION);
        }

        @Override
        public Score score(FloatMatrix embeddings, Labels labels, EstimatorOptions options, CancellationToken cancel) {
            return Score.of(name, score.applyAsDouble(embeddings));
        }
    }

    /** An estimator whose score is read off the matrix and the labels it is given. */
    private static final class LabelsEstimator extends MatrixEstimator {
        private final java.util.function.ToDoubleBiFunction<FloatMatrix, Labels> score;

        LabelsEstimator(String name, java.util.function.ToDoubleBiFunction<FloatMatrix, Labels> score) {
            super(name, m -> Double.NaN);
            this.score = score;
        }

        @Override
        public Score score(FloatMatrix embeddings, Labels labels, EstimatorOptions options, CancellationToken cancel) {
            return Score.of(name(), score.applyAsDouble(embeddings, labels));
        }
    }
}
