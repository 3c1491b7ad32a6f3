package lmwb.api.analysis;

import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;
import lmwb.api.capability.CapabilityResult;

/**
 * The pruning pipeline on one model (kind {@value #KIND}); its JSON is the stored document.
 *
 * @param resultId the result-store id
 * @param dataset the dataset's name
 * @param task the dataset's task type
 * @param models the model analysed (first) and any others given
 * @param activations what the rows are
 * @param sample how the sample was drawn and split
 * @param rows activation rows per split ({@code train}, {@code dev}, {@code test})
 * @param metric {@code accuracy} or {@code pearson}
 * @param ranker the neuron ranker
 * @param clusterThreshold the clustering cut, {@code -1} for none
 * @param probe the probe's settings
 * @param neuronsTotal all layers' neurons
 * @param oracle the probe on all neurons
 * @param layerwise the probe on each layer alone ({@code layers} = its index)
 * @param incremental the probe on layers 0..l ({@code layers} = {@code 0-l})
 * @param selections one per LayerSelector threshold
 * @param forwardTiming how forward-pass times were measured
 * @param files the plots stored beside the document
 * @param provenance where it came from
 */
public record PruneResult(String resultId, String dataset, String task, List<String> models, String activations,
        String sample, Map<String, Integer> rows, String metric, String ranker, double clusterThreshold,
        ProbeSettings probe, int neuronsTotal, ProbeScore oracle, List<ProbeScore> layerwise,
        List<ProbeScore> incremental, List<Selection> selections, String forwardTiming, List<String> files,
        Provenance provenance) implements CapabilityResult {
    /** The result kind. */
    public static final String KIND = "prune";

    /** Freezes the collections. */
    public PruneResult {
        models = List.copyOf(models);
        layerwise = List.copyOf(layerwise);
        incremental = List.copyOf(incremental);
        selections = List.copyOf(selections);
        files = List.copyOf(files);
    }

    @Override
    public String kind() {
        return KIND;
    }

    /**
     * @param id the result-store id
     * @return a copy with that id
     */
    public PruneResult withResultId(String id) {
        return new PruneResult(id, dataset, task, models, activations, sample, rows, metric, ranker, clusterThreshold,
                probe, neuronsTotal, oracle, layerwise, incremental, selections, forwardTiming, files, provenance);
    }

    /**
     * The probe's training settings.
     *
     * @param lambda1 L1 penalty
     * @param lambda2 L2 penalty
     * @param learningRate learning rate
     * @param epochs epochs
     * @param batchSize batch size
     * @param seed seed
     */
    public record ProbeSettings(double lambda1, double lambda2, double learningRate, int epochs, int batchSize,
            long seed) {
    }

    /**
     * A probe's scores.
     *
     * @param layers the layers it saw ({@code 3}, {@code 0-3}), or {@code null} for a neuron selection
     * @param features neurons it saw
     * @param dev dev score
     * @param test test score
     * @param devRelativeToOracle dev / the oracle's dev
     * @param testRelativeToOracle test / the oracle's test
     * @param trainSeconds training time
     */
    public record ProbeScore(String layers, int features, double dev, double test, double devRelativeToOracle,
            double testRelativeToOracle, double trainSeconds) {
    }

    /**
     * One step of the top-k search of the neuron ranking.
     *
     * @param percent share of the kept neurons tried
     * @param k neurons tried
     * @param dev dev score
     * @param test test score
     */
    public record TopK(double percent, int k, double dev, double test) {
    }

    /**
     * LayerSelector at one threshold, then clustering and neuron ranking.
     *
     * @param deltaLs LayerSelector threshold in %
     * @param deltaFs feature-selection threshold in %
     * @param selectedLayer the highest layer kept
     * @param layersKept layers 0..selected
     * @param neuronsAfterLayerSelection neurons of those layers
     * @param neuronsAfterClustering cluster representatives among them
     * @param clusteringSeconds time of clustering
     * @param base the probe on the representatives
     * @param chosen the probe on the smallest neuron set within {@code deltaFs} of {@code base}
     * @param neuronsKept neurons of that set
     * @param neuronsKeptPercentOfModel as a share of all neurons
     * @param forwardSecondsAllLayers forward pass with all layers
     * @param forwardSecondsSelectedLayers forward pass up to the selected layer
     * @param forwardSpeedup their ratio
     * @param probeTrainSecondsOracle training time of the oracle probe
     * @param probeTrainSecondsFinal training time of the chosen probe
     * @param probeTrainSpeedup their ratio
     * @param keptNeurons the neurons kept (indices over all layers)
     * @param topKSearch the search for that set
     */
    public record Selection(double deltaLs, double deltaFs, int selectedLayer, int layersKept,
            int neuronsAfterLayerSelection, int neuronsAfterClustering, double clusteringSeconds, ProbeScore base,
            ProbeScore chosen, int neuronsKept, double neuronsKeptPercentOfModel, double forwardSecondsAllLayers,
            double forwardSecondsSelectedLayers, double forwardSpeedup, double probeTrainSecondsOracle,
            double probeTrainSecondsFinal, double probeTrainSpeedup, int[] keptNeurons, List<TopK> topKSearch) {
    }
}
