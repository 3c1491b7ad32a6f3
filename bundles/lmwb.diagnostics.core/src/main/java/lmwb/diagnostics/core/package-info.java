/**
 * What the dataset diagnostics share: the seeded stratified folds, the linear probe that gives every example a
 * held-out probability (its regularisation chosen by cross-validated log-loss inside the training folds), and
 * the one way a diagnostic reads its dataset and the models' embeddings (through the embedding service and
 * its cache).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package lmwb.diagnostics.core;
