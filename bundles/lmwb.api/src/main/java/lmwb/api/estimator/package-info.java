/**
 * Transferability estimators: cheap scores of how well an embedding matrix suits a labelled task,
 * provided as {@link lmwb.api.estimator.Estimator} services. A third-party estimator bundle compiles
 * against this package and {@code lmwb.api} alone.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package lmwb.api.estimator;
