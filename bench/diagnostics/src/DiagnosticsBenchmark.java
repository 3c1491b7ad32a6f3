import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.io.Npy;
import lmwb.api.diagnostics.IssueRanking;
import lmwb.api.diagnostics.LabelIssueMethod;
import lmwb.diagnostics.core.OutOfFoldProbe;
import lmwb.diagnostics.difficulty.PointwiseInformation;
import lmwb.diagnostics.labelissues.ConfidentLearning;
import lmwb.diagnostics.labelissues.GivenProbabilities;

/**
 * Benchmarks and studies of the dataset diagnostics on embeddings exported by bench/diagnostics/embed.sh
 * (DIR/dataset/model/{layer-N,mean,labels}.npy). Not a test. Modes:
 *   speed                     label-issues from given probabilities, 25,000 x 2 and 7,500 x 20 (median of 7 after 5 warm-ups)
 *   noise DIR [datasets...]   injected label noise (5/10/20 %, uniform and class-conditional): precision/recall/F1 of
 *                             finding the flipped examples, confident learning vs "prediction != given label"
 *   difficulty DIR [datasets] V-information (bits) per dataset x model at the layer mean, H(Y), probe accuracy;
 *                             -Dcurves=true adds every layer (the curve; -Ddigits=3 for three decimals)
 *   (noise: -Dlastlayer=true adds the last layer to the layer mean, -Dlastonly=true runs the last layer alone)
 *   (every mode over datasets: -Dmodels=a,b runs only those models)
 *   shuffled DIR dataset model  V-information with true vs shuffled labels (the paper's ~0-bit property)
 */
