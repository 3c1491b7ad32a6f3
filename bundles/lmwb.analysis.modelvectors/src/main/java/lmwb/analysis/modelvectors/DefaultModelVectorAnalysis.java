package lmwb.analysis.modelvectors;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;
import lmwb.api.Provenance;
import lmwb.api.analysis.AnalysisResult;
import lmwb.api.analysis.modelvectors.DeltaRankRequest;
import lmwb.api.analysis.modelvectors.ModelVectorAnalysis;
import lmwb.api.analysis.modelvectors.ModelVectorRequest;
import lmwb.api.analysis.modelvectors.WeightReader;
import lmwb.api.encoder.ModelSource;
import lmwb.api.rank.ResultStore;
import lmwb.api.rank.StoredResult;
import lmwb.common.json.Json;
import lmwb.common.svg.SvgPlot;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Model vectors from weight deltas with their cluster evaluation, and rank-at-energy profiles of the deltas,
 * stored in the result store ({@code modelvec}, {@code deltarank}).
 */
@Component(service = ModelVectorAnalysis.class)
public class DefaultModelVectorAnalysis implements ModelVectorAnalysis {
    static final String COMPONENT = "lmwb.analysis.modelvectors";
    /** Label permutations averaged in the shuffled-label baseline. */
    static final int PERMUTATIONS = 100;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ModelSource> sources;

    @Reference
    private WeightReader reader;

    @Reference
    private ResultStore store;

    private final Gson gson = Json.PRETTY;

    /** For DS. */
    public DefaultModelVectorAnalysis() {
    }

    /**
     * For tests outside a framework.
     *
     * @param sources model sources
     * @param reader the weight reader
     * @param store the result store
     */
    DefaultModelVectorAnalysis(List<ModelSource> sources, WeightReader reader, ResultStore store) {
        this.sources = sources;
        this.reader = reader;
        this.store = store;
    }

    @Override
    public AnalysisResult vectors(ModelVectorRequest request, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        Variant variant = Variant.parse(request.variant());
        if (request.rank() < 1) {
            throw new IllegalArgumentException("--rank must be at least 1, got " + request.rank());
        }
        if (request.neighbours() < 1) {
            throw new IllegalArgumentException("--neighbours must be at least 1, got " + request.neighbours());
        }
        List<DeltaLoader.Input> inputs = DeltaLoader.expand(request.models());
        if (inputs.size() < 2) {
            throw new IllegalArgumentException("model vectors need at least 2 fine-tuned models, got " + inputs.size());
        }
        if (!request.labels().isEmpty() && request.labels().size() != inputs.size()) {
            throw new IllegalArgumentException("--labels has " + request.labels().size() + " entries but --models names "
                    + inputs.size() + " models " + inputs.stream().map(DeltaLoader.Input::name).toList());
        }
        DeltaLoader.Loaded loaded = new DeltaLoader(sources, reader).load(request.base(), inputs, request.rank(), true,
                progress, cancel);
        Architecture arch = loaded.arch();
        int n = loaded.deltas().size();
        String[] names = new String[n];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            DeltaLoader.Delta d = loaded.deltas().get(i);
            names[i] = d.input().name();
            String l = request.labels().isEmpty() ? d.input().label() : request.labels().get(i);
            labels[i] = l == null || l.isBlank() || l.equals("-") ? null : l;
        }
        int k = Math.min(request.neighbours(), n - 1);

