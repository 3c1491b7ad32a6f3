package lmwb.ranker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.ProgressEvent;
import lmwb.api.ProgressListener;
import lmwb.api.Provenance;
import lmwb.api.TaskType;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.data.DatasetOptions;
import lmwb.api.data.Example;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.LanguageModel;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelDescriptor;
import lmwb.api.encoder.ModelOptions;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.estimator.CrossCandidateEstimator;
import lmwb.api.estimator.Estimator;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.Score;
import lmwb.api.estimator.UnsupportedTaskException;
import lmwb.api.rank.Correlation;
import lmwb.api.rank.EstimatorRanking;
import lmwb.api.rank.LayerAggregation;
import lmwb.api.rank.ModelScore;
import lmwb.api.rank.Ranker;
import lmwb.api.rank.RankingRequest;
import lmwb.api.rank.RankingResult;
import lmwb.api.rank.RankRequest;
import lmwb.api.rank.RankResult;
import lmwb.api.rank.RunningEstimatorCall;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.capability.RunContext;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultStore;
import lmwb.api.results.StoredResult;
import lmwb.common.json.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The ranking pipeline. Every model is embedded once with all transformer layers and the layer mean (through
 * the embedding cache); every estimator scores every layer and the mean, so per-layer scores are always kept
 * whatever the aggregation; the aggregation only decides the model's score. With validation, the linear probe
 * ({@code probe} estimator) scores the same matrices and each estimator's scores are correlated with it.
 *
 * <p>Before any embedding, every chosen estimator checks the labels ({@link Estimator#checkLabels}), so a
 * dataset it cannot score fails at once. A model or estimator named twice is ranked once (with a note), as is
 * a second reference to a model with the same weights. Estimator calls run on workers the ranking can leave
 * behind when it is cancelled (see {@link EstimatorCalls}).
 *
 * <p>A {@link CrossCandidateEstimator} (NCTI) scores each matrix into raw terms, and its scores are made once every
 * model is scored, by {@link CrossCandidateEstimator#combine} over two sets of candidates: every layer of every ranked
 * model (the candidates the per-layer scores, the best layer, {@code bestlayer} and {@code lastlayer} compare) and
 * the models' layer means (the candidates of {@code layermean}, the default). Layers and layer means are kept apart
 * because they are different kinds of matrix, and one set of layers gives every per-layer score the same scale,
 * so that validation's pooled (model, layer) correlation and the layer plot compare like with like.
 */
@Component(service = Ranker.class)
public class DefaultRanker implements Ranker {
    /** Samples the main job keeps when the user names no dataset and no downsampling. */
    static final int DEFAULT_RUN_SAMPLES = 3000;
    static final String PROBE = "probe";
    /**
     * Below this many examples in a class the ranking carries a note that its scores are unreliable: estimators
     * then score a handful of points (H-score reaches its maximum with one example per class). Validation leaves such
     * classes out of every estimator's rows ({@link RareClasses}): the probe's 5 stratified folds need one in each.
     */
    static final int MIN_EXAMPLES_PER_CLASS = 5;

    private final DatasetCatalog catalog;
    private final EmbeddingService embeddings;
    private final ResultStore store;
    private final ProvenanceRecorder provenance;
    private final Map<String, Estimator> estimators = new ConcurrentHashMap<>();
    private final EstimatorCalls calls = new EstimatorCalls();

    /**
     * @param catalog datasets
     * @param embeddings models and the embedding cache
     * @param store where results go
     * @param provenance fills versions, host, user, options and seed
     */
    @Activate
    public DefaultRanker(@Reference DatasetCatalog catalog, @Reference EmbeddingService embeddings,
            @Reference ResultStore store, @Reference ProvenanceRecorder provenance) {
        this.catalog = catalog;
        this.embeddings = embeddings;
        this.store = store;
        this.provenance = provenance;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEstimator(Estimator e) {
        estimators.put(e.name(), e);
    }

    void removeEstimator(Estimator e) {
        estimators.remove(e.name(), e);
    }

    @Deactivate
    void deactivate() {
        calls.close();
    }

    @Override
    public List<RunningEstimatorCall> runningAfterCancel() {
        return calls.runningAfterCancel();
    }

    @Override
    public RankingResult rank(RankingRequest request, ProgressListener progress, CancellationToken cancel) throws IOException {
        return run(request, request, RunContext.local(progress, cancel)).ranking();
    }

    @Override
    public RankResult rank(RankRequest request, RunContext context) throws IOException {
        return run(request.toRankingRequest(), request, context).result();
    }

    /** Both forms of one stored ranking. */
    private record Outcome(RankingResult ranking, RankResult result) {
    }

    private Outcome run(RankingRequest request, Record asked, RunContext context) throws IOException {
        ProgressListener progress = context.progress();
        CancellationToken cancel = context.cancel();
        long start = System.nanoTime();
        List<String> notes = new ArrayList<>();
        String datasetRef = request.dataset() != null ? request.dataset() : catalog.defaultDataset();
        DatasetOptions options = request.datasetOptions();
        if (request.dataset() == null && options.downsample() == 1.0) {
            options = options.withDownsample(DEFAULT_RUN_SAMPLES);
            notes.add("default run: " + datasetRef + " downsampled to " + DEFAULT_RUN_SAMPLES + " examples (seed "
                    + options.seed() + "); use --dataset/--downsample to change");
        }
        Dataset dataset = catalog.load(datasetRef, options, progress);
        List<Example> examples = dataset.allExamples();
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("dataset " + dataset.name() + " has no examples after cleaning");
        }
        dataset.report().forEach((k, v) -> {
            if (v > 0 && k.startsWith("dropped")) {
                notes.add(k + ": " + v);
            }
        });
        TaskType task = dataset.taskType();
        Labels allLabels = dataset.labelsOf(examples);
        List<Estimator> chosen = chooseEstimators(request, task, notes);
        refuseResamplingAcrossCandidates(chosen, request);
        Estimator probe = null;
        if (request.validate()) {
            probe = estimators.get(PROBE);
            if (probe == null) {
                throw new IllegalArgumentException("validation needs the 'probe' estimator, which is not installed; installed: "
                        + installed());
            }
        }
        // validation: classes too rare for the probe's folds leave every estimator's input (same rows for all)
        Optional<RareClasses> rare = probe == null || allLabels.isRegression() ? Optional.empty()
                : RareClasses.drop(allLabels, MIN_EXAMPLES_PER_CLASS, dataset.labelMap(), task.isTokenLevel(), dataset.name());
        rare.ifPresent(r -> notes.add(r.note()));
        Labels labels = rare.map(RareClasses::kept).orElse(allLabels);
        int[] keptRows = rare.map(RareClasses::keptRows).orElse(null);
        checkLabels(chosen, probe, labels, request, dataset);
        if (rare.isEmpty()) {
            smallClassNote(dataset, labels).ifPresent(notes::add);
        }
        List<String> models = distinct(request.models().isEmpty() ? embeddings.defaultModels() : request.models(),
                "model", notes);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no models given and no default models available; run 'lmwb models'");
        }
        List<EmbeddingInput> inputs = inputs(examples, task);
        SentencePooling pooling = task.isTokenLevel() ? SentencePooling.NONE : request.sentencePooling();

        Map<String, List<ModelScore>> perEstimator = new LinkedHashMap<>();
        chosen.forEach(e -> perEstimator.put(e.name(), new ArrayList<>()));
        Map<String, Map<Integer, Double>> probeScores = new LinkedHashMap<>();
        Map<String, String> modelHashes = new LinkedHashMap<>();
        List<String> ranked = new ArrayList<>();
        // for --bootstrap: per estimator and model the matrix its score came from, and how to fetch a model's layers again
        Map<String, Map<String, FloatMatrix>> scoredMatrices = new LinkedHashMap<>();
        chosen.forEach(e -> scoredMatrices.put(e.name(), new LinkedHashMap<>()));
        Map<String, EmbeddingRequest> embeddingRequests = new LinkedHashMap<>();
        Map<String, EmbeddingRequest> perModel = new LinkedHashMap<>();
        // per cross-candidate estimator, model and layer (MEAN for the layer mean) its raw score, combined after the loop
        Map<String, Map<String, Map<Integer, Score>>> rawScores = new LinkedHashMap<>();
        chosen.stream().filter(CrossCandidateEstimator.class::isInstance).forEach(e -> rawScores.put(e.name(), new LinkedHashMap<>()));
        for (String model : models) {
            cancel.throwIfCancelled();
            List<Integer> layers = new ArrayList<>();
            for (int l = 1; l <= layerCount(model, request.device()); l++) {
                layers.add(l);
            }
            perModel.put(model, new EmbeddingRequest(inputs, layers, true, request.subwordPooling(), pooling,
                    request.pairEncoding(), request.batchSize()));
        }
        ModelOptions modelOptions = new ModelOptions(request.device(), Double.NaN, request.sparkMaster());
        // one engine run for every model's missing entry (on Spark: one application, not one per model)
        long t0 = System.nanoTime();
        Set<String> embeddedNow = embeddings.embedAll(perModel, dataset.contentHash(), modelOptions, progress, cancel);
        // each model embedded in that one run is shown with an even share of its time (the run does them in turn)
        double sharedSeconds = embeddedNow.isEmpty() ? 0 : (System.nanoTime() - t0) / 1e9 / embeddedNow.size();
        for (String model : models) {
            cancel.throwIfCancelled();
            EmbeddingRequest er = perModel.get(model);
            int layerCount = er.layers().size();
            t0 = System.nanoTime();
            LayerEmbeddings emb = embeddings.embed(model, er, dataset.contentHash(), modelOptions, progress, cancel);
            double embedSeconds = emb.fromCache() ? 0 : (System.nanoTime() - t0) / 1e9;
            if (embeddedNow.contains(model) && emb.fromCache()) {
                emb = new LayerEmbeddings(emb.layers(), emb.layerMean(), emb.wordsPerInput(), emb.tokens(),
                        emb.truncatedInputs(), false, emb.provenance());
                embedSeconds = sharedSeconds;
            }
            String hash = ProvenanceRecorder.modelHash(emb.provenance() == null ? null
                    : emb.provenance().inputs().get("model"), "the embedding service reported no artifact hash for " + model);
            Optional<String> same = modelHashes.entrySet().stream()
                    .filter(h -> !hash.startsWith(ProvenanceRecorder.NO_HASH) && h.getValue().equals(hash))
                    .map(Map.Entry::getKey).findFirst();
            if (same.isPresent()) {
                notes.add(model + " has the same weights as " + same.get() + " (" + hash + "); ranked once, as "
                        + same.get());
                continue;
            }
            modelHashes.put(model, hash);
            ranked.add(model);
            if (emb.truncatedInputs() > 0) {
                notes.add(model + ": " + emb.truncatedInputs() + " inputs truncated at the model's maximum length");
            }
            checkRows(model, emb, allLabels);
            emb = keptRows(emb, keptRows);
            for (Estimator e : chosen) {
                Map<Integer, Score> raw = rawScores.containsKey(e.name()) ? new TreeMap<>() : null;
                ModelScore scored = score(model, e, emb, labels, request, layerCount, embedSeconds, notes, progress, cancel, raw);
                if (raw != null) {
                    rawScores.get(e.name()).put(model, raw);
                }
                perEstimator.get(e.name()).add(scored);
                if (request.bootstrap() > 0 || request.combinations() > 0) {
                    scoredMatrix(emb, scored, request.aggregation(), layerCount)
                            .ifPresent(m -> scoredMatrices.get(e.name()).put(model, m));
                    embeddingRequests.put(model, er);
                }
            }
            if (probe != null) {
                ModelScore p = score(model, probe, emb, labels, request, layerCount, embedSeconds, notes, progress, cancel, null);
                Map<Integer, Double> m = new TreeMap<>(p.layerScores());
                m.put(0, p.layerMeanScore());
                probeScores.put(model, m);
            }
        }
        for (Estimator e : chosen) {
            if (e instanceof CrossCandidateEstimator cross) {
                perEstimator.put(e.name(), acrossCandidates(cross, perEstimator.get(e.name()), rawScores.get(e.name()),
                        request.aggregation()));
            }
        }
        List<EstimatorRanking> rankings = new ArrayList<>();
        for (Map.Entry<String, List<ModelScore>> e : perEstimator.entrySet()) {
            e.getValue().stream().filter(m -> !m.hasBestLayer()).forEach(m -> notes.add(e.getKey() + " gave no finite score for "
                    + m.model() + " (all layers NaN); its best layer is shown as '–' and it is ranked last"));
            List<ModelScore> sorted = e.getValue().stream()
                    .sorted(Comparator.comparingDouble((ModelScore m) -> Double.isNaN(m.score()) ? Double.NEGATIVE_INFINITY : m.score()).reversed())
                    .collect(Collectors.toList());
            List<Correlation> validation = probe == null ? List.of() : validate(e.getValue(), probeScores, request.aggregation());
            rankings.add(new EstimatorRanking(e.getKey(), sorted, validation));
        }
        Map<String, RankResult.Bootstrap> bootstraps = new LinkedHashMap<>();
        if (request.bootstrap() > 0) {
            for (EstimatorRanking er : rankings) {
                Estimator e = chosen.stream().filter(x -> x.name().equals(er.estimator())).findFirst().orElseThrow();
                bootstraps.put(er.estimator(), bootstrap(e, er, scoredMatrices.get(e.name()), embeddingRequests, dataset, labels,
                        keptRows, request, progress, cancel));
            }
        }
        Map<String, List<RankResult.Combination>> combinations = new LinkedHashMap<>();
        if (request.combinations() > 0) {
            for (EstimatorRanking er : rankings) {
                Estimator e = chosen.stream().filter(x -> x.name().equals(er.estimator())).findFirst().orElseThrow();
                combinations.put(er.estimator(), combinations(e, er, scoredMatrices.get(e.name()), labels, request,
                        progress, cancel));
            }
        }
        String kind = request.validate() ? RankResult.VALIDATION : RankResult.RANKING;
        Provenance.Builder prov = provenance.begin(kind.equals(RankResult.RANKING) ? "rank" : "validate", asked, context)
                .config("dataset", datasetRef)
                .config("models", String.join(",", ranked))
                .config("estimators", chosen.stream().map(Estimator::name).collect(Collectors.joining(",")))
                .config("estimator_options", request.estimatorOptions().asMap())
                .config("layers", request.aggregation().displayName())
                .config("subword_pooling", request.subwordPooling().name().toLowerCase(Locale.ROOT))
                .config("sentence_pooling", pooling.name().toLowerCase(Locale.ROOT))
                .config("pair_encoding", request.pairEncoding().name().toLowerCase(Locale.ROOT))
                .config("batch_size", request.batchSize())
                .config("downsample", options.downsample())
                .config("device", request.device())
                .config("validate", request.validate())
                .config("bootstrap", request.bootstrap())
                .config("combinations", request.combinations())
                .input(ProvenanceRecorder.DATASET, dataset.contentHash())
                .seed(options.seed());
        modelHashes.forEach((m, h) -> prov.input(ProvenanceRecorder.MODEL_PREFIX + m, h));
        double total = (System.nanoTime() - start) / 1e9;
        RankingResult draft = new RankingResult("@id", dataset.name(), dataset.contentHash(), task.displayName(), labels.size(),
                request.aggregation(), rankings, probeScores, notes, total, null, prov.build());
        byte[] svg = LayerScoresPlot.svg(dataset.name(), rankings).getBytes(StandardCharsets.UTF_8);
        cancel.throwIfCancelled();
        try (ResultStore.PendingResult pending = store.begin(kind)) {
            java.nio.file.Files.write(pending.file(RankResult.PLOT), svg);
            RankResult result = RankResults.of(pending.id(), kind, draft, bootstraps, combinations);
            StoredResult stored = pending.commit(new ResultMetadata(summary(draft), context.user(), dataset.name(), ranked,
                    chosen.stream().map(Estimator::name).collect(Collectors.toList()), context.jobId()),
                    Json.COMPACT_WITH_NULLS.toJson(result));
            return new Outcome(new RankingResult(stored.id(), draft.dataset(), draft.datasetHash(), draft.taskType(),
                    draft.samples(), draft.aggregation(), rankings, probeScores, notes, total, stored.directory(),
                    draft.provenance()), result);
        }
    }

    private List<Estimator> chooseEstimators(RankingRequest request, TaskType task, List<String> notes) {
        List<String> names = distinct(request.estimators(), "estimator", notes);
        if (names.isEmpty() && request.validate()) {
            names = estimators.values().stream().filter(e -> !e.name().equals(PROBE))
                    .filter(e -> task.isRegression() ? e.supportsRegression() : e.supportsClassification())
                    .map(Estimator::name).sorted().collect(Collectors.toList());
        } else if (names.isEmpty()) {
            names = List.of(task.isRegression() ? "logme" : "hscore");
        }
        List<Estimator> chosen = new ArrayList<>();
        for (String name : names) {
            Estimator e = estimators.get(name);
            if (e == null) {
                throw new IllegalArgumentException("unknown estimator '" + name + "'; installed: " + installed());
            }
            boolean ok = task.isRegression() ? e.supportsRegression() : e.supportsClassification();
            if (!ok) {
                throw new UnsupportedTaskException("estimator '" + name + "' cannot score " + task.displayName()
                        + " tasks; estimators that can: " + estimators.values().stream()
                                .filter(x -> task.isRegression() ? x.supportsRegression() : x.supportsClassification())
                                .map(Estimator::name).sorted().collect(Collectors.joining(", ")));
            }
            chosen.add(e);
        }
        return chosen;
    }

    /** Asks every chosen estimator (and the probe) whether it can score these labels, before any embedding. */
    private static void checkLabels(List<Estimator> chosen, Estimator probe, Labels labels, RankingRequest request,
            Dataset dataset) {
        List<Estimator> all = new ArrayList<>(chosen);
        if (probe != null) {
            all.add(probe);
        }
        for (Estimator e : all) {
            EstimatorOptions options = e == probe ? EstimatorOptions.NONE : request.estimatorOptions();
            Optional<String> problem = e.checkLabels(labels, options);
            if (problem.isPresent()) {
                throw new IllegalArgumentException("dataset " + dataset.name() + " (" + labels.size() + " samples"
                        + (labels.isRegression() ? "" : ", " + labels.distinctClasses() + " class(es)") + ") cannot be ranked: "
                        + problem.get());
            }
        }
    }

    /**
     * @return a note naming the classes with fewer than {@link #MIN_EXAMPLES_PER_CLASS} examples (or the whole
     *     regression set when it is that small), if any
     */
    static Optional<String> smallClassNote(Dataset dataset, Labels labels) {
        if (labels.isRegression()) {
            return labels.size() < MIN_EXAMPLES_PER_CLASS
                    ? Optional.of("only " + labels.size() + " examples: scores from fewer than " + MIN_EXAMPLES_PER_CLASS
                            + " examples are unreliable; use more data (raise --downsample)")
                    : Optional.empty();
        }
        int[] counts = new int[labels.classCount()];
        for (int id : labels.classIds()) {
            counts[id]++;
        }
        List<String> small = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0 && counts[c] < MIN_EXAMPLES_PER_CLASS) {
                String name = c < dataset.labelMap().size() ? dataset.labelMap().name(c) : Integer.toString(c);
                small.add("'" + name + "' " + counts[c]);
            }
        }
        if (small.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("warning: class(es) with fewer than " + MIN_EXAMPLES_PER_CLASS + " examples (" + String.join(", ", small)
                + "): scores from so few examples are unreliable; use more data (raise --downsample)");
    }

    /** @return {@code items} without repeats, in order; each repeat adds a note */
    static List<String> distinct(List<String> items, String what, List<String> notes) {
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (String item : items) {
            if (!seen.add(item)) {
                notes.add(what + " " + item + " was given more than once; ranked once");
            }
        }
        return List.copyOf(seen);
    }

    private String installed() {
        return estimators.keySet().stream().sorted().collect(Collectors.joining(", "));
    }

    private static List<EmbeddingInput> inputs(List<Example> examples, TaskType task) {
        return examples.stream().map(e -> EmbeddingInput.of(e, task)).collect(Collectors.toList());
    }

    private int layerCount(String model, String device) throws IOException {
        Optional<ModelDescriptor> known = embeddings.models().stream()
                .filter(d -> d.reference().equals(model) && d.layers() > 0).findFirst();
        if (known.isPresent()) {
            return known.get().layers();
        }
        try (LanguageModel lm = embeddings.open(model, new ModelOptions(device, Double.NaN))) {
            return lm.info().layers();
        }
    }

    /** @return the embeddings' rows {@code rows} (every layer and the mean), or {@code emb} itself for null */
    private static LayerEmbeddings keptRows(LayerEmbeddings emb, int[] rows) {
        if (rows == null) {
            return emb;
        }
        SortedMap<Integer, FloatMatrix> layers = new TreeMap<>();
        emb.layers().forEach((l, m) -> layers.put(l, m.selectRows(rows)));
        return new LayerEmbeddings(layers, emb.mean().map(m -> m.selectRows(rows)).orElse(null), emb.wordsPerInput(),
                emb.tokens(), emb.truncatedInputs(), emb.fromCache(), emb.provenance());
    }

    private static void checkRows(String model, LayerEmbeddings emb, Labels labels) {
        FloatMatrix any = emb.mean().orElseGet(() -> emb.layers().values().iterator().next());
        if (any.rows() != labels.size()) {
            throw new IllegalStateException(model + " produced " + any.rows() + " rows for " + labels.size()
                    + " labels; for token tasks every word needs one tag");
        }
    }

    /** The key of a model's layer mean among its layers' indices (−1 … −L), as in the probe's scores. */
    static final int MEAN = 0;

    /**
     * Resampling scores one candidate at a time, which a cross-candidate estimator cannot: its score of a candidate
     * depends on the others of the same ranking.
     */
    private static void refuseResamplingAcrossCandidates(List<Estimator> chosen, RankingRequest request) {
        if (request.bootstrap() == 0 && request.combinations() == 0) {
            return;
        }
        chosen.stream().filter(CrossCandidateEstimator.class::isInstance).findFirst().ifPresent(e -> {
            throw new IllegalArgumentException(e.name() + " normalises its terms across the ranked models, so it cannot score "
                    + (request.bootstrap() > 0 ? "bootstrap resamples" : "combinations") + " one at a time; leave " + e.name()
                    + " out of --estimator for " + (request.bootstrap() > 0 ? "--bootstrap" : "--combinations"));
        });
    }

    /**
     * The final scores of a cross-candidate estimator: its raw scores of every layer of every model combined as one set,
     * those of the layer means as another; best layers and model scores taken again from the combined values.
     *
     * @param models its model scores as {@link #score} made them from the raw values, in ranking order
     * @param raw per model, per layer index (and {@link #MEAN}) the raw score
     */
    static List<ModelScore> acrossCandidates(CrossCandidateEstimator e, List<ModelScore> models,
            Map<String, Map<Integer, Score>> raw, LayerAggregation aggregation) {
        List<Score> layers = new ArrayList<>();
        List<Score> means = new ArrayList<>();
        for (ModelScore m : models) {
            raw.get(m.model()).forEach((layer, s) -> (layer == MEAN ? means : layers).add(s));
        }
        double[] layerValues = layers.isEmpty() ? new double[0] : e.combine(layers);
        double[] meanValues = means.isEmpty() ? new double[0] : e.combine(means);
        if (layerValues.length != layers.size() || meanValues.length != means.size()) {
            throw new IllegalStateException(e.name() + " combined " + (layers.size() + means.size()) + " candidates into "
                    + (layerValues.length + meanValues.length) + " scores");
        }
        int li = 0;
        int mi = 0;
        List<ModelScore> out = new ArrayList<>();
        for (ModelScore m : models) {
            Map<Integer, Double> layerScores = new TreeMap<>();
            double mean = Double.NaN;
            for (Integer layer : raw.get(m.model()).keySet()) {
                if (layer == MEAN) {
                    mean = meanValues[mi++];
                } else {
                    layerScores.put(layer, layerValues[li++]);
                }
            }
            int best = bestLayer(layerScores);
            out.add(new ModelScore(m.model(), modelScore(aggregation, layerScores, mean, best), best, layerScores, mean,
                    m.embedSeconds(), m.scoreSeconds(), m.fromCache()));
        }
        return out;
    }

    private static double modelScore(LayerAggregation aggregation, Map<Integer, Double> layerScores, double meanScore, int best) {
        return switch (aggregation) {
            case LAYERMEAN -> meanScore;
            case LASTLAYER -> layerScores.getOrDefault(-1, Double.NaN);
            case BESTLAYER -> layerScores.getOrDefault(best, Double.NaN);
        };
    }

    /** @param raw where each call's raw score goes by layer index ({@link #MEAN} for the mean), or null */
    private ModelScore score(String model, Estimator e, LayerEmbeddings emb, Labels labels, RankingRequest request,
            int layerCount, double embedSeconds, List<String> notes, ProgressListener progress, CancellationToken cancel,
            Map<Integer, Score> raw) {
        long t0 = System.nanoTime();
        String stage = e.name() + " " + model;
        Map<Integer, Double> layerScores = new TreeMap<>();
        Map<String, Integer> capped = new LinkedHashMap<>();
        int done = 0;
        for (Map.Entry<Integer, FloatMatrix> layer : emb.layers().entrySet()) {
            cancel.throwIfCancelled();
            Score s = calls.score(e, layer.getValue(), labels, request.estimatorOptions(), cancel);
            int index = layer.getKey() - layerCount - 1;
            layerScores.put(index, s.value());
            if (raw != null) {
                raw.put(index, s);
            }
            countCapped(s, Integer.toString(index), capped);
            progress.onProgress(new ProgressEvent(stage, ++done, layerCount + 1L, "layers", System.nanoTime() - t0));
        }
        double meanScore = Double.NaN;
        if (emb.mean().isPresent()) {
            Score s = calls.score(e, emb.mean().get(), labels, request.estimatorOptions(), cancel);
            meanScore = s.value();
            countCapped(s, "mean", capped);
            if (raw != null) {
                raw.put(MEAN, s);
            }
        }
        iterationCapNote(e.name(), model, capped).ifPresent(notes::add);
        progress.onProgress(new ProgressEvent(stage, layerCount + 1L, layerCount + 1L, "layers", System.nanoTime() - t0));
        int best = bestLayer(layerScores);
        double modelScore = modelScore(request.aggregation(), layerScores, meanScore, best);
        return new ModelScore(model, modelScore, best, layerScores, meanScore, embedSeconds, (System.nanoTime() - t0) / 1e9,
                emb.fromCache());
    }

    /** @return the matrix a model's score came from under the aggregation (bestlayer: that estimator's best layer) */
    private static Optional<FloatMatrix> scoredMatrix(LayerEmbeddings emb, ModelScore scored, LayerAggregation aggregation,
            int layerCount) {
        return switch (aggregation) {
            case LAYERMEAN -> emb.mean();
            case LASTLAYER -> Optional.ofNullable(emb.layers().get(layerCount));
            case BESTLAYER -> scored.hasBestLayer() ? Optional.ofNullable(emb.layers().get(scored.bestLayer() + layerCount + 1))
                    : Optional.empty();
        };
    }

    /**
     * The rank-stability bootstrap of one estimator: its models on the matrices their scores came from, then every
     * layer of its top model (fetched again from the embedding service: the cache serves it), each on the same
     * seeded, class-stratified resamples ({@link RankStability}).
     */
    private RankResult.Bootstrap bootstrap(Estimator e, EstimatorRanking ranking, Map<String, FloatMatrix> matrices,
            Map<String, EmbeddingRequest> embeddingRequests, Dataset dataset, Labels labels, int[] keptRows,
            RankingRequest request, ProgressListener progress, CancellationToken cancel) throws IOException {
        int[] strata = labels.isRegression() ? null : classIndex(labels);
        List<ModelScore> models = ranking.models().stream().filter(m -> matrices.containsKey(m.model())).toList();
        RankStability.Report byModel = resample(e, "models", models.stream().map(ModelScore::model).toList(),
                models.stream().mapToDouble(ModelScore::score).toArray(),
                models.stream().map(m -> matrices.get(m.model())).toList(), strata, labels, request, progress, cancel);
        if (models.isEmpty() || !Double.isFinite(models.get(0).score())) {
            return convert(byModel, null, null);
        }
        String top = models.get(0).model();
        LayerEmbeddings emb = keptRows(embeddings.embed(top, embeddingRequests.get(top), dataset.contentHash(),
                new ModelOptions(request.device(), Double.NaN), progress, cancel), keptRows);
        int layerCount = emb.layers().size();
        List<Map.Entry<Integer, Double>> layers = models.get(0).layerScores().entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<Integer, Double> l) -> Double.isNaN(l.getValue())
                        ? Double.NEGATIVE_INFINITY : l.getValue()).reversed())
                .toList();
        RankStability.Report byLayer = resample(e, "layers of " + top, layers.stream().map(l -> l.getKey().toString()).toList(),
                layers.stream().mapToDouble(Map.Entry::getValue).toArray(),
                layers.stream().map(l -> emb.layers().get(l.getKey() + layerCount + 1)).toList(), strata, labels, request,
                progress, cancel);
        return convert(byModel, top, byLayer);
    }

    private RankStability.Report resample(Estimator e, String what, List<String> names, double[] full, List<FloatMatrix> matrices,
            int[] strata, Labels labels, RankingRequest request, ProgressListener progress, CancellationToken cancel) {
        String stage = "bootstrap " + e.name() + " " + what;
        long total = (long) request.bootstrap() * names.size();
        long t0 = System.nanoTime();
        long[] done = {0};
        return RankStability.bootstrap(names, full, strata, labels.size(), request.bootstrap(), request.bootstrapSeed(),
                (c, rows) -> {
                    double v = calls.score(e, matrices.get(c).selectRows(rows), labels.select(rows), request.estimatorOptions(),
                            cancel).value();
                    progress.onProgress(new ProgressEvent(stage, ++done[0], total, "scores", System.nanoTime() - t0));
                    return v;
                }, cancel);
    }

    /**
     * {@code --combinations k}: every set of k ranked models, their scored matrices concatenated column-wise (in
     * ranking order), scored by the estimator; best first. The gain is the score minus the best single model's
     * score among them.
     */
    private List<RankResult.Combination> combinations(Estimator e, EstimatorRanking ranking, Map<String, FloatMatrix> matrices,
            Labels labels, RankingRequest request, ProgressListener progress, CancellationToken cancel) {
        List<ModelScore> models = ranking.models().stream().filter(m -> matrices.containsKey(m.model())).toList();
        List<int[]> subsets = subsets(models.size(), request.combinations());
        String stage = e.name() + " combinations of " + request.combinations();
        long t0 = System.nanoTime();
        List<RankResult.Combination> scored = new ArrayList<>();
        int done = 0;
        for (int[] subset : subsets) {
            cancel.throwIfCancelled();
            List<FloatMatrix> parts = new ArrayList<>();
            List<String> names = new ArrayList<>();
            double bestSingle = Double.NEGATIVE_INFINITY;
            for (int i : subset) {
                parts.add(matrices.get(models.get(i).model()));
                names.add(models.get(i).model());
                bestSingle = Math.max(bestSingle, models.get(i).score());
            }
            double value = calls.score(e, concatenateColumns(parts), labels, request.estimatorOptions(), cancel).value();
            scored.add(new RankResult.Combination(0, names, value, value - bestSingle));
            progress.onProgress(new ProgressEvent(stage, ++done, subsets.size(), "combinations", System.nanoTime() - t0));
        }
        scored.sort(Comparator.comparingDouble((RankResult.Combination c) -> Double.isNaN(c.score())
                ? Double.NEGATIVE_INFINITY : c.score()).reversed());
        List<RankResult.Combination> out = new ArrayList<>();
        for (int r = 0; r < scored.size(); r++) {
            RankResult.Combination c = scored.get(r);
            out.add(new RankResult.Combination(r + 1, c.models(), c.score(), c.gain()));
        }
        return out;
    }

    /** @return every k-subset of 0..n−1 as ascending indices, in lexicographic order */
    static List<int[]> subsets(int n, int k) {
        List<int[]> out = new ArrayList<>();
        int[] s = new int[k];
        for (int i = 0; i < k; i++) {
            s[i] = i;
        }
        while (k <= n) {
            out.add(s.clone());
            int i = k - 1;
            while (i >= 0 && s[i] == n - k + i) {
                i--;
            }
            if (i < 0) {
                break;
            }
            s[i]++;
            for (int j = i + 1; j < k; j++) {
                s[j] = s[j - 1] + 1;
            }
        }
        return out;
    }

    /** @return the matrices side by side: row i is the concatenation of every part's row i */
    static FloatMatrix concatenateColumns(List<FloatMatrix> parts) {
        int rows = parts.get(0).rows();
        int cols = parts.stream().mapToInt(FloatMatrix::cols).sum();
        float[] out = new float[rows * cols];
        int offset = 0;
        for (FloatMatrix p : parts) {
            float[] v = p.toArray();
            int c = p.cols();
            for (int i = 0; i < rows; i++) {
                System.arraycopy(v, i * c, out, i * cols + offset, c);
            }
            offset += c;
        }
        return FloatMatrix.wrap(rows, cols, out);
    }

    private static int[] classIndex(Labels labels) {
        int[] ids = labels.classIds();
        int[] distinct = java.util.Arrays.stream(ids).distinct().sorted().toArray();
        int[] index = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            index[i] = java.util.Arrays.binarySearch(distinct, ids[i]);
        }
        return index;
    }

    private static RankResult.Bootstrap convert(RankStability.Report models, String layersOf, RankStability.Report layers) {
        return new RankResult.Bootstrap(models.resamples(), models.seed(), candidates(models), swaps(models), layersOf,
                layers == null ? List.of() : candidates(layers), layers == null ? List.of() : swaps(layers));
    }

    private static List<RankResult.Candidate> candidates(RankStability.Report r) {
        return r.candidates().stream().map(c -> new RankResult.Candidate(c.name(), c.score(), c.mean(), c.low(), c.high(),
                c.firstShare())).toList();
    }

    private static List<RankResult.Swap> swaps(RankStability.Report r) {
        return r.unstable().stream().map(w -> new RankResult.Swap(w.above(), w.below(), w.share())).toList();
    }

    private static void countCapped(Score s, String layer, Map<String, Integer> capped) {
        Double fits = s.details().get(Score.ITERATION_CAPPED);
        if (fits != null && fits > 0) {
            capped.put(layer, fits.intValue());
        }
    }

    /**
     * @param capped per layer ("-3", "mean"), the estimator's fits that stopped at its iteration cap
     * @return a note saying that these scores are not converged and what to do, if any fit was capped
     */
    static Optional<String> iterationCapNote(String estimator, String model, Map<String, Integer> capped) {
        if (capped.isEmpty()) {
            return Optional.empty();
        }
        int fits = capped.values().stream().mapToInt(Integer::intValue).sum();
        return Optional.of(estimator + " reached its iteration cap before its tolerance in " + fits + " fit(s) for " + model
                + " (layer(s) " + String.join(", ", capped.keySet()) + "); those scores are not fully converged; raise "
                + "max-iter (or tolerance) with --options");
    }

    /**
     * @return the layer with the highest finite score (a NaN must not win: {@code Double.compare} orders NaN above
     *     every number), or {@link ModelScore#NO_LAYER} when no layer has a finite score
     */
    static int bestLayer(Map<Integer, Double> layerScores) {
        return layerScores.entrySet().stream().filter(l -> Double.isFinite(l.getValue()))
                .max(Comparator.comparingDouble(Map.Entry<Integer, Double>::getValue))
                .map(Map.Entry::getKey).orElse(ModelScore.NO_LAYER);
    }

    static List<Correlation> validate(List<ModelScore> scores, Map<String, Map<Integer, Double>> probe, LayerAggregation aggregation) {
        List<Correlation> out = new ArrayList<>();
        double[] est = new double[scores.size()];
        double[] truth = new double[scores.size()];
        List<Double> pooledEst = new ArrayList<>();
        List<Double> pooledTruth = new ArrayList<>();
        List<Correlation> within = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            ModelScore m = scores.get(i);
            Map<Integer, Double> p = probe.get(m.model());
            est[i] = m.score();
            truth[i] = switch (aggregation) {
                case LAYERMEAN -> p.get(0);
                case LASTLAYER -> p.get(-1);
                case BESTLAYER -> p.entrySet().stream().filter(x -> x.getKey() != 0).mapToDouble(Map.Entry::getValue).max().orElse(Double.NaN);
            };
            double[] le = new double[m.layerScores().size()];
            double[] lp = new double[le.length];
            int k = 0;
            for (Map.Entry<Integer, Double> l : m.layerScores().entrySet()) {
                le[k] = l.getValue();
                lp[k] = p.get(l.getKey());
                pooledEst.add(le[k]);
                pooledTruth.add(lp[k]);
                k++;
            }
            within.add(Correlations.of("across layers of " + m.model(), le, lp));
        }
        out.add(Correlations.of("across models (" + aggregation.displayName() + ")", est, truth));
        out.add(Correlations.of("across all (model, layer) pairs",
                pooledEst.stream().mapToDouble(Double::doubleValue).toArray(),
                pooledTruth.stream().mapToDouble(Double::doubleValue).toArray()));
        out.addAll(within);
        return out;
    }

    /** @return one line for listings: the dataset and, for every estimator, its order of the models */
    static String summary(RankingResult r) {
        return "rank " + r.dataset() + " (" + r.samples() + " samples) with " + r.rankings().stream()
                .map(e -> e.estimator() + ": " + e.models().stream().map(ModelScore::model).collect(Collectors.joining(" > ")))
                .collect(Collectors.joining("; "));
    }
}
