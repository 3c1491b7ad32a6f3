package lmwb.diagnostics.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import lmwb.api.ProgressEvent;
import lmwb.api.capability.RunContext;
import lmwb.api.diagnostics.DiagnosticData;

/**
 * The out-of-fold probe of several layers at once, and the layer that serves it best: every (layer, fold) fit is
 * one task of the same parallel pool, so a per-layer curve keeps every core busy instead of waiting on the last
 * fold of each layer in turn.
 */
public final class LayerProbes {
    private LayerProbes() {
    }

    /**
     * @param data the dataset with its layers
     * @param keys layer keys of {@link DiagnosedData#layers()}, in the order wanted
     * @param folds outer folds
     * @param seed the folds' seed
     * @param stage progress label
     * @param context progress and cancellation
     * @return held-out probabilities by layer key, in the order of {@code keys} (each as {@link OutOfFoldProbe#run} gives it)
     */
    public static Map<String, OutOfFoldProbe.Result> run(DiagnosedData data, List<String> keys, int folds, long seed, String stage,
            RunContext context) {
        long t0 = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        List<OutOfFoldProbe.Result> results = keys.parallelStream().map(k -> {
            OutOfFoldProbe.Result r = OutOfFoldProbe.run(data.layers().get(k), data.classes(), data.classCount(), folds, seed,
                    context.cancel());
            context.progress().onProgress(new ProgressEvent(stage, done.incrementAndGet(), keys.size(), "layers",
                    System.nanoTime() - t0));
            return r;
        }).toList();
        context.cancel().throwIfCancelled();
        Map<String, OutOfFoldProbe.Result> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            out.put(keys.get(i), results.get(i));
        }
        return out;
    }

    /**
     * The layer keys a request asks for: every layer for {@code --layer best} or a per-layer curve, else the one
     * named.
     *
     * @param data the dataset with its layers
     * @param layer the request's {@code --layer}
     * @param everyLayer whether every layer is wanted anyway
     * @return layer keys
     */
    public static List<String> keys(DiagnosedData data, String layer, boolean everyLayer) {
        return everyLayer || layer.equals(DiagnosticData.BEST) ? new ArrayList<>(data.layers().keySet())
                : List.of(data.layerKey(layer));
    }

    /**
     * The layer whose held-out probabilities give the given labels the highest mean log-likelihood. With the same
     * folds for every layer this is also the layer of the highest V-information (the label prior of each fold's
     * training part does not depend on the layer).
     *
     * @param probes probes by layer key
     * @param labels the given labels
     * @return the best key (the first of equals)
     */
    public static String best(Map<String, OutOfFoldProbe.Result> probes, int[] labels) {
        String best = null;
        double bestLl = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, OutOfFoldProbe.Result> e : probes.entrySet()) {
            double ll = meanLogLikelihood(e.getValue(), labels);
            if (best == null || ll > bestLl) {
                best = e.getKey();
                bestLl = ll;
            }
        }
        return best;
    }

    /**
     * @param probe held-out probabilities
     * @param labels the given labels
     * @return the mean natural log of each example's held-out probability of its label
     */
    public static double meanLogLikelihood(OutOfFoldProbe.Result probe, int[] labels) {
        double s = 0;
        for (int i = 0; i < labels.length; i++) {
            s += Math.log(Math.max(probe.p(i, labels[i]), 1e-300));
        }
        return s / labels.length;
    }
}
