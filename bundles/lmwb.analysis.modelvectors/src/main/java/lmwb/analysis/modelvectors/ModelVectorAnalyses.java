package lmwb.analysis.modelvectors;

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
import lmwb.api.analysis.modelvectors.DeltaRankRequest;
import lmwb.api.analysis.modelvectors.DeltaRankResult;
import lmwb.api.analysis.modelvectors.ModelVectorRequest;
import lmwb.api.analysis.modelvectors.ModelVectorResult;
import lmwb.api.analysis.modelvectors.WeightReader;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.encoder.EmbeddingService;
import lmwb.common.svg.SvgPlot;
import lmwb.common.capability.StoredAnalysis.Computed;

/**
 * Model vectors from weight deltas with their cluster evaluation, and rank-at-energy profiles of the deltas. Each
 * returns its typed result and the files to store beside it; {@link ModelVecCapability} and
 * {@link DeltaRankCapability} store them.
 */
final class ModelVectorAnalyses {
    /** Label permutations averaged in the shuffled-label baseline. */
    static final int PERMUTATIONS = 100;

    private final EmbeddingService models;
    private final WeightReader reader;

    /**
     * @param models resolves the base and hub models (the one resolution path)
     * @param reader reads weights under canonical names
     */
    ModelVectorAnalyses(EmbeddingService models, WeightReader reader) {
        this.models = models;
        this.reader = reader;
    }

    Computed<ModelVectorResult> vectors(ModelVectorRequest request, Provenance.Builder p, ProgressListener progress,
            CancellationToken cancel) throws IOException {
        Variant variant = Variant.parse(request.variant());
        List<DeltaLoader.Input> inputs = DeltaLoader.expand(request.models());
        if (inputs.size() < 2) {
            throw new IllegalArgumentException("model vectors need at least 2 fine-tuned models, got " + inputs.size());
        }
        if (!request.labels().isEmpty() && request.labels().size() != inputs.size()) {
            throw new IllegalArgumentException("--labels has " + request.labels().size() + " entries but --models names "
                    + inputs.size() + " models " + inputs.stream().map(DeltaLoader.Input::name).toList());
        }
        DeltaLoader.Loaded loaded = new DeltaLoader(models, reader).load(request.base(), inputs, request.rank(), true,
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

        List<ModelVectorResult.Method> table = new ArrayList<>();
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

        p.config("variant_label", variant.label()).config("neighbours_used", k)
                .config("svd", "exact (Gram eigendecomposition)").config("permutations", PERMUTATIONS)
                .seed(request.seed());
        hashes(p, request.base(), loaded);
        String formula = "(3H + H + F + H) * r" + (variant.concatenated ? " * L" : "") + " = (3*" + arch.hidden()
                + " + " + arch.hidden() + " + " + arch.ffn() + " + " + arch.hidden() + ") * " + request.rank()
                + (variant.concatenated ? " * " + arch.layers() : "");
        List<ModelVectorResult.Model> described = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            described.add(new ModelVectorResult.Model(names[i], labels[i], pca[i], tsne == null ? null : tsne[i]));
        }
        ModelVectorResult result = new ModelVectorResult(null, request.base(), architecture(arch), request.rank(),
                variant.label(), chosen[0].length, formula, k, described, table, perplexity, List.copyOf(files.keySet()),
                p.build());
        ModelVectorResult.Method first = table.get(variant.ordinal());
        String summary = String.format(Locale.ROOT, "modelvec %s %d models %s r=%d: P@k-1 %.3f, kNN %.3f, silhouette %.3f",
                request.base(), n, variant.label(), request.rank(), nan(first.precision()), nan(first.knn()),
                nan(first.silhouette()));
        return new Computed<>(result, files, summary);
    }

    Computed<DeltaRankResult> deltaRank(DeltaRankRequest request, Provenance.Builder p, ProgressListener progress,
            CancellationToken cancel) throws IOException {
        List<DeltaLoader.Input> inputs = DeltaLoader.expand(request.models());
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("--models names no model");
        }
        DeltaLoader.Loaded loaded = new DeltaLoader(models, reader).load(request.base(), inputs, 0, false, progress,
                cancel);
        Architecture arch = loaded.arch();
        int n = loaded.deltas().size();
        List<Double> taus = request.tau();
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
        List<DeltaRankResult.Row> rows = new ArrayList<>();
        for (int l = 0; l < arch.layers(); l++) {
            for (Family f : Family.values()) {
                List<DeltaRankResult.Rank> per = new ArrayList<>();
                for (int t = 0; t < taus.size(); t++) {
                    per.add(new DeltaRankResult.Rank(taus.get(t), mean[t][f.ordinal()][l], (int) min[t][f.ordinal()][l],
                            (int) max[t][f.ordinal()][l]));
                }
                rows.add(new DeltaRankResult.Row(l, f.label(), arch.shape(f),
                        (int) Math.min(arch.shape(f)[0], arch.shape(f)[1]), norm[f.ordinal()][l], per));
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
        p.config("svd", "exact (Gram eigendecomposition)");
        hashes(p, request.base(), loaded);
        Map<String, Map<String, Double>> byFamily = new LinkedHashMap<>();
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
        DeltaRankResult result = new DeltaRankResult(null, request.base(), architecture(arch),
                loaded.deltas().stream().map(d -> d.input().name()).toList(), taus, rows, byFamily,
                List.copyOf(files.keySet()), p.build());
        return new Computed<>(result, files, summary.toString());
    }

    private static ModelVectorResult.Architecture architecture(Architecture arch) {
        return new ModelVectorResult.Architecture(arch.layers(), arch.hidden(), arch.ffn());
    }

    /** The base's and every model's weight hash; a model without one says why (never "?"). */
    private static void hashes(Provenance.Builder p, String base, DeltaLoader.Loaded loaded) {
        p.input("base:" + base, ProvenanceRecorder.modelHash(loaded.baseHash(), "the model source gives no content hash"));
        loaded.deltas().forEach(d -> p.input(ProvenanceRecorder.MODEL_PREFIX + d.input().name(),
                ProvenanceRecorder.modelHash(d.hash(), "the checkpoint records no content hash")));
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }

    static String trim(double v) {
        String s = Double.toString(v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static ModelVectorResult.Method row(String method, String distance, long dims, ClusterMetrics.Scores s) {
        return new ModelVectorResult.Method(method, distance, dims, finite(s.precision()), finite(s.knn()),
                finite(s.silhouette()));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
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
