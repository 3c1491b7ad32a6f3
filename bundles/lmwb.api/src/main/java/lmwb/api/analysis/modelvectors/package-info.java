/**
 * Fine-tuned models as vectors of their weight changes from a base model: the
 * {@link lmwb.api.analysis.modelvectors.ModelVectorAnalysis} service (model vectors with cluster evaluation,
 * rank-at-energy profiles of the deltas) and the engine-free
 * {@link lmwb.api.analysis.modelvectors.WeightReader} service that reads a model's weights under canonical
 * Hugging Face names.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package lmwb.api.analysis.modelvectors;
