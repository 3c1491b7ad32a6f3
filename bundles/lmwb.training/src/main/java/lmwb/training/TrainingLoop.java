package lmwb.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressEvent;
import lmwb.api.ProgressListener;
import lmwb.api.data.Split;
import lmwb.api.training.EpochLog;
import lmwb.api.training.RunResult;
import lmwb.encoders.spi.DropoutMasks;
import lmwb.training.spi.ParameterStore;

/**
 * One training run, every random choice from its own seed (shuffling here, dropout masks from a
 * {@link DropoutMasks} of the run; initialisation by the caller): AdamW with a learning rate per parameter group, linear warm-up and decay, global
 * gradient clipping, dev evaluation every epoch with early stopping, the best epoch's parameters kept by
 * the selection metric (from −∞), and one evaluation of the test split with them at the end.
 */
final class TrainingLoop {
    /**
     * The schedule of a run.
     *
     * @param epochs maximum epochs
     * @param batchSize examples per step
     * @param groupRates learning rate per parameter group
     * @param warmup fraction of steps warming up
     * @param weightDecay AdamW weight decay
     * @param clipNorm maximum global gradient norm
     * @param patience epochs without improvement before stopping
     * @param metric the selection metric
     * @param seed the run's seed
     */
    record Settings(int epochs, int batchSize, Map<String, Double> groupRates, double warmup, double weightDecay,
            double clipNorm, int patience, String metric, long seed) {
    }

    /**
     * Predictions of a split.
     *
     * @param outputs per row the head's outputs
     * @param alpha per example the DME weights, or {@code null}
     */
    record Evaluation(float[][] outputs, float[][] alpha) {
    }

    private final Network network;
    private final Features features;
    private final TaskData data;
    private final Settings settings;
    /** The run's dropout masks, seeded from the run's seed (no process-global generator is touched). */
    private final DropoutMasks dropout;
    /** Records the training split's gold-label probabilities after each epoch ({@code --dynamics}), or {@code null}. */
    private final DynamicsRecorder dynamics;
    /** Set by {@link #run}: the mean DME weights over the test split, or {@code null}. */
    private double[] testWeights;

    TrainingLoop(Network network, Features features, TaskData data, Settings settings, DynamicsRecorder dynamics) {
        this.network = network;
        this.features = features;
        this.data = data;
        this.settings = settings;
        this.dropout = DropoutMasks.seeded(settings.seed());
        this.dynamics = dynamics;
    }

