/**
 * Ranking models and their layers for a dataset with transferability estimators: the
 * {@link lmwb.api.rank.Ranker} service, its requests and its results. Results are kept in the one result store,
 * {@link lmwb.api.results.ResultStore}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package lmwb.api.rank;
