/**
 * Analyses of what is inside a model (Dalvi et al., EMNLP 2020): the typed requests and results of the
 * {@code similarity} (layer similarity, CKA), {@code clusters} (neuron correlation clusters) and {@code prune}
 * (LayerSelector + correlation-clustering feature selection) capabilities, and the
 * {@link lmwb.api.analysis.NeuronRanker} plug-in point for alternative neuron-ranking methods.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package lmwb.api.analysis;
