package lmwb.analysis.redundancy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.ProgressEvent;
import lmwb.api.ProgressListener;
import lmwb.api.Provenance;
import lmwb.api.analysis.ClustersRequest;
import lmwb.api.analysis.ClustersResult;
import lmwb.api.analysis.NeuronRanker;
import lmwb.api.analysis.PruneRequest;
import lmwb.api.analysis.PruneResult;
import lmwb.api.analysis.SimilarityRequest;
import lmwb.api.analysis.SimilarityResult;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.data.Example;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.LanguageModel;
import lmwb.api.encoder.ModelOptions;
import lmwb.api.encoder.SentencePooling;
import lmwb.common.svg.SvgPlot;
import lmwb.common.capability.StoredAnalysis.Computed;

/**
 * The redundancy analyses (Dalvi et al., EMNLP 2020): samples the dataset, extracts every layer's activations through
 * the embedding service (and its cache), and runs CKA, correlation clustering or the pruning pipeline. Each returns its
 * typed result and the plots to store beside it; the capabilities ({@link SimilarityCapability},
 * {@link ClustersCapability}, {@link PruneCapability}) store them.
 */
final class RedundancyAnalyses {
    private static final int TIMING_INPUTS = 64;
    private static final int TIMING_REPEATS = 5;

    private final EmbeddingService embeddings;
    private final DatasetCatalog datasets;
    private final List<NeuronRanker> rankers;

    /**
     * @param embeddings the embedding service
     * @param datasets the dataset catalogue
     * @param rankers the installed neuron rankers
     */
    RedundancyAnalyses(EmbeddingService embeddings, DatasetCatalog datasets, List<NeuronRanker> rankers) {
        this.embeddings = embeddings;
        this.datasets = datasets;
        this.rankers = List.copyOf(rankers);
    }

    Computed<SimilarityResult> similarity(SimilarityRequest request, Provenance.Builder provenance,
            ProgressListener progress, CancellationToken cancel) throws IOException {
        Cka.Measure measure = Cka.Measure.parse(request.measure());
        Dataset ds = datasets.load(request.dataset(), request.datasetOptions(), progress);
        List<Example> examples = AnalysisSample.take(ds.allExamples(), request.samples(),
                ds.taskType().isTokenLevel(), request.seed());
        ModelOptions options = new ModelOptions(request.device(), Double.NaN);
        List<String> models = request.model();
        List<List<Cka.Prepared>> prepared = new ArrayList<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        int rows = -1;
        for (String model : models) {
            ActivationExtractor.Extracted e = ActivationExtractor.extract(embeddings, model, ds.contentHash(),
                    ds.taskType(), examples, request.sentencePooling(), request.float16(), options, progress, cancel);
            if (rows >= 0 && e.activations().rows() != rows) {
                throw new IllegalArgumentException("models give different numbers of rows (" + rows + " vs "
                        + e.activations().rows() + " for " + model + "): their tokenizers keep different numbers of words"
                        + " under the maximum length; use fewer or shorter samples for a cross-model comparison");
            }
            rows = e.activations().rows();
            hashes.put(model, e.modelHash());
            List<Cka.Prepared> layers = new ArrayList<>();
            for (int l = 0; l < e.activations().layerCount(); l++) {
                cancel.throwIfCancelled();
                layers.add(Cka.prepare(e.activations().layer(l, 0, rows)));
            }
            prepared.add(layers);
        }
        long start = System.nanoTime();
        List<SimilarityResult.LayerSimilarity> matrices = new ArrayList<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        int pairs = models.size() * (models.size() + 1) / 2;
        int done = 0;
        for (int a = 0; a < models.size(); a++) {
            for (int b = a; b < models.size(); b++) {
                double[][] m = matrix(prepared.get(a), prepared.get(b), measure, a == b, cancel);
                progress.onProgress(new ProgressEvent("similarity " + measure.displayName(), ++done, pairs, "matrices",
                        System.nanoTime() - start));
                matrices.add(new SimilarityResult.LayerSimilarity(models.get(a), models.get(b), nullForNaN(m),
                        "null where a layer's vectors are constant (e.g. the [CLS] embedding output, the same for every"
                                + " sentence), so CKA is 0/0",
                        a == b ? finiteOrNull(meanOffDiagonal(m)) : null,
                        a == b ? nullForNaN(new double[][] {adjacent(m)}).get(0) : null));
                String name = "similarity-" + safe(models.get(a)) + (a == b ? "" : "__" + safe(models.get(b))) + ".svg";
                List<String> rowNames = layerNames(m.length);
                List<String> colNames = layerNames(m[0].length);
                String title = measure.displayName() + " on " + ds.name() + " (" + rows + " rows): "
                        + models.get(a) + (a == b ? "" : " vs " + models.get(b));
                files.put(name, SvgPlot.heatmap(title, models.get(a) + " layer", models.get(b) + " layer", rowNames, colNames,
                        m, Math.min(0, min(m)), 1).getBytes(StandardCharsets.UTF_8));
            }
        }
        record(provenance, ds, hashes, request.samples(), request.sentencePooling(), request.float16(), request.device());
        provenance.config("measure", measure.displayName());
        SimilarityResult result = new SimilarityResult(null, ds.name(), ds.taskType().displayName(), models,
                activations(ds, rowsDescription(ds, examples, rows), request.sentencePooling(), request.float16()),
                measure.displayName(), (System.nanoTime() - start) / 1e9, matrices, List.copyOf(files.keySet()),
                provenance.build());
        String summary = measure.displayName() + " " + ds.name() + " " + String.join(",", models);
        return new Computed<>(result, files, summary);
    }

