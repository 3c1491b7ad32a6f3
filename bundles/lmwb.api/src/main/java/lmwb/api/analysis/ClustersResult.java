package lmwb.api.analysis;

import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;
import lmwb.api.capability.CapabilityResult;

/**
 * Neuron correlation clusters of one model (kind {@value #KIND}); its JSON is the stored document.
 *
 * @param resultId the result-store id
 * @param dataset the dataset's name
 * @param task the dataset's task type
 * @param models the model analysed (first) and any others given
 * @param activations what the rows are
 * @param neurons all layers' neurons
 * @param layers layers including the embedding output
 * @param hidden neurons per layer
 * @param activationBytes memory the activations took
 * @param correlationSeconds time of the correlation matrix
 * @param linkageSeconds time of the average linkage
 * @param curve one level per threshold
 * @param files the plots stored beside the document
 * @param provenance where it came from
 */
public record ClustersResult(String resultId, String dataset, String task, List<String> models, String activations,
        int neurons, int layers, int hidden, long activationBytes, double correlationSeconds, double linkageSeconds,
        List<Level> curve, List<String> files, Provenance provenance) implements CapabilityResult {
    /** The result kind. */
    public static final String KIND = "clusters";

    /** Freezes the lists. */
    public ClustersResult {
        models = List.copyOf(models);
        curve = List.copyOf(curve);
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
    public ClustersResult withResultId(String id) {
        return new ClustersResult(id, dataset, task, models, activations, neurons, layers, hidden, activationBytes,
                correlationSeconds, linkageSeconds, curve, files, provenance);
    }

    /**
     * The clusters at one distance cut.
     *
     * @param threshold the cut t (distance 1 − |r|)
     * @param clusters clusters at this cut
     * @param removablePercent share of neurons that are not their cluster's representative
     * @param multiNeuronClusters clusters of two or more neurons
     * @param neuronsInMultiNeuronClusters neurons in them
     * @param largestCluster the largest cluster's size
     * @param multiNeuronClustersByLayersSpanned layers a cluster spans → clusters
     * @param crossLayerClusters clusters spanning more than one layer
     * @param crossLayerClustersOfOneUnitIndex of those, the ones that are one unit index across layers
     */
    public record Level(double threshold, int clusters, double removablePercent, int multiNeuronClusters,
            int neuronsInMultiNeuronClusters, int largestCluster, Map<String, Integer> multiNeuronClustersByLayersSpanned,
            int crossLayerClusters, int crossLayerClustersOfOneUnitIndex) {
    }
}