    RunResult run(ProgressListener progress, CancellationToken cancel, String stage) {
        ParameterStore store = network.store();
        Random shuffle = new Random(settings.seed() * 1_000_003L + 17);
        int n = data.size(Split.TRAIN);
        int stepsPerEpoch = (n + settings.batchSize() - 1) / settings.batchSize();
        int total = stepsPerEpoch * settings.epochs();
        int warmup = (int) Math.round(settings.warmup() * total);
        AdamW adam = new AdamW(settings.weightDecay());
        BestModel best = new BestModel(Metrics.higherIsBetter(settings.metric()));
        List<EpochLog> epochs = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        int step = 0;
        int sinceBest = 0;
        long start = System.nanoTime();
        double lastDev = Double.NaN;
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            int[] order = permutation(n, shuffle);
            double lossSum = 0;
            for (int from = 0; from < n; from += settings.batchSize()) {
                cancel.throwIfCancelled();
                int[] idx = Arrays.copyOfRange(order, from, Math.min(n, from + settings.batchSize()));
                double factor = AdamW.schedule(step, warmup, total);
                double loss = step(adam, idx, factor, epoch, step + 1);
                losses.add(loss);
                lossSum += loss;
                step++;
                progress.onProgress(new ProgressEvent(String.format(java.util.Locale.ROOT,
                        "%s epoch %d/%d loss %.4f dev %s %.4f", stage, epoch, settings.epochs(), loss,
                        settings.metric(), lastDev), step, total, "steps", System.nanoTime() - start));
            }
            double trainSeconds = (System.nanoTime() - epochStart) / 1e9;
            if (dynamics != null) {
                dynamics.epoch(evaluate(Split.TRAIN).outputs());
            }
            Map<String, Double> dev = metrics(Split.DEV, evaluate(Split.DEV));
            double score = selection(dev);
            lastDev = score;
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            epochs.add(new EpochLog(epoch, lossSum / stepsPerEpoch, score, seconds, n / trainSeconds));
            if (best.offer(score, epoch, () -> store.snapshot(""))) {
                sinceBest = 0;
            } else if (++sinceBest >= settings.patience()) {
                break;
            }
        }
        store.restore(best.parameters());
        Evaluation tested = evaluate(Split.TEST);
        Map<String, Double> test = metrics(Split.TEST, tested);
        testWeights = meanWeights(tested.alpha());
        return new RunResult(settings.seed(), epochs, best.epoch(), best.score(), test, losses, null);
    }

    /**
     * @return per model (in the network's order) its mean DME weight α over the test split with the best parameters,
     *     or {@code null} before {@link #run} and where the combiner does not weigh the models
     */
    double[] testWeights() {
        return testWeights == null ? null : testWeights.clone();
    }

    /**
     * @param alpha per row (example; word for token tagging) the weight of each model, or {@code null}
     * @return per model the mean of its column (a mean of rows that each sum to 1 sums to 1), or {@code null}
     */
    static double[] meanWeights(float[][] alpha) {
        if (alpha == null || alpha.length == 0) {
            return null;
        }
        double[] mean = new double[alpha[0].length];
        for (float[] row : alpha) {
            for (int m = 0; m < mean.length; m++) {
                mean[m] += row[m];
            }
        }
        for (int m = 0; m < mean.length; m++) {
            mean[m] /= alpha.length;
        }
        return mean;
    }

    private double selection(Map<String, Double> m) {
        Double v = m.get(settings.metric());
        if (v == null) {
            throw new IllegalArgumentException("metric '" + settings.metric() + "' is not computed for this task; "
                    + "available: " + m.keySet());
        }
        return v;
    }

    static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * One optimizer step; returns the batch loss. A loss or gradient that is not finite stops the run before any
     * parameter is changed: AdamW would turn it into NaN weights, and every later step and the saved checkpoint
     * would be NaN without a word.
     *
     * @param epoch the 1-based epoch, for the message
     * @param number the 1-based step of the run, for the message
     * @throws TrainingDivergedException when the loss or a gradient is NaN or infinite
     */
    double step(AdamW adam, int[] idx, double factor, int epoch, int number) {
        ParameterStore store = network.store();
        double loss;
        try (NDManager m = store.manager().newSubManager()) {
            try (ThreadGradients gc = new ThreadGradients()) {
                Network.Output out = network.forward(m, features, Split.TRAIN, idx, dropout);
                NDArray targets = m.create(data.targets(Split.TRAIN, idx));
                NDArray l = network.head().loss(out.outputs(), targets);
                gc.backward(l);
                loss = l.getFloat();
            }
            Map<String, float[]> grads = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : store.all().entrySet()) {
                NDArray g = e.getValue().getGradient();
                grads.put(e.getKey(), g.toFloatArray());
                g.muli(0f);
            }
            checkFinite(loss, grads, epoch, number);
            AdamW.clip(grads.values(), settings.clipNorm());
            adam.beginStep();
            for (Map.Entry<String, float[]> e : grads.entrySet()) {
                double lr = settings.groupRates().get(store.group(e.getKey())) * factor;
                adam.update(e.getKey(), store.get(e.getKey()), e.getValue(), lr);
            }
        }
        return loss;
    }

    /**
     * @throws TrainingDivergedException naming the first non-finite value: the loss, else the first parameter (in
     *     registration order) with a non-finite gradient
     */
    static void checkFinite(double loss, Map<String, float[]> grads, int epoch, int number) {
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException(epoch, number, "loss is " + loss);
        }
        for (Map.Entry<String, float[]> e : grads.entrySet()) {
            for (float x : e.getValue()) {
                if (!Float.isFinite(x)) {
                    throw new TrainingDivergedException(epoch, number, "the gradient of " + e.getKey() + " is " + x);
                }
            }
        }
    }

    Evaluation evaluate(Split split) {
        return evaluate(network, features, split, data.size(split), settings.batchSize());
    }

    /** Runs the network without dropout over a split, in batches. */
    static Evaluation evaluate(Network network, Features features, Split split, int size, int batchSize) {
        List<float[]> rows = new ArrayList<>();
        List<float[]> alphas = new ArrayList<>();
        boolean dme = false;
        for (int from = 0; from < size; from += batchSize) {
            int to = Math.min(size, from + batchSize);
            int[] idx = new int[to - from];
            for (int i = from; i < to; i++) {
                idx[i - from] = i;
            }
            try (NDManager m = network.store().manager().newSubManager()) {
                Network.Output out = network.forward(m, features, split, idx, DropoutMasks.NONE);
                int k = network.outputs();
                float[] o = out.outputs().toFloatArray();
                for (int r = 0; r < o.length / k; r++) {
                    rows.add(Arrays.copyOfRange(o, r * k, r * k + k));
                }
                if (out.alpha() != null) {
                    dme = true;
                    int l = (int) out.alpha().getShape().get(1);
                    float[] a = out.alpha().toFloatArray();
                    for (int r = 0; r < a.length / l; r++) {
                        alphas.add(Arrays.copyOfRange(a, r * l, r * l + l));
                    }
                }
            }
        }
        return new Evaluation(rows.toArray(float[][]::new), dme ? alphas.toArray(float[][]::new) : null);
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    Map<String, Double> metrics(Split split, Evaluation eval) {
        return metrics(data, split, eval);
    }

    /** Every metric of the task on a split's predictions. */
    static Map<String, Double> metrics(TaskData data, Split split, Evaluation eval) {
        int n = data.size(split);
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        float[] gold = data.targets(split, all);
        if (data.taskType().isRegression()) {
            double[] g = new double[gold.length];
            double[] p = new double[gold.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = gold[i];
                p[i] = eval.outputs()[i][0];
            }
            return Metrics.regression(g, p);
        }
        int[] g = new int[gold.length];
        int[] p = new int[gold.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (int) gold[i];
            p[i] = argmax(eval.outputs()[i]);
        }
        Map<String, Double> m = Metrics.classification(g, p, data.labels().size());
        if (data.taskType().isTokenLevel()) {
            List<List<String>> gs = new ArrayList<>();
            List<List<String>> ps = new ArrayList<>();
            int k = 0;
            for (var e : data.examples().get(split)) {
                List<String> a = new ArrayList<>();
                List<String> b = new ArrayList<>();
                for (int w = 0; w < e.tagCount(); w++, k++) {
                    a.add(data.labels().name(g[k]));
                    b.add(data.labels().name(p[k]));
                }
                gs.add(a);
                ps.add(b);
            }
            m.put("span_f1", Metrics.spanF1(gs, ps));
        }
        return m;
    }
}