    Computed<ClustersResult> clusters(ClustersRequest request, Provenance.Builder provenance, ProgressListener progress,
            CancellationToken cancel) throws IOException {
        double[] thresholds = request.thresholds().stream().mapToDouble(Double::doubleValue).toArray();
        Dataset ds = datasets.load(request.dataset(), request.datasetOptions(), progress);
        List<Example> examples = AnalysisSample.take(ds.allExamples(), request.samples(),
                ds.taskType().isTokenLevel(), request.seed());
        String model = request.model().get(0);
        ActivationExtractor.Extracted e = ActivationExtractor.extract(embeddings, model, ds.contentHash(), ds.taskType(),
                examples, request.sentencePooling(), request.float16(), new ModelOptions(request.device(), Double.NaN), progress,
                cancel);
        Activations a = e.activations();
        long start = System.nanoTime();
        progress.onProgress(new ProgressEvent("clusters: correlations of " + a.neurons() + " neurons", 0, 2, "steps", 0));
        FloatMatrix all = a.layers(0, a.layerCount() - 1, 0, a.rows());
        float[] distances = CorrelationClustering.correlationDistances(all);
        double corrSeconds = (System.nanoTime() - start) / 1e9;
        progress.onProgress(new ProgressEvent("clusters: average linkage", 1, 2, "steps", System.nanoTime() - start));
        cancel.throwIfCancelled();
        CorrelationClustering c = CorrelationClustering.ofDistances(a.neurons(), distances);
        double linkSeconds = (System.nanoTime() - start) / 1e9 - corrSeconds;
        progress.onProgress(new ProgressEvent("clusters: average linkage", 2, 2, "steps", System.nanoTime() - start));
        List<ClustersResult.Level> curve = NeuronClusters.curve(c, a.hidden(), thresholds);
        double[] ts = thresholds.clone();
        double[] clusters = curve.stream().mapToDouble(r -> 100.0 * r.clusters() / a.neurons()).toArray();
        double[] removable = curve.stream().mapToDouble(ClustersResult.Level::removablePercent).toArray();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("clusters.svg", lineChart("neuron clusters: " + model + " on " + ds.name() + " (" + a.neurons()
                + " neurons, " + a.rows() + " rows)", "threshold t (distance 1 - |r|)", "% of neurons",
                ts, List.of("clusters (% of neurons)", "removable %"), List.of(clusters, removable), 0, 100)
                .getBytes(StandardCharsets.UTF_8));
        String summary = "clusters " + ds.name() + " " + model + " "
                + curve.stream().filter(r -> Math.abs(r.threshold() - 0.3) < 1e-9)
                        .map(r -> String.format(Locale.ROOT, "t=0.3: %.1f%% removable", r.removablePercent()))
                        .findFirst().orElse("");
        record(provenance, ds, Map.of(model, e.modelHash()), request.samples(), request.sentencePooling(),
                request.float16(), request.device());
        provenance.config("thresholds", request.thresholds());
        ClustersResult result = new ClustersResult(null, ds.name(), ds.taskType().displayName(), request.model(),
                activations(ds, rowsDescription(ds, examples, a.rows()), request.sentencePooling(), request.float16()),
                a.neurons(), a.layerCount(), a.hidden(), a.bytes(), corrSeconds, linkSeconds, curve,
                List.copyOf(files.keySet()), provenance.build());
        return new Computed<>(result, files, summary.trim());
    }

