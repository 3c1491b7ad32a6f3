/**
 * Analyses of what is inside a model: the {@link lmwb.api.analysis.RedundancyAnalysis} service (layer
 * similarity, neuron correlation clusters, the LayerSelector + correlation-clustering feature-selection
 * pipeline) and the {@link lmwb.api.analysis.NeuronRanker} plug-in point for alternative neuron-ranking
 * methods.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package lmwb.api.analysis;
