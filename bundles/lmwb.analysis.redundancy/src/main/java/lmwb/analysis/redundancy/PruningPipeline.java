package lmwb.analysis.redundancy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.ProgressEvent;
import lmwb.api.ProgressListener;
import lmwb.api.analysis.PruneResult;

/**
 * The task-specific pipeline of Dalvi et al. (2020): an oracle probe on all layers, layer-wise and
 * incremental probes, LayerSelector for each δ_LS, then correlation-clustering feature selection (CCFS) on
 * the selected layers — clustering at t, a base probe on the cluster representatives, a neuron ranking, and
 * the smallest top-k whose retrained probe stays within δ_FS of the base probe on dev.
 */
final class PruningPipeline {
    /** The paper's top-k search grid, in percent of the ranked neurons. */
    static final double[] PERCENTS = {0.1, 0.2, 0.3, 0.4, 0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 35, 40,
        45, 50, 60, 70, 80, 90};

    /**
     * Settings.
     *
     * @param layerDeltas δ_LS values in percent
     * @param featureDelta δ_FS in percent
     * @param clusterThreshold clustering cut t, or −1 for none
     * @param probe probe settings
     */
    record Settings(double[] layerDeltas, double featureDelta, double clusterThreshold, LinearProbe.Settings probe) {
    }

    /**
     * A probe's scores and cost.
     *
     * @param features number of input features
     * @param dev development score
     * @param test test score
     * @param trainSeconds wall time of training
     * @param probe the trained probe
     */
    record ProbeScore(int features, double dev, double test, double trainSeconds, LinearProbe probe) {
    }

    /** Rows of train, dev and test inside one activation store. */
    record Rows(int trainEnd, int devEnd, int testEnd) {
    }

    private final Activations acts;
    private final Labels labels;
    private final Rows rows;
    private final Settings settings;
    private final ProgressListener progress;
    private final CancellationToken cancel;
    private final long start = System.nanoTime();
    private BiFunction<FloatMatrix, Labels, int[]> ranker;

    PruningPipeline(Activations acts, Labels labels, Rows rows, Settings settings, ProgressListener progress,
            CancellationToken cancel) {
        this.acts = acts;
        this.labels = labels;
        this.rows = rows;
        this.settings = settings;
        this.progress = progress;
        this.cancel = cancel;
    }

    private Labels labels(int from, int to) {
        return labels.select(IntStream.range(from, to).toArray());
    }

    /** Trains on train rows of the given neurons; scores dev and test. */
    ProbeScore probe(int[] neurons) {
        cancel.throwIfCancelled();
        FloatMatrix train = acts.neurons(neurons, 0, rows.trainEnd());
        long t0 = System.nanoTime();
        LinearProbe p = LinearProbe.train(train, labels(0, rows.trainEnd()), settings.probe());
        double seconds = (System.nanoTime() - t0) / 1e9;
        double dev = p.score(acts.neurons(neurons, rows.trainEnd(), rows.devEnd()), labels(rows.trainEnd(), rows.devEnd()));
        double test = p.score(acts.neurons(neurons, rows.devEnd(), rows.testEnd()), labels(rows.devEnd(), rows.testEnd()));
        return new ProbeScore(neurons.length, dev, test, seconds, p);
    }

    private int[] layerRange(int first, int last) {
        int h = acts.hidden();
        return IntStream.range(first * h, (last + 1) * h).toArray();
    }