    Computed<PruneResult> prune(PruneRequest request, Provenance.Builder provenance, ProgressListener progress,
            CancellationToken cancel) throws IOException {
        double[] ls = request.ls().stream().mapToDouble(Double::doubleValue).toArray();
        double fs = request.fs();
        double t = request.cluster();
        int epochs = request.epochs();
        String rankerName = request.ranker();
        BiFunction<FloatMatrix, Labels, int[]> ranker = ranker(rankerName, request.seed());
        Dataset ds = datasets.load(request.dataset(), request.datasetOptions(), progress);
        AnalysisSample sample = AnalysisSample.draw(ds, request.samples(), request.seed());
        String model = request.model().get(0);
        ModelOptions options = new ModelOptions(request.device(), Double.NaN);
        List<Example> all = sample.all();
        ActivationExtractor.Extracted e = ActivationExtractor.extract(embeddings, model, ds.contentHash(), ds.taskType(),
                all, request.sentencePooling(), request.float16(), options, progress, cancel);
        int[] perExample = e.rowsPerExample();
        int trainEnd = sum(perExample, 0, sample.train().size());
        int devEnd = trainEnd + sum(perExample, sample.train().size(), sample.train().size() + sample.dev().size());
        PruningPipeline.Rows rows = new PruningPipeline.Rows(trainEnd, devEnd, e.activations().rows());
        PruningPipeline.Settings settings = new PruningPipeline.Settings(ls, fs, t,
                LinearProbe.Settings.PAPER.withEpochs(epochs).withSeed(request.seed()));
        List<EmbeddingInput> timingInputs = ActivationExtractor.inputs(
                all.subList(0, Math.min(TIMING_INPUTS, all.size())), ds.taskType());
        PruningPipeline.Report report;
        String timing;
        try (ForwardTimer timer = new ForwardTimer(model, options, timingInputs, ds, request.sentencePooling())) {
            report = new PruningPipeline(e.activations(), e.labels(), rows, settings, progress, cancel)
                    .run(ranker, timer::seconds);
            timing = timer.description();
        }
        Map<String, Integer> rowCounts = new LinkedHashMap<>();
        rowCounts.put("train", trainEnd);
        rowCounts.put("dev", devEnd - trainEnd);
        rowCounts.put("test", rows.testEnd() - devEnd);
        LinearProbe.Settings probe = settings.probe();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("layers.svg", layerPlot(model, ds.name(), report).getBytes(StandardCharsets.UTF_8));
        record(provenance, ds, Map.of(model, e.modelHash()), request.samples(), request.sentencePooling(),
                request.float16(), request.device());
        provenance.config("ls", request.ls()).config("fs", fs).config("cluster", t).config("ranker", rankerName)
                .config("epochs", epochs);
        PruneResult result = new PruneResult(null, ds.name(), ds.taskType().displayName(), request.model(),
                activations(ds, rowsDescription(ds, all, e.activations().rows()), request.sentencePooling(),
                        request.float16()),
                sample.description(), rowCounts, ds.taskType().isRegression() ? "pearson" : "accuracy", rankerName, t,
                new PruneResult.ProbeSettings(probe.lambda1(), probe.lambda2(), probe.learningRate(), probe.epochs(),
                        probe.batchSize(), probe.seed()),
                report.neuronsTotal(), report.oracle(), report.layerwise(), report.incremental(), report.selections(),
                timing, List.copyOf(files.keySet()), provenance.build());
        return new Computed<>(result, files, pruneSummary(ds, model, report));
    }

