/**
 * Fine-tuned models as vectors of their weight changes from a base model: the typed requests and results of the
 * {@code modelvec} (model vectors with cluster evaluation) and {@code deltarank} (rank-at-energy profiles of the
 * deltas) capabilities, and the engine-free {@link lmwb.api.analysis.modelvectors.WeightReader} service that reads
 * a model's weights under canonical Hugging Face names.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package lmwb.api.analysis.modelvectors;
