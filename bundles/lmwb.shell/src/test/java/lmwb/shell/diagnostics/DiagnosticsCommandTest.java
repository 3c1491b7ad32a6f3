package lmwb.shell.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import lmwb.api.Provenance;
import lmwb.api.TaskType;
import lmwb.api.capability.Capability;
import lmwb.api.capability.RunContext;
import lmwb.api.diagnostics.CartographyRequest;
import lmwb.api.diagnostics.CartographyResult;
import lmwb.api.diagnostics.ConflictsRequest;
import lmwb.api.diagnostics.ConflictsResult;
import lmwb.api.diagnostics.DatasetDiagnostic;
import lmwb.api.diagnostics.DiagnosedDataset;
import lmwb.api.diagnostics.DiagnosticResult;
import lmwb.api.diagnostics.DifficultyRequest;
import lmwb.api.diagnostics.DifficultyResult;
import lmwb.api.diagnostics.DivergenceRequest;
import lmwb.api.diagnostics.DivergenceResult;
import lmwb.api.diagnostics.IssueRanking;
import lmwb.api.diagnostics.LabelIssueMethod;
import lmwb.api.diagnostics.LabelIssuesRequest;
import lmwb.api.diagnostics.LabelIssuesResult;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultQuery;
import lmwb.api.results.ResultStore;
import lmwb.common.json.Json;
import lmwb.shell.core.Invocation;
import lmwb.shell.testing.TestStore;
import lmwb.shell.core.Views;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diagnostics commands through the real shell core (Invocation, the request codec, the renderer) with
 * diagnostics that record the request and store a fixed result in the real result store (lmwb.results on H2); the diagnostics
 * themselves are covered by their bundles' tests and lmwb.itest's DiagnosticsTest.
 */
class DiagnosticsCommandTest {
    private static final DiagnosedDataset DS = new DiagnosedDataset("mem", "h", "text classification", 6, List.of("neg", "pos"));
    @TempDir
    Path dir;
    private ResultStore store;
    private TestStore testStore;
    private final List<Record> requests = new ArrayList<>();
    private DiagnosticsCommand command;

    @org.junit.jupiter.api.AfterEach
    void closeStore() {
        testStore.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        testStore = new TestStore(dir);
        store = testStore.store;
        Invocation invocation = new Invocation(store);
        Recording<LabelIssuesRequest, LabelIssuesResult> issues = new Recording<>("label-issues", LabelIssuesRequest.class,
                id -> new LabelIssuesResult(id, LabelIssuesResult.KIND, DS, "pred-probs", LabelIssueMethod.PUBLISHED,
                        IssueRanking.SELF_CONFIDENCE, false, 1, Map.of("neg", 0.7, "pos", 0.6), List.of(List.of(2L, 1L), List.of(0L, 2L)),
                        Map.of("neg", 1, "pos", 0), List.of(new LabelIssuesResult.Issue(5, "neg", "pos", -0.4, "a fine film")),
                        List.of("a note"), Provenance.builder("label-issues").build()));
        Recording<DifficultyRequest, DifficultyResult> difficulty = new Recording<>("difficulty", DifficultyRequest.class,
                id -> new DifficultyResult(id, DifficultyResult.KIND, DS, List.of("m"), "mean", 0.5, Map.of("neg", 0.4, "pos", 0.6),
                        Map.of("-1", 0.45, "mean", 0.5), 1.0, 0.9, List.of(0.01), 20, List.of(new DifficultyResult.Pvi(3, -2.5, "neg", "pos",
                                "odd one")), List.of(), Provenance.builder("difficulty").build()));
        Recording<DivergenceRequest, DivergenceResult> divergence = new Recording<>("divergence", DivergenceRequest.class,
                id -> new DivergenceResult(id, DivergenceResult.KIND, DS, "words", Map.of("neg", 10L, "pos", 12L),
                        List.of(new DivergenceResult.LabelPair("neg", "pos", 0.0817, 7)), List.of(), null));
        Recording<ConflictsRequest, ConflictsResult> conflicts = new Recording<>("conflicts", ConflictsRequest.class,
                id -> new ConflictsResult(id, ConflictsResult.KIND, DS, null, List.of(), Double.NaN, 0, 0, Map.of(), List.of(),
                        List.of(), Provenance.builder("conflicts").build()));
        Recording<CartographyRequest, CartographyResult> cartography = new Recording<>("cartography", CartographyRequest.class,
                id -> new CartographyResult(id, CartographyResult.KIND, DS, "r1", 42, 3, 0.33, Map.of("easy-to-learn", 1,
                        "ambiguous", 1, "hard-to-learn", 0, "other", 0), 0.6, 0.1, List.of(new CartographyResult.Point(0, "fine",
                                "pos", 0.9, 0.02, 1.0, "easy-to-learn"), new CartographyResult.Point(1, "so so", "neg", 0.5, 0.3, 0.33,
                                "ambiguous")), 10, List.of(), Provenance.builder("cartography").build()));
        for (Recording<?, ?> r : List.of(issues, difficulty, divergence, conflicts, cartography)) {
            invocation.addCapability(r, Map.of(Capability.NAME, r.name()));
        }
        command = new DiagnosticsCommand(invocation);
    }