    /**
     * Runs the pipeline.
     *
     * @param alternativeRanker alternative neuron ranker (train activations of the kept neurons, their labels) → order, or
     *     {@code null} for the paper's weight mass of the base probe
     * @param forwardSeconds for a layer l, the measured time of embedding with layers 0..L and with layers 0..l,
     *     taken interleaved so that load on the machine affects both alike
     * @return the report
     */
    Report run(BiFunction<FloatMatrix, Labels, int[]> alternativeRanker, IntFunction<double[]> forwardSeconds) {
        this.ranker = alternativeRanker;
        int layers = acts.layerCount();
        int steps = 2 * layers + settings.layerDeltas().length * 8;
        int[] done = {0};
        Runnable tick = () -> progress.onProgress(new ProgressEvent("prune: probes", ++done[0], steps, "probes",
                System.nanoTime() - start));
        ProbeScore oracle = probe(layerRange(0, layers - 1));
        tick.run();
        List<ProbeScore> layerwise = new ArrayList<>();
        List<ProbeScore> incremental = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            layerwise.add(probe(layerRange(l, l)));
            tick.run();
            incremental.add(l == layers - 1 ? oracle : probe(layerRange(0, l)));
            tick.run();
        }
        double[] incDev = incremental.stream().mapToDouble(ProbeScore::dev).toArray();
        Map<Integer, PruneResult.Selection> byLayer = new LinkedHashMap<>();
        List<PruneResult.Selection> selections = new ArrayList<>();
        for (double delta : settings.layerDeltas()) {
            int selected = LayerSelector.select(oracle.dev(), incDev, delta);
            PruneResult.Selection ccfs = byLayer.get(selected);
            if (ccfs == null) {
                ccfs = ccfs(selected, oracle, forwardSeconds, tick);
                byLayer.put(selected, ccfs);
            }
            selections.add(new PruneResult.Selection(delta, settings.featureDelta(), selected, ccfs.layersKept(),
                    ccfs.neuronsAfterLayerSelection(), ccfs.neuronsAfterClustering(), ccfs.clusteringSeconds(),
                    ccfs.base(), ccfs.chosen(), ccfs.neuronsKept(), ccfs.neuronsKeptPercentOfModel(),
                    ccfs.forwardSecondsAllLayers(), ccfs.forwardSecondsSelectedLayers(), ccfs.forwardSpeedup(),
                    ccfs.probeTrainSecondsOracle(), ccfs.probeTrainSecondsFinal(), ccfs.probeTrainSpeedup(),
                    ccfs.keptNeurons(), ccfs.topKSearch()));
        }
        List<PruneResult.ProbeScore> lw = new ArrayList<>();
        List<PruneResult.ProbeScore> inc = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            lw.add(score(String.valueOf(l), layerwise.get(l), oracle));
            inc.add(score("0-" + l, incremental.get(l), oracle));
        }
        return new Report(acts.neurons(), score(null, oracle, oracle), lw, inc, selections);
    }

    /**
     * What the pipeline found.
     *
     * @param neuronsTotal all layers' neurons
     * @param oracle the probe on all neurons
     * @param layerwise the probe on each layer alone
     * @param incremental the probe on layers 0..l
     * @param selections one per LayerSelector threshold
     */
    record Report(int neuronsTotal, PruneResult.ProbeScore oracle, List<PruneResult.ProbeScore> layerwise,
            List<PruneResult.ProbeScore> incremental, List<PruneResult.Selection> selections) {
    }

    private PruneResult.Selection ccfs(int selected, ProbeScore oracle, IntFunction<double[]> forwardSeconds,
            Runnable tick) {
        int[] candidates = layerRange(0, selected);
        long t0 = System.nanoTime();
        int[] kept;
        if (settings.clusterThreshold() == CorrelationClustering.NONE) {
            kept = candidates;
        } else {
            CorrelationClustering c = CorrelationClustering.ofNeurons(acts.neurons(candidates, 0, rows.trainEnd()));
            int[] reps = c.medoids(c.cut(settings.clusterThreshold()));
            kept = Arrays.stream(reps).map(i -> candidates[i]).toArray();
        }
        double clusterSeconds = (System.nanoTime() - t0) / 1e9;
        tick.run();
        ProbeScore base = probe(kept);
        LinearProbe baseProbe = base.probe();
        tick.run();
        int[] order;
        if (ranker == null) {
            order = WeightMassRanking.order(baseProbe.weights(), WeightMassRanking.PAPER_STRIDE);
        } else {
            order = ranker.apply(acts.neurons(kept, 0, rows.trainEnd()), labels(0, rows.trainEnd()));
        }
        double bar = base.dev() * (1 - settings.featureDelta() / 100);
        List<PruneResult.TopK> search = new ArrayList<>();
        ProbeScore chosen = null;
        int[] chosenNeurons = kept;
        int lastK = -1;
        for (double p : PERCENTS) {
            int k = Math.max(1, (int) Math.ceil(p / 100 * kept.length));
            if (k == lastK || k >= kept.length) {
                continue;
            }
            lastK = k;
            int[] top = Arrays.stream(Arrays.copyOf(order, k)).map(i -> kept[i]).toArray();
            ProbeScore s = probe(top);
            search.add(new PruneResult.TopK(p, k, s.dev(), s.test()));
            if (s.dev() > bar) {
                chosen = s;
                chosenNeurons = top;
                break;
            }
        }
        tick.run();
        if (chosen == null) {
            chosen = base;
        }
        double[] timing = forwardSeconds.apply(selected);
        double fullForward = timing[0];
        double truncated = timing[1];
        return new PruneResult.Selection(Double.NaN, settings.featureDelta(), selected, selected + 1, candidates.length,
                kept.length, clusterSeconds, score(null, base, oracle), score(null, chosen, oracle), chosen.features(),
                100.0 * chosen.features() / acts.neurons(), fullForward, truncated, fullForward / truncated,
                oracle.trainSeconds(), chosen.trainSeconds(), oracle.trainSeconds() / Math.max(1e-9, chosen.trainSeconds()),
                Arrays.stream(chosenNeurons).sorted().toArray(), search);
    }

    private static PruneResult.ProbeScore score(String layers, ProbeScore s, ProbeScore oracle) {
        return new PruneResult.ProbeScore(layers, s.features(), s.dev(), s.test(), s.dev() / oracle.dev(),
                s.test() / oracle.test(), s.trainSeconds());
    }
}
