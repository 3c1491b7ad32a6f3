/**
 * Datasets and tasks: the immutable {@link lmwb.api.data.Dataset} model, label maps, splits, and the
 * {@link lmwb.api.data.DatasetProvider} plugin point through which bundles add datasets.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package lmwb.api.data;