    private String labelIssues(Map<String, String> o) throws Exception {
        return command.labelissues(o.getOrDefault("dataset", ""), o.getOrDefault("models", ""), o.getOrDefault("layer", ""),
                o.getOrDefault("folds", ""), o.getOrDefault("seed", ""), o.getOrDefault("pred-probs", ""), o.getOrDefault("labels", ""),
                o.getOrDefault("method", ""), o.getOrDefault("rank-by", ""), o.getOrDefault("calibrate", ""),
                o.getOrDefault("downsample", ""), "", "", "", "", "", "", "", "", o.getOrDefault("batch-size", ""), "",
                o.getOrDefault("request", ""), o.getOrDefault("json", ""));
    }

    @Test
    void optionsReachTheirComponents() throws Exception {
        labelIssues(Map.of("dataset", "sst2", "models", "a, b", "layer", "-2", "folds", "10", "seed", "7", "method",
                "prune-by-noise-rate", "rank-by", "normalized_margin", "calibrate", "true", "downsample", "500"));
        LabelIssuesRequest r = (LabelIssuesRequest) requests.get(0);
        assertEquals(List.of("sst2", List.of("a", "b"), "-2", 10, 7L, LabelIssueMethod.PRUNE_BY_NOISE_RATE,
                IssueRanking.NORMALIZED_MARGIN, true, 500.0), List.of(r.dataset(), r.models(), r.layer(), r.folds(), r.seed(),
                        r.method(), r.rankBy(), r.calibrate(), r.downsample()));
        labelIssues(Map.of());
        LabelIssuesRequest d = (LabelIssuesRequest) requests.get(1);
        assertEquals(List.of("mean", 5, 42L, LabelIssueMethod.PUBLISHED, false), List.of(d.layer(), d.folds(), d.seed(), d.method(),
                d.calibrate()), "the defaults the README documents");
    }

    /**
     * Every option of every diagnostic command reaches the request component of its own name: each command is called
     * with one option given at a time (by reflection, in the order the method declares them), and the request the
     * capability receives must equal the one the request codec builds from that option alone — so an argument
     * passed in the wrong position to the one path of the commands fails here.
     */
    @Test
    void everyOptionOfEveryCommandReachesItsOwnComponent() throws Exception {
        Map<String, String> samples = new java.util.HashMap<>(Map.ofEntries(Map.entry("--dataset", "d1"), Map.entry("--models", "m1,m2"),
                Map.entry("--layer", "-2"), Map.entry("--folds", "7"), Map.entry("--seed", "9"), Map.entry("--by-layer", "true"),
                Map.entry("--lowest", "3"), Map.entry("--downsample", "0.5"), Map.entry("--text-column", "tc"),
                Map.entry("--pair-column", "pc"), Map.entry("--label-column", "lc"), Map.entry("--task", "tt"),
                Map.entry("--encoding", "latin1"), Map.entry("--sentence-pooling", "max"), Map.entry("--subword-pooling", "first"),
                Map.entry("--pair-encoding", "join"), Map.entry("--batch-size", "8"), Map.entry("--device", "gpu"),
                Map.entry("--against", "d2"), Map.entry("--threshold", "0.9"), Map.entry("--exact-only", "true"),
                Map.entry("--tokens", "words"), Map.entry("--rank-by", "normalized_margin"), Map.entry("--calibrate", "true"),
                Map.entry("--fraction", "0.25"), Map.entry("--listed", "4")));
        Map<String, Class<? extends Record>> types = Map.of("labelissues", LabelIssuesRequest.class, "difficulty",
                DifficultyRequest.class, "divergence", DivergenceRequest.class, "conflicts", ConflictsRequest.class, "cartography",
                CartographyRequest.class);
        Map<String, String> capabilities = Map.of("labelissues", "label-issues", "difficulty", "difficulty", "divergence",
                "divergence", "conflicts", "conflicts", "cartography", "cartography");
        int checked = 0;
        for (String function : types.keySet()) {
            java.lang.reflect.Method method = java.util.Arrays.stream(DiagnosticsCommand.class.getMethods())
                    .filter(m -> m.getName().equals(function)).findFirst().orElseThrow();
            List<String> names = DiagnosticsCommand.optionNames(function);
            for (String option : names) {
                if (option.equals("--request") || option.equals("--json") || option.equals("--pred-probs")
                        || option.equals("--labels") || option.equals("--method")) {
                    continue;
                }
                Map<String, String> given = new java.util.LinkedHashMap<>();
                if (function.equals("labelissues")) {
                    given.put("--method", "both"); // so that --calibrate is allowed
                }
                given.put(option, samples.get(option));
                if (function.equals("divergence") && option.equals("--models")) {
                    given.put("--tokens", "model"); // a tokenizer's model: one, and only with --tokens model
                    given.put(option, "m1");
                }
                List<Object> args = new ArrayList<>(names.stream().map(n -> given.getOrDefault(n, "")).toList());
                if (method.getParameterCount() > names.size()) {
                    args.add("r1"); // cartography's RUN
                    given.put("--run", "r1");
                }
                requests.clear();
                method.invoke(command, args.toArray());
                Record expected = lmwb.common.json.Requests.decode(types.get(function), capabilities.get(function),
                        lmwb.common.json.Requests.fromOptions(types.get(function), capabilities.get(function), given));
                assertEquals(expected, requests.get(0), function + " " + option);
                checked++;
            }
        }
        assertEquals(18 + 18 + 10 + 18 + 3, checked, "every option of the five commands but --request, --json and label-issues' "
                + "--pred-probs/--labels/--method (covered by aRequestFileGivesTheSameRequest and optionsReachTheirComponents)");
    }

