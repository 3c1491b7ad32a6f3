package lmwb.analysis.redundancy;

import com.google.gson.Gson;
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
import java.util.stream.Collectors;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.ProgressEvent;
import lmwb.api.ProgressListener;
import lmwb.api.Provenance;
import lmwb.api.analysis.AnalysisRequest;
import lmwb.api.analysis.AnalysisResult;
import lmwb.api.analysis.NeuronRanker;
import lmwb.api.analysis.RedundancyAnalysis;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.data.Example;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.LanguageModel;
import lmwb.api.encoder.ModelOptions;
import lmwb.api.rank.ResultStore;
import lmwb.api.rank.StoredResult;
import lmwb.common.json.Json;
import lmwb.common.svg.SvgPlot;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The {@link RedundancyAnalysis} service: samples the dataset, extracts every layer's activations through
 * the embedding service (and its cache), runs CKA, correlation clustering or the pruning pipeline, and
 * stores JSON plus SVG plots in the result store.
 */
@Component(service = RedundancyAnalysis.class)
public class DefaultRedundancyAnalysis implements RedundancyAnalysis {
    static final String VERSION = "1.0.0";
    private static final int TIMING_INPUTS = 64;
    private static final int TIMING_REPEATS = 5;

    @Reference
    private EmbeddingService embeddings;

    @Reference
    private DatasetCatalog datasets;

    @Reference
    private ResultStore store;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<NeuronRanker> rankers;

    private final Gson gson = Json.PRETTY;

    /** For DS. */
    public DefaultRedundancyAnalysis() {
    }

    /**
     * For tests and harnesses outside a framework.
     *
     * @param embeddings the embedding service
     * @param datasets the dataset catalogue
     * @param store the result store
     * @param rankers the neuron rankers
     */
    DefaultRedundancyAnalysis(EmbeddingService embeddings, DatasetCatalog datasets, ResultStore store,
            List<NeuronRanker> rankers) {
        this.embeddings = embeddings;
        this.datasets = datasets;
        this.store = store;
        this.rankers = rankers;
    }

