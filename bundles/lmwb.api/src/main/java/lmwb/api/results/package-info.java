/**
 * The one result store: every kind of result (rankings, validations, embedding exports, estimates, training
 * runs, prediction batches, analyses) with its metadata (kind, user, dataset, models, estimators, job, time) in
 * one place, its JSON document, and its files (plots, {@code .npy}, checkpoints) in one folder per result.
 * A result is written into a staging folder and committed in one step: a kill at any moment leaves no half
 * result behind.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package lmwb.api.results;