public final class DiagnosticsBenchmark {
    /** The four built-in models, or those of -Dmodels=a,b (to run part of a table). */
    private static final List<String> MODELS = System.getProperty("models") == null
            ? List.of("all-minilm-l6-v2", "bge-small-en-v1.5", "e5-small-v2", "bge-small-en")
            : List.of(System.getProperty("models").split(","));

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "speed" -> speed();
            case "noise" -> noise(Path.of(args[1]), Arrays.asList(args).subList(2, args.length));
            case "difficulty" -> difficulty(Path.of(args[1]), Arrays.asList(args).subList(2, args.length));
            case "shuffled" -> shuffled(Path.of(args[1]), args[2], args[3]);
            default -> throw new IllegalArgumentException("mode: speed | noise | difficulty | shuffled");
        }
    }

    static void speed() {
        for (int[] shape : new int[][] {{25_000, 2}, {7_500, 20}}) {
            int n = shape[0];
            int c = shape[1];
            Random rnd = new Random(1);
            double[][] p = new double[n][c];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                int truth = i % c;
                double sum = 0;
                for (int k = 0; k < c; k++) {
                    p[i][k] = Math.exp(rnd.nextGaussian() + (k == truth ? 2 : 0));
                    sum += p[i][k];
                }
                for (int k = 0; k < c; k++) {
                    p[i][k] /= sum;
                }
                y[i] = rnd.nextDouble() < 0.1 ? (truth + 1 + rnd.nextInt(c - 1)) % c : truth;
            }
            for (LabelIssueMethod m : new LabelIssueMethod[] {LabelIssueMethod.PUBLISHED, LabelIssueMethod.PRUNE_BY_NOISE_RATE,
                    LabelIssueMethod.BOTH}) {
                double[] times = new double[12];
                int count = 0;
                for (int r = 0; r < times.length; r++) {
                    long t0 = System.nanoTime();
                    double[][] copy = new double[n][];
                    for (int i = 0; i < n; i++) {
                        copy[i] = p[i].clone();
                    }
                    GivenProbabilities.check(copy, y, "P", new ArrayList<>());
                    count = new ConfidentLearning(copy, y).issues(m, IssueRanking.SELF_CONFIDENCE, m != LabelIssueMethod.PUBLISHED).length;
                    times[r] = (System.nanoTime() - t0) / 1e9;
                }
                double[] measured = Arrays.copyOfRange(times, 5, times.length);
                Arrays.sort(measured);
                System.out.printf(Locale.ROOT, "label-issues %d x %d %s: first %.3f s, median of 7 warm %.4f s (%d issues)%n", n, c,
                        m.name().toLowerCase(Locale.ROOT), times[0], measured[3], count);
            }
        }
    }

    record Embedded(FloatMatrix x, int[] y, int classes) {
    }

    static Embedded load(Path dir, String layer) throws Exception {
        FloatMatrix x = layer.equals("mean") && !Files.exists(dir.resolve("mean.npy")) ? layerMean(dir)
                : Npy.readMatrix(dir.resolve(layer + ".npy"));
        double[] v = Npy.readVector(dir.resolve("labels.npy"));
        int[] y = Arrays.stream(v).mapToInt(d -> (int) d).toArray();
        int classes = Arrays.stream(y).max().orElseThrow() + 1;
        return new Embedded(x, y, classes);
    }

    /** The mean of the transformer layers 1..L (embed --layers all exports layer 0, the embeddings, too). */
    static FloatMatrix layerMean(Path dir) throws Exception {
        int last = lastLayer(dir);
        float[] sum = null;
        int rows = 0;
        int cols = 0;
        for (int l = 1; l <= last; l++) {
            FloatMatrix m = Npy.readMatrix(dir.resolve("layer-" + l + ".npy"));
            float[] v = m.toArray();
            if (sum == null) {
                sum = new float[v.length];
                rows = m.rows();
                cols = m.cols();
            }
            for (int k = 0; k < v.length; k++) {
                sum[k] += v[k] / last;
            }
        }
        return FloatMatrix.wrap(rows, cols, sum);
    }

    /** Keeps classes with at least 2 examples (remapped), so every fold's training data has every class. */
    static Embedded dropRare(Embedded e) {
        int[] counts = new int[e.classes()];
        for (int c : e.y()) {
            counts[c]++;
        }
        int[] map = new int[e.classes()];
        int next = 0;
        for (int c = 0; c < counts.length; c++) {
            map[c] = counts[c] >= 10 ? next++ : -1;
        }
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < e.y().length; i++) {
            if (map[e.y()[i]] >= 0) {
                keep.add(i);
            }
        }
        if (keep.size() == e.y().length) {
            return e;
        }
        int d = e.x().cols();
        float[] xs = new float[keep.size() * d];
        int[] ys = new int[keep.size()];
        float[] row = new float[d];
        for (int r = 0; r < keep.size(); r++) {
            e.x().copyRow(keep.get(r), row);
            System.arraycopy(row, 0, xs, r * d, d);
            ys[r] = map[e.y()[keep.get(r)]];
        }
        return new Embedded(FloatMatrix.wrap(keep.size(), d, xs), ys, next);
    }

    static void noise(Path root, List<String> datasets) throws Exception {
        System.out.println("| dataset | model | layer | noise | rate | flipped | CL published P / R / F1 | CL prune_by_noise_rate P / R / F1 | argmax != given P / R / F1 |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (String ds : datasets) {
            for (String model : MODELS) {
                Path dir = root.resolve(ds).resolve(model);
                if (!Files.isRegularFile(dir.resolve("labels.npy"))) {
                    continue;
                }
                List<String> noiseLayers = Boolean.getBoolean("lastonly") ? List.of("layer-" + lastLayer(dir))
                        : Boolean.getBoolean("lastlayer") ? List.of("mean", "layer-" + lastLayer(dir)) : List.of("mean");
                for (String layer : noiseLayers) {
                    Embedded e = dropRare(load(dir, layer));
                    for (String kind : List.of("uniform", "class-conditional")) {
                        for (double rate : new double[] {0.05, 0.10, 0.20}) {
                            Random rnd = new Random(Math.round(rate * 1000) + kind.length());
                            int[] noisy = e.y().clone();
                            boolean[] flipped = new boolean[noisy.length];
                            for (int i = 0; i < noisy.length; i++) {
                                int c = e.y()[i];
                                double r = kind.equals("uniform") ? rate : (c % 2 == 0 ? 2 * rate : 0);
                                if (rnd.nextDouble() < r) {
                                    noisy[i] = kind.equals("uniform") ? (c + 1 + rnd.nextInt(e.classes() - 1)) % e.classes() : (c + 1) % e.classes();
                                    flipped[i] = true;
                                }
                            }
                            long t0 = System.nanoTime();
                            OutOfFoldProbe.Result oof = OutOfFoldProbe.run(e.x(), noisy, e.classes(), 5, 42, CancellationToken.NONE);
                            ConfidentLearning cl = new ConfidentLearning(oof.rows(), noisy);
                            String pub = prf(cl.issues(LabelIssueMethod.PUBLISHED, IssueRanking.NORMALIZED_MARGIN, false), flipped);
                            String pnr = prf(cl.issues(LabelIssueMethod.PRUNE_BY_NOISE_RATE, IssueRanking.SELF_CONFIDENCE, false), flipped);
                            String neq = prf(cl.issues(LabelIssueMethod.PREDICTED_NEQ_GIVEN, IssueRanking.SELF_CONFIDENCE, false), flipped);
                            int nf = 0;
                            for (boolean f : flipped) {
                                nf += f ? 1 : 0;
                            }
                            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %.0f %% | %d | %s | %s | %s |%n", ds, model,
                                    layer.replace("layer-", ""), kind, rate * 100, nf, pub, pnr, neq);
                            System.err.printf(Locale.ROOT, "%s %s %s %s %.2f: %.1f s%n", ds, model, layer, kind, rate, (System.nanoTime() - t0) / 1e9);
                        }
                    }
                }
            }
        }
    }

    static String prf(int[] found, boolean[] flipped) {
        int tp = 0;
        for (int i : found) {
            tp += flipped[i] ? 1 : 0;
        }
        int positives = 0;
        for (boolean f : flipped) {
            positives += f ? 1 : 0;
        }
        double p = found.length == 0 ? 0 : (double) tp / found.length;
        double r = positives == 0 ? 0 : (double) tp / positives;
        double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", p, r, f1);
    }

    static int lastLayer(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(f -> f.startsWith("layer-"))
                    .mapToInt(f -> Integer.parseInt(f.substring(6, f.length() - 4))).max().orElseThrow();
        }
    }

    static void difficulty(Path root, List<String> datasets) throws Exception {
        for (String ds : datasets) {
            for (String model : MODELS) {
                Path dir = root.resolve(ds).resolve(model);
                if (!Files.isRegularFile(dir.resolve("labels.npy"))) {
                    continue;
                }
                int last = lastLayer(dir);
                List<String> layers = new ArrayList<>();
                layers.add("mean");
                for (int l = 1; Boolean.getBoolean("curves") && l <= last; l++) {
                    layers.add("layer-" + l);
                }
                StringBuilder curve = new StringBuilder();
                String head = "";
                for (String layer : layers) {
                    long t0 = System.nanoTime();
                    Embedded e = dropRare(load(dir, layer));
                    OutOfFoldProbe.Result oof = OutOfFoldProbe.run(e.x(), e.y(), e.classes(), 5, 42, CancellationToken.NONE);
                    double v = PointwiseInformation.mean(PointwiseInformation.pvi(oof, e.y()));
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    if (layer.equals("mean")) {
                        int correct = 0;
                        for (int i = 0; i < e.y().length; i++) {
                            int best = 0;
                            for (int c = 1; c < e.classes(); c++) {
                                best = oof.p(i, c) > oof.p(i, best) ? c : best;
                            }
                            correct += best == e.y()[i] ? 1 : 0;
                        }
                        head = String.format(Locale.ROOT, "%s | %s | %d | %d | %.3f | %.3f | %.3f | %.1f s", ds, model, e.y().length,
                                e.classes(), PointwiseInformation.labelEntropy(e.y(), e.classes()), v, (double) correct / e.y().length,
                                seconds);
                    } else {
                        curve.append(String.format(Locale.ROOT, "%s%." + Integer.getInteger("digits", 2) + "f", curve.length() == 0 ? "" : " ", v));
                    }
                }
                System.out.println("| " + head + " | " + curve + " |");
            }
        }
    }

    static void shuffled(Path root, String ds, String model) throws Exception {
        Embedded e = dropRare(load(root.resolve(ds).resolve(model), "mean"));
        double real = PointwiseInformation.mean(PointwiseInformation.pvi(OutOfFoldProbe.run(e.x(), e.y(), e.classes(), 5, 42,
                CancellationToken.NONE), e.y()));
        List<Integer> ys = new ArrayList<>();
        for (int v : e.y()) {
            ys.add(v);
        }
        java.util.Collections.shuffle(ys, new Random(5));
        int[] sh = ys.stream().mapToInt(Integer::intValue).toArray();
        long t0 = System.nanoTime();
        double fake = PointwiseInformation.mean(PointwiseInformation.pvi(OutOfFoldProbe.run(e.x(), sh, e.classes(), 5, 42,
                CancellationToken.NONE), sh));
        System.out.printf(Locale.ROOT, "%s %s mean layer: V-information %.4f bits with the labels, %.4f bits with them shuffled (%.1f s)%n",
                ds, model, real, fake, (System.nanoTime() - t0) / 1e9);
    }
}