    @Override
    public AnalysisResult similarity(AnalysisRequest request, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        Cka.Measure measure = Cka.Measure.parse(request.options().getOrDefault("measure", "cka"));
        checkOptions(request, "measure");
        Dataset ds = load(request, progress);
        List<Example> examples = AnalysisSample.take(ds.allExamples(), request.samples(),
                ds.taskType().isTokenLevel(), request.seed());
        ModelOptions options = new ModelOptions(request.device(), Double.NaN);
        List<String> models = request.models();
        List<List<Cka.Prepared>> prepared = new ArrayList<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        int rows = -1;
        for (String model : models) {
            ActivationExtractor.Extracted e = ActivationExtractor.extract(embeddings, model, ds.contentHash(),
                    ds.taskType(), examples, request.pooling(), request.float16(), options, progress, cancel);
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
        List<Map<String, Object>> matrices = new ArrayList<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        int pairs = models.size() * (models.size() + 1) / 2;
        int done = 0;
        for (int a = 0; a < models.size(); a++) {
            for (int b = a; b < models.size(); b++) {
                double[][] m = matrix(prepared.get(a), prepared.get(b), measure, a == b, cancel);
                progress.onProgress(new ProgressEvent("similarity " + measure.displayName(), ++done, pairs, "matrices",
                        System.nanoTime() - start));
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("rowsModel", models.get(a));
                entry.put("colsModel", models.get(b));
                entry.put("matrix", nullForNaN(m));
                entry.put("undefined", "null where a layer's vectors are constant (e.g. the [CLS] embedding output, "
                        + "the same for every sentence), so CKA is 0/0");
                if (a == b) {
                    entry.put("meanOffDiagonal", meanOffDiagonal(m));
                    entry.put("adjacentLayers", nullForNaN(new double[][] {adjacent(m)}).get(0));
                }
                matrices.add(entry);
                String name = "similarity-" + safe(models.get(a)) + (a == b ? "" : "__" + safe(models.get(b))) + ".svg";
                List<String> rowNames = layerNames(m.length);
                List<String> colNames = layerNames(m[0].length);
                String title = measure.displayName() + " on " + ds.name() + " (" + rows + " rows): "
                        + models.get(a) + (a == b ? "" : " vs " + models.get(b));
                files.put(name, SvgPlot.heatmap(title, models.get(a) + " layer", models.get(b) + " layer", rowNames, colNames,
                        m, Math.min(0, min(m)), 1).getBytes(StandardCharsets.UTF_8));
            }
        }
        Map<String, Object> doc = header("similarity", request, ds, hashes, rowsDescription(ds, examples, rows));
        doc.put("measure", measure.displayName());
        doc.put("seconds", (System.nanoTime() - start) / 1e9);
        doc.put("matrices", matrices);
        String summary = measure.displayName() + " " + ds.name() + " " + String.join(",", models);
        return save("similarity", summary, doc, files);
    }

    @Override
    public AnalysisResult clusters(AnalysisRequest request, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        double[] thresholds = doubles(request.options().getOrDefault("thresholds",
                "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9"), "thresholds");
        checkOptions(request, "thresholds");
        Dataset ds = load(request, progress);
        List<Example> examples = AnalysisSample.take(ds.allExamples(), request.samples(),
                ds.taskType().isTokenLevel(), request.seed());
        String model = request.models().get(0);
        ActivationExtractor.Extracted e = ActivationExtractor.extract(embeddings, model, ds.contentHash(), ds.taskType(),
                examples, request.pooling(), request.float16(), new ModelOptions(request.device(), Double.NaN), progress,
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
        List<Map<String, Object>> curve = NeuronClusters.curve(c, a.hidden(), thresholds);
        Map<String, Object> doc = header("clusters", request, ds, Map.of(model, e.modelHash()),
                rowsDescription(ds, examples, a.rows()));
        doc.put("neurons", a.neurons());
        doc.put("layers", a.layerCount());
        doc.put("hidden", a.hidden());
        doc.put("activationBytes", a.bytes());
        doc.put("correlationSeconds", corrSeconds);
        doc.put("linkageSeconds", linkSeconds);
        doc.put("curve", curve);
        double[] ts = thresholds.clone();
        double[] clusters = curve.stream().mapToDouble(r -> 100.0 * ((Integer) r.get("clusters")) / a.neurons()).toArray();
        double[] removable = curve.stream().mapToDouble(r -> (Double) r.get("removablePercent")).toArray();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("clusters.svg", lineChart("neuron clusters: " + model + " on " + ds.name() + " (" + a.neurons()
                + " neurons, " + a.rows() + " rows)", "threshold t (distance 1 - |r|)", "% of neurons",
                ts, List.of("clusters (% of neurons)", "removable %"), List.of(clusters, removable), 0, 100)
                .getBytes(StandardCharsets.UTF_8));
        String summary = "clusters " + ds.name() + " " + model + " "
                + curve.stream().filter(r -> Math.abs((Double) r.get("threshold") - 0.3) < 1e-9)
                        .map(r -> String.format(Locale.ROOT, "t=0.3: %.1f%% removable", (Double) r.get("removablePercent")))
                        .findFirst().orElse("");
        return save("clusters", summary.trim(), doc, files);
    }

    @Override
    public AnalysisResult prune(AnalysisRequest request, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        double[] ls = doubles(request.options().getOrDefault("ls", "3,2,1"), "ls");
        double fs = doubles(request.options().getOrDefault("fs", "1"), "fs")[0];
        double t = doubles(request.options().getOrDefault("cluster", "0.3"), "cluster")[0];
        int epochs = (int) doubles(request.options().getOrDefault("epochs", "10"), "epochs")[0];
        String rankerName = request.options().getOrDefault("ranker", WeightMassRanker.NAME);
        checkOptions(request, "ls", "fs", "cluster", "ranker", "epochs");
        BiFunction<FloatMatrix, Labels, int[]> ranker = ranker(rankerName, request.seed());
        Dataset ds = load(request, progress);
        AnalysisSample sample = AnalysisSample.draw(ds, request.samples(), request.seed());
        String model = request.models().get(0);
        ModelOptions options = new ModelOptions(request.device(), Double.NaN);
        List<Example> all = sample.all();
        ActivationExtractor.Extracted e = ActivationExtractor.extract(embeddings, model, ds.contentHash(), ds.taskType(),
                all, request.pooling(), request.float16(), options, progress, cancel);
        int[] perExample = e.rowsPerExample();
        int trainEnd = sum(perExample, 0, sample.train().size());
        int devEnd = trainEnd + sum(perExample, sample.train().size(), sample.train().size() + sample.dev().size());
        PruningPipeline.Rows rows = new PruningPipeline.Rows(trainEnd, devEnd, e.activations().rows());
        PruningPipeline.Settings settings = new PruningPipeline.Settings(ls, fs, t,
                LinearProbe.Settings.PAPER.withEpochs(epochs).withSeed(request.seed()));
        List<EmbeddingInput> timingInputs = ActivationExtractor.inputs(
                all.subList(0, Math.min(TIMING_INPUTS, all.size())), ds.taskType());
        Map<String, Object> report;
        try (ForwardTimer timer = new ForwardTimer(model, options, timingInputs, ds, request)) {
            report = new PruningPipeline(e.activations(), e.labels(), rows, settings, progress, cancel)
                    .run(ranker, timer::seconds);
            report.put("forwardTiming", timer.description());
        }
        Map<String, Object> doc = header("prune", request, ds, Map.of(model, e.modelHash()),
                rowsDescription(ds, all, e.activations().rows()));
        doc.put("sample", sample.description());
        doc.put("rows", Map.of("train", trainEnd, "dev", devEnd - trainEnd, "test", rows.testEnd() - devEnd));
        doc.put("metric", ds.taskType().isRegression() ? "pearson" : "accuracy");
        doc.put("ranker", rankerName);
        doc.put("clusterThreshold", t);
        doc.put("probe", Map.of("lambda1", settings.probe().lambda1(), "lambda2", settings.probe().lambda2(),
                "learningRate", settings.probe().learningRate(), "epochs", settings.probe().epochs(),
                "batchSize", settings.probe().batchSize(), "seed", settings.probe().seed()));
        doc.putAll(report);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("layers.svg", layerPlot(model, ds.name(), report).getBytes(StandardCharsets.UTF_8));
        return save("prune", pruneSummary(ds, model, report), doc, files);
    }

    /** Times the forward pass with layers 0..l on a fixed set of inputs, bypassing the cache. */
    private final class ForwardTimer implements AutoCloseable {
        private final String model;
        private final ModelOptions options;
        private final List<EmbeddingInput> inputs;
        private final Dataset ds;
        private final AnalysisRequest request;
        private final Map<Integer, double[]> seconds = new HashMap<>();
        private LanguageModel opened;

        ForwardTimer(String model, ModelOptions options, List<EmbeddingInput> inputs, Dataset ds, AnalysisRequest request) {
            this.model = model;
            this.options = options;
            this.inputs = inputs;
            this.ds = ds;
            this.request = request;
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
            opened.embed(ActivationExtractor.request(upTo, inputs, ds.taskType(), request.pooling()),
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
        List<NeuronRanker> available = rankers == null ? List.of() : rankers;
        for (NeuronRanker r : available) {
            if (r.name().equalsIgnoreCase(name)) {
                return (x, y) -> r.rank(x, y, seed);
            }
        }
        throw new IllegalArgumentException("unknown neuron ranker '" + name + "'; installed: "
                + available.stream().map(NeuronRanker::name).sorted().collect(Collectors.joining(", ")));
    }

    private Dataset load(AnalysisRequest request, ProgressListener progress) throws IOException {
        return datasets.load(request.dataset(), request.datasetOptions(), progress);
    }

    private static void checkOptions(AnalysisRequest request, String... allowed) {
        List<String> ok = List.of(allowed);
        for (String key : request.options().keySet()) {
            if (!ok.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' for this analysis; use " + ok);
            }
        }
    }

    private static double[] doubles(String csv, String key) {
        try {
            double[] v = Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .mapToDouble(Double::parseDouble).toArray();
            if (v.length == 0) {
                throw new IllegalArgumentException("--" + key + " is empty; give a comma list of numbers");
            }
            return v;
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("--" + key + " '" + csv + "' is not a comma list of numbers", ex);
        }
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

    private Map<String, Object> header(String kind, AnalysisRequest request, Dataset ds, Map<String, String> modelHashes,
            String rows) {
        Provenance.Builder p = Provenance.builder("analysis:" + kind).seed(request.seed())
                .config("samples", request.samples()).config("pooling", request.pooling())
                .config("float16", request.float16()).config("device", request.device())
                .input("dataset", ds.contentHash()).version("lmwb.analysis.redundancy", VERSION);
        request.options().forEach(p::config);
        modelHashes.forEach((m, h) -> p.input("model:" + m, h));
        Provenance prov = p.build();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", "@id");
        doc.put("kind", kind);
        doc.put("dataset", ds.name());
        doc.put("task", ds.taskType().displayName());
        doc.put("models", request.models());
        doc.put("activations", rows + (ds.taskType().isTokenLevel() ? "" : ", "
                + request.pooling().name().toLowerCase(Locale.ROOT) + " pooling")
                + (request.float16() ? ", stored as float16" : ", float32"));
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("component", prov.component());
        pm.put("configuration", prov.configuration());
        pm.put("inputs", prov.inputs());
        pm.put("seed", prov.seed());
        pm.put("versions", prov.versions());
        pm.put("created", prov.created().toString());
        doc.put("provenance", pm);
        return doc;
    }

    private AnalysisResult save(String kind, String summary, Map<String, Object> doc, Map<String, byte[]> files)
            throws IOException {
        String json = gson.toJson(doc);
        StoredResult stored = store.save(kind, summary, json, files);
        String finalJson = store.json(stored.id());
        return new AnalysisResult(kind, stored.id(), stored.directory(), summary, finalJson, List.copyOf(files.keySet()));
    }

    @SuppressWarnings("unchecked")
    private static String pruneSummary(Dataset ds, String model, Map<String, Object> report) {
        StringBuilder s = new StringBuilder("prune " + ds.name() + " " + model);
        for (Map<String, Object> sel : (List<Map<String, Object>>) report.get("selections")) {
            Map<String, Object> fin = (Map<String, Object>) sel.get("final");
            s.append(String.format(Locale.ROOT, "; LS%s: %d layers, %d neurons, %.1f%% of oracle",
                    trim((Double) sel.get("deltaLS")), (Integer) sel.get("layersKept"), (Integer) sel.get("neuronsKept"),
                    100 * (Double) fin.get("testRelativeToOracle")));
        }
        return s.toString();
    }

    @SuppressWarnings("unchecked")
    private static String layerPlot(String model, String dataset, Map<String, Object> report) {
        List<Map<String, Object>> lw = (List<Map<String, Object>>) report.get("layerwise");
        List<Map<String, Object>> inc = (List<Map<String, Object>>) report.get("incremental");
        double oracle = (Double) ((Map<String, Object>) report.get("oracle")).get("dev");
        int n = lw.size();
        double[] x = new double[n];
        double[] a = new double[n];
        double[] b = new double[n];
        double[] o = new double[n];
        double lo = oracle;
        for (int i = 0; i < n; i++) {
            x[i] = i;
            a[i] = (Double) lw.get(i).get("dev");
            b[i] = (Double) inc.get(i).get("dev");
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