    @Test
    void badValuesAreOneLineAndNothingRuns() {
        assertEquals("label-issues --method: unknown label-issue method 'vote'; use published, prune_by_noise_rate, prune_by_class, both, "
                + "confident_learning or predicted_neq_given",
                assertThrows(IllegalArgumentException.class, () -> labelIssues(Map.of("method", "vote"))).getMessage());
        assertEquals("--calibrate does not apply to --method published (it counts issues from the uncalibrated confident joint); "
                + "choose another --method or drop --calibrate",
                assertThrows(IllegalArgumentException.class, () -> labelIssues(Map.of("calibrate", "true"))).getMessage());
        assertEquals("label-issues --folds: expected a whole number, got 'many'",
                assertThrows(IllegalArgumentException.class, () -> labelIssues(Map.of("folds", "many"))).getMessage());
        assertTrue(requests.isEmpty());
    }

    @Test
    void aRequestFileGivesTheSameRequest() throws Exception {
        Path file = dir.resolve("r.json");
        Files.writeString(file, "{\"command\": \"label-issues\", \"args\": {\"pred_probs\": \"p.npy\", \"labels\": \"y.npy\", "
                + "\"method\": \"both\"}}");
        labelIssues(Map.of("request", file.toString()));
        labelIssues(Map.of("pred-probs", "p.npy", "labels", "y.npy", "method", "both"));
        assertEquals(requests.get(0), requests.get(1));
    }

    @Test
    void jsonIsTheStoredDocumentAndTablesShowTheResult() throws Exception {
        String json = labelIssues(Map.of("json", "true"));
        String id = store.query(ResultQuery.ALL).results().get(0).id();
        assertEquals(Views.document(store, id), json);
        assertTrue(json.contains("\"count\":1") && json.contains("\"issues\":[{\"index\":5,\"given\":\"neg\",\"suggested\":\"pos\","
                + "\"score\":-0.4,\"text\":\"a fine film\"}]"), json);
        String table = labelIssues(Map.of());
        assertTrue(table.startsWith("Label issues in mem — 1 of 6 examples (published; pred-probs)"), table);
        assertTrue(table.contains("5      neg    pos        -0.4000  a fine film"), table);
        assertTrue(table.contains("note: a note"), table);
        String difficulty = command.difficulty("", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "");
        assertTrue(difficulty.startsWith("V-information of mem with m (layer mean): 0.5000 bits of H(Y) = 1.0000; probe accuracy 0.9000"),
                difficulty);
        assertTrue(difficulty.contains("3      -2.5000  neg    pos         odd one"), difficulty);
        String divergence = command.divergence("", "", "", "", "", "", "", "", "", "", "", "");
        String map = command.cartography("", "", "", "", "", "r1");
        assertTrue(map.startsWith("Data map of mem (training r1, seed 42, 3 epochs): mean confidence 0.6000, mean variability 0.1000"),
                map);
        assertTrue(map.contains("easy-to-learn:") && map.contains("0      pos    0.9000      0.0200       1.0000       fine"), map);
        assertTrue(map.contains("ambiguous:") && !map.contains("hard-to-learn:"), "an empty region lists nothing: " + map);
        assertTrue(divergence.contains("neg      pos      0.0817     7"), divergence);
    }

    @Test
    void diagnosticsListsWhatIsInstalled() {
        assertEquals("no dataset diagnostics installed", command.diagnostics(false));
        assertTrue(Json.COMPACT.toJson(List.of()).equals(command.diagnostics(true)));
    }

    /** Records the request and stores a fixed result, as a diagnostic would. */
    private final class Recording<Q extends Record, R extends DiagnosticResult> implements DatasetDiagnostic<Q, R> {
        private final String name;
        private final Class<Q> type;
        private final Function<String, R> result;

        Recording(String name, Class<Q> type, Function<String, R> result) {
            this.name = name;
            this.type = type;
            this.result = result;
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
        public Set<TaskType> supportedTasks() {
            return EnumSet.of(TaskType.TEXT_CLASSIFICATION);
        }

        @Override
        public boolean needsModels() {
            return false;
        }

        @Override
        public R run(Q request, RunContext context) throws Exception {
            requests.add(request);
            try (ResultStore.PendingResult pending = store.begin(name)) {
                R r = result.apply(pending.id());
                pending.commit(new ResultMetadata(name + " test", context.user(), "mem", List.of(), List.of(), context.jobId()),
                        Json.COMPACT_WITH_NULLS.toJson(r));
                return r;
            }
        }
    }
}
