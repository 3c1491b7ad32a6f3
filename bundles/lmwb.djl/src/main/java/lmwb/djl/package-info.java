/**
 * Runs DJL code inside OSGi: {@link lmwb.djl.DjlContext} sets the thread context class loader to this
 * bundle (where DJL, its engine and natives are embedded) and configures DJL to run offline with its
 * cache under {@code $LMWB_HOME/djl}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package lmwb.djl;