    /** Times the forward pass with layers 0..l on a fixed set of inputs, bypassing the cache. */
    private final class ForwardTimer implements AutoCloseable {
        private final String model;
        private final ModelOptions options;
        private final List<EmbeddingInput> inputs;
        private final Dataset ds;
        private final SentencePooling pooling;
        private final Map<Integer, double[]> seconds = new HashMap<>();
        private LanguageModel opened;

        ForwardTimer(String model, ModelOptions options, List<EmbeddingInput> inputs, Dataset ds, SentencePooling pooling) {
            this.model = model;
            this.options = options;
            this.inputs = inputs;
            this.ds = ds;
            this.pooling = pooling;
        }

        double[] seconds(int upTo) {
            return seconds.computeIfAbsent(upTo, l -> {
                try {
                    int all = ActivationExtractor.layerCount(embeddings, model, options);
                    if (opened == null) {
                        opened = embeddings.open(model, options);
                        // Warm-up: first calls pay for JIT and native allocation.
                        time(all);
                    }
                    double[] full = new double[TIMING_REPEATS];
                    double[] part = new double[TIMING_REPEATS];
                    for (int r = 0; r < TIMING_REPEATS; r++) {
                        full[r] = time(all);
                        part[r] = l == all ? full[r] : time(l);
                    }
                    Arrays.sort(full);
                    Arrays.sort(part);
                    return new double[] {full[TIMING_REPEATS / 2], part[TIMING_REPEATS / 2]};
                } catch (IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
        }

        private double time(int upTo) {
            long t0 = System.nanoTime();
            opened.embed(ActivationExtractor.request(upTo, inputs, ds.taskType(), pooling),
                    ProgressListener.NONE, CancellationToken.NONE);
            return (System.nanoTime() - t0) / 1e9;
        }

        String description() {
            return "medians of " + TIMING_REPEATS + " interleaved pairs of timed LanguageModel.embed calls on "
                    + inputs.size() + " inputs asking for layers 0..L and for layers 0..l (after one warm-up call), no"
                    + " cache; this is forward pass plus pooling of the requested layers, so it shows a forward-pass"
                    + " saving only if the encoder stops at the highest requested layer";
        }

        @Override
        public void close() {
            if (opened != null) {
                opened.close();
            }
        }
    }

    private BiFunction<FloatMatrix, Labels, int[]> ranker(String name, long seed) {
        if (name.equals(WeightMassRanker.NAME)) {
            return null;
        }
        List<NeuronRanker> available = rankers;
        for (NeuronRanker r : available) {
            if (r.name().equalsIgnoreCase(name)) {
                return (x, y) -> r.rank(x, y, seed);
            }
        }
        throw new IllegalArgumentException("unknown neuron ranker '" + name + "'; installed: "
                + available.stream().map(NeuronRanker::name).sorted().collect(java.util.stream.Collectors.joining(", ")));
    }

    private static int sum(int[] a, int from, int to) {
        int s = 0;
        for (int i = from; i < to; i++) {
            s += a[i];
        }
        return s;
    }

    static double[][] matrix(List<Cka.Prepared> a, List<Cka.Prepared> b, Cka.Measure measure, boolean symmetric,
            CancellationToken cancel) {
        double[][] m = new double[a.size()][b.size()];
        for (int i = 0; i < a.size(); i++) {
            for (int j = symmetric ? i : 0; j < b.size(); j++) {
                cancel.throwIfCancelled();
                if (symmetric && i == j && measure == Cka.Measure.CKA) {
                    m[i][j] = a.get(i).isConstant() ? Double.NaN : 1.0;
                } else {
                    m[i][j] = Cka.of(a.get(i), b.get(j), measure);
                }
                if (symmetric) {
                    m[j][i] = m[i][j];
                }
            }
        }
        return m;
    }

    private static List<List<Double>> nullForNaN(double[][] m) {
        List<List<Double>> out = new ArrayList<>();
        for (double[] row : m) {
            List<Double> r = new ArrayList<>();
            for (double v : row) {
                r.add(Double.isFinite(v) ? v : null);
            }
            out.add(r);
        }
        return out;
    }

    private static double meanOffDiagonal(double[][] m) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                if (i != j && Double.isFinite(m[i][j])) {
                    s += m[i][j];
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    private static double[] adjacent(double[][] m) {
        double[] a = new double[Math.max(0, m.length - 1)];
        for (int i = 0; i + 1 < m.length; i++) {
            a[i] = m[i][i + 1];
        }
        return a;
    }

    private static double min(double[][] m) {
        return Arrays.stream(m).flatMapToDouble(Arrays::stream).filter(Double::isFinite).min().orElse(0);
    }

    private static List<String> layerNames(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(i == 0 ? "emb" : String.valueOf(i));
        }
        return names;
    }

    private static String rowsDescription(Dataset ds, List<Example> examples, int rows) {
        return ds.taskType().isTokenLevel()
                ? rows + " word vectors (mean of sub-words) from " + examples.size() + " whole sentences"
                : rows + " sentence vectors";
    }

    /** What every redundancy analysis records in its provenance beyond the recorder's versions, user and options. */
    private static void record(Provenance.Builder p, Dataset ds, Map<String, String> modelHashes, int samples,
            SentencePooling pooling, boolean float16, String device) {
        p.config("samples", samples).config("sentence_pooling", pooling.name().toLowerCase(Locale.ROOT))
                .config("float16", float16).config("device", device).input(ProvenanceRecorder.DATASET, ds.contentHash());
        modelHashes.forEach((m, h) -> p.input(ProvenanceRecorder.MODEL_PREFIX + m, ProvenanceRecorder.modelHash(h,
                "the model source gives no content hash")));
    }

    private static String activations(Dataset ds, String rows, SentencePooling pooling, boolean float16) {
        return rows + (ds.taskType().isTokenLevel() ? "" : ", " + pooling.name().toLowerCase(Locale.ROOT) + " pooling")
                + (float16 ? ", stored as float16" : ", float32");
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String pruneSummary(Dataset ds, String model, PruningPipeline.Report report) {
        StringBuilder s = new StringBuilder("prune " + ds.name() + " " + model);
        for (PruneResult.Selection sel : report.selections()) {
            s.append(String.format(Locale.ROOT, "; LS%s: %d layers, %d neurons, %.1f%% of oracle",
                    trim(sel.deltaLs()), sel.layersKept(), sel.neuronsKept(), 100 * sel.chosen().testRelativeToOracle()));
        }
        return s.toString();
    }

    private static String layerPlot(String model, String dataset, PruningPipeline.Report report) {
        List<PruneResult.ProbeScore> lw = report.layerwise();
        List<PruneResult.ProbeScore> inc = report.incremental();
        double oracle = report.oracle().dev();
        int n = lw.size();
        double[] x = new double[n];
        double[] a = new double[n];
        double[] b = new double[n];
        double[] o = new double[n];
        double lo = oracle;
        for (int i = 0; i < n; i++) {
            x[i] = i;
            a[i] = lw.get(i).dev();
            b[i] = inc.get(i).dev();
            o[i] = oracle;
            lo = Math.min(lo, Math.min(a[i], b[i]));
        }
        double bottom = Math.floor(lo * 10) / 10;
        return lineChart("probe dev score by layer: " + model + " on " + dataset, "layer (0 = embeddings)", "dev score", x,
                List.of("layer-wise", "incremental 0..l", "oracle (all layers)"), List.of(a, b, o), bottom,
                Math.min(1, Math.ceil(oracle * 10 + 0.5) / 10));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** A line chart over a shared x axis, every x value labelled, drawn by {@link SvgPlot}. */
    private static String lineChart(String title, String xLabel, String yLabel, double[] x, List<String> names,
            List<double[]> series, double yMin, double yMax) {
        Map<Double, String> ticks = new LinkedHashMap<>();
        for (double v : x) {
            ticks.put(v, v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2g", v));
        }
        List<SvgPlot.Series> lines = new ArrayList<>();
        for (int k = 0; k < series.size(); k++) {
            lines.add(new SvgPlot.Series(names.get(k), x, series.get(k)));
        }
        return SvgPlot.lines(new SvgPlot.LineChart(title, xLabel, yLabel, ticks, lines, yMin, yMax));
    }

}
