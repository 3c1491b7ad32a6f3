/**
 * Ranking models and their layers for a dataset with transferability estimators: the
 * {@link lmwb.api.rank.Ranker} service, its request and its result, and the
 * {@link lmwb.api.rank.ResultStore} where results are kept.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package lmwb.api.rank;