        List<Map<String, Object>> table = new ArrayList<>();
        double[][] chosen = null;
        double[][] chosenDistances = null;
        for (Variant v : Variant.values()) {
            double[][] x = new double[n][];
            for (int i = 0; i < n; i++) {
                x[i] = ModelVectors.build(arch, loaded.deltas().get(i).svds(), request.rank(), v);
            }
            double[][] dist = ClusterMetrics.euclidean(x);
            table.add(row("model vector, " + v.label() + (v == variant ? " (chosen)" : ""), "euclidean",
                    x[0].length, ClusterMetrics.scores(dist, labels, k)));
            if (v == variant) {
                chosen = x;
                chosenDistances = dist;
            }
        }
        double[][] gram = new double[n][n];
        for (int i = 0; i < n; i++) {
            float[] a = loaded.deltas().get(i).flat();
            for (int j = i; j < n; j++) {
                float[] b = loaded.deltas().get(j).flat();
                double s = 0;
                for (int t = 0; t < a.length; t++) {
                    s += (double) a[t] * b[t];
                }
                gram[i][j] = gram[j][i] = s;
            }
        }
        table.add(row("task vector: flattened full ΔW", "cosine", arch.parameters(),
                ClusterMetrics.scores(ClusterMetrics.cosineFromGram(gram), labels, k)));
        double[][] truncated = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int l = 0; l < arch.layers(); l++) {
                    for (Family f : Family.values()) {
                        s += loaded.deltas().get(i).svds()[l][f.ordinal()]
                                .truncatedDot(loaded.deltas().get(j).svds()[l][f.ordinal()], request.rank());
                    }
                }
                truncated[i][j] = truncated[j][i] = s;
            }
        }
        table.add(row("task vector truncated to rank r per matrix (U_r S_r V_rᵀ)", "cosine", arch.parameters(),
                ClusterMetrics.scores(ClusterMetrics.cosineFromGram(truncated), labels, k)));
        table.add(row("model vector, " + variant.label() + ", shuffled labels (mean of " + PERMUTATIONS + ")",
                "euclidean", chosen[0].length,
                ClusterMetrics.shuffled(chosenDistances, labels, k, PERMUTATIONS, request.seed())));

        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("vectors.npy", npy(chosen));
        double[][] pca = Projection.pca(chosen);
        String title = variant.label() + " vectors of " + n + " models, base " + request.base();
        files.put("pca.svg", SvgPlot.scatter("PCA: " + title, "component 1", "component 2", pca, labels, names).getBytes(StandardCharsets.UTF_8));
        double[][] tsne = null;
        double perplexity = Projection.perplexity(n);
        if (n >= 3) {
            tsne = Projection.tsne(chosenDistances, perplexity, request.seed());
            files.put("tsne.svg", SvgPlot.scatter(String.format(Locale.ROOT, "t-SNE (perplexity %.2f, seed %d): %s",
                    perplexity, request.seed(), title), "component 1", "component 2", tsne, labels, names).getBytes(StandardCharsets.UTF_8));
        }

        Provenance.Builder p = Provenance.builder(COMPONENT).config("rank", request.rank())
                .config("variant", variant.label()).config("neighbours", k).config("svd", "exact (Gram eigendecomposition)")
                .config("permutations", PERMUTATIONS).seed(request.seed()).input("base:" + request.base(), loaded.baseHash());
        loaded.deltas().forEach(d -> p.input("model:" + d.input().name(), d.hash()));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", "@id");
        doc.put("kind", "modelvec");
        doc.put("base", request.base());
        doc.put("architecture", Map.of("layers", arch.layers(), "hidden", arch.hidden(), "ffn", arch.ffn()));
        doc.put("rank", request.rank());
        doc.put("variant", variant.label());
        doc.put("vectorSize", chosen[0].length);
        doc.put("sizeFormula", "(3H + H + F + H) * r" + (variant.concatenated ? " * L" : "") + " = (3*" + arch.hidden()
                + " + " + arch.hidden() + " + " + arch.ffn() + " + " + arch.hidden() + ") * " + request.rank()
                + (variant.concatenated ? " * " + arch.layers() : ""));
        doc.put("neighbours", k);
        List<Map<String, Object>> models = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", names[i]);
            m.put("label", labels[i]);
            m.put("pca", pca[i]);
            m.put("tsne", tsne == null ? null : tsne[i]);
            models.add(m);
        }
        doc.put("models", models);
        doc.put("table", table);
        doc.put("perplexity", perplexity);
        doc.put("provenance", provenance(p.build()));
        Map<String, Object> first = table.get(variant.ordinal());
        String summary = String.format(Locale.ROOT, "modelvec %s %d models %s r=%d: P@k-1 %.3f, kNN %.3f, silhouette %.3f",
                request.base(), n, variant.label(), request.rank(), first.get("precision"), first.get("knn"),
                first.get("silhouette"));
        return save("modelvec", summary, doc, files);
    }

    @Override
    public AnalysisResult deltaRank(DeltaRankRequest request, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        if (request.taus().isEmpty()) {
            throw new IllegalArgumentException("--tau needs at least one energy threshold, e.g. 0.5,0.9");
        }
        for (double t : request.taus()) {
            if (!(t > 0 && t <= 1)) {
                throw new IllegalArgumentException("--tau values must be in (0, 1], got " + t);
            }
        }
        List<DeltaLoader.Input> inputs = DeltaLoader.expand(request.models());
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("--models names no model");
        }
        DeltaLoader.Loaded loaded = new DeltaLoader(sources, reader).load(request.base(), inputs, 0, false, progress,
                cancel);
        Architecture arch = loaded.arch();
        int n = loaded.deltas().size();
        List<Double> taus = request.taus();
        // mean[t][family][layer]
        double[][][] mean = new double[taus.size()][Family.values().length][arch.layers()];
        double[][][] min = new double[taus.size()][Family.values().length][arch.layers()];
        double[][][] max = new double[taus.size()][Family.values().length][arch.layers()];
        double[][] norm = new double[Family.values().length][arch.layers()];
        for (double[][] a : min) {
            for (double[] b : a) {
                java.util.Arrays.fill(b, Double.POSITIVE_INFINITY);
            }
        }
        for (DeltaLoader.Delta d : loaded.deltas()) {
            for (int l = 0; l < arch.layers(); l++) {
                for (Family f : Family.values()) {
                    DeltaSvd s = d.svds()[l][f.ordinal()];
                    double e = 0;
                    for (double v : s.sigma()) {
                        e += v * v;
                    }
                    norm[f.ordinal()][l] += Math.sqrt(e) / n;
                    for (int t = 0; t < taus.size(); t++) {
                        int r = s.rankAtEnergy(taus.get(t));
                        mean[t][f.ordinal()][l] += r;
                        min[t][f.ordinal()][l] = Math.min(min[t][f.ordinal()][l], r);
                        max[t][f.ordinal()][l] = Math.max(max[t][f.ordinal()][l], r);
                    }
                }
            }
        }
        for (double[][] a : mean) {
            for (double[] b : a) {
                for (int l = 0; l < b.length; l++) {
                    b[l] /= n;
                }
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int l = 0; l < arch.layers(); l++) {
            for (Family f : Family.values()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("layer", l);
                r.put("family", f.label());
                r.put("shape", arch.shape(f));
                r.put("fullRank", (int) Math.min(arch.shape(f)[0], arch.shape(f)[1]));
                r.put("frobenius", norm[f.ordinal()][l]);
                List<Map<String, Object>> per = new ArrayList<>();
                for (int t = 0; t < taus.size(); t++) {
                    per.add(Map.of("tau", taus.get(t), "mean", mean[t][f.ordinal()][l], "min",
                            (int) min[t][f.ordinal()][l], "max", (int) max[t][f.ordinal()][l]));
                }
                r.put("ranks", per);
                rows.add(r);
            }
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int t = 0; t < taus.size(); t++) {
            Map<String, double[]> series = new LinkedHashMap<>();
            for (Family f : Family.values()) {
                series.put(f.label(), mean[t][f.ordinal()]);
            }
            String tau = trim(taus.get(t));
            files.put("deltarank-tau" + tau + ".svg", depthChart(String.format(Locale.ROOT,
                    "rank at energy %s of ΔW, mean over %d models, base %s", tau, n, request.base()),
                    "rank at energy " + tau, series).getBytes(StandardCharsets.UTF_8));
        }
        Provenance.Builder p = Provenance.builder(COMPONENT).config("taus", taus.toString())
                .config("svd", "exact (Gram eigendecomposition)").input("base:" + request.base(), loaded.baseHash());
        loaded.deltas().forEach(d -> p.input("model:" + d.input().name(), d.hash()));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", "@id");
        doc.put("kind", "deltarank");
        doc.put("base", request.base());
        doc.put("architecture", Map.of("layers", arch.layers(), "hidden", arch.hidden(), "ffn", arch.ffn()));
        doc.put("models", loaded.deltas().stream().map(d -> d.input().name()).toList());
        doc.put("taus", taus);
        doc.put("rows", rows);
        Map<String, Object> byFamily = new LinkedHashMap<>();
        StringBuilder summary = new StringBuilder("deltarank " + request.base() + " " + n + " models");
        for (int t = 0; t < taus.size(); t++) {
            Map<String, Double> fam = new LinkedHashMap<>();
            for (Family f : Family.values()) {
                double s = 0;
                for (double v : mean[t][f.ordinal()]) {
                    s += v / arch.layers();
                }
                fam.put(f.label(), s);
            }
            byFamily.put(trim(taus.get(t)), fam);
            summary.append(String.format(Locale.ROOT, "; tau %s: attention %.1f, feed-forward %.1f", trim(taus.get(t)),
                    (fam.get("query") + fam.get("key") + fam.get("value") + fam.get("attention_output")) / 4,
                    (fam.get("intermediate") + fam.get("output")) / 2));
        }
        doc.put("meanOverLayers", byFamily);
        doc.put("provenance", provenance(p.build()));
        return save("deltarank", summary.toString(), doc, files);
    }

    static String trim(double v) {
        String s = Double.toString(v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static Map<String, Object> row(String method, String distance, long dims, ClusterMetrics.Scores s) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("method", method);
        r.put("distance", distance);
        r.put("dimensions", dims);
        r.put("precision", s.precision());
        r.put("knn", s.knn());
        r.put("silhouette", s.silhouette());
        return r;
    }

    private static Map<String, Object> provenance(Provenance prov) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("component", prov.component());
        pm.put("configuration", prov.configuration());
        pm.put("inputs", prov.inputs());
        pm.put("seed", prov.seed());
        pm.put("versions", prov.versions());
        pm.put("created", prov.created().toString());
        return pm;
    }

    /** Rows as a float32 {@code .npy}. */
    static byte[] npy(double[][] x) {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + x.length + ", " + x[0].length + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        StringBuilder h = new StringBuilder(header);
        h.append(" ".repeat(pad)).append('\n');
        byte[] hb = h.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + hb.length + 4 * x.length * x[0].length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) hb.length);
        b.put(hb);
        for (double[] r : x) {
            for (double v : r) {
                b.putFloat((float) v);
            }
        }
        return b.array();
    }

    private AnalysisResult save(String kind, String summary, Map<String, Object> doc, Map<String, byte[]> files)
            throws IOException {
        String json = gson.toJson(doc);
        StoredResult stored = store.save(kind, summary, json, files);
        String finalJson = store.json(stored.id());
        return new AnalysisResult(kind, stored.id(), stored.directory(), summary, finalJson, List.copyOf(files.keySet()));
    }

    /**
     * Lines against layer index (x = 0, 1, ...), one colour per family (the first word of a series' name),
     * the y axis from 0 to 5% above the largest value; drawn by {@link SvgPlot}.
     */
    private static String depthChart(String title, String yLabel, Map<String, double[]> series) {
        int layers = 0;
        double max = 0;
        for (double[] v : series.values()) {
            layers = Math.max(layers, v.length);
            for (double y : v) {
                max = Double.isFinite(y) ? Math.max(max, y) : max;
            }
        }
        Map<Double, String> ticks = new LinkedHashMap<>();
        for (int l = 0; l < layers; l++) {
            ticks.put((double) l, String.valueOf(l));
        }
        List<SvgPlot.Series> lines = new ArrayList<>();
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] x = new double[e.getValue().length];
            Arrays.setAll(x, l -> l);
            lines.add(new SvgPlot.Series(e.getKey(), x, e.getValue(), e.getKey().split(" ")[0], false, null));
        }
        return SvgPlot.lines(new SvgPlot.LineChart(title, "layer", yLabel, ticks, lines, 0, max == 0 ? 1 : max * 1.05));
    }

}
