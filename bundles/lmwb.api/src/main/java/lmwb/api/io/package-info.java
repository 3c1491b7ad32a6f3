/**
 * Engine-free file formats shared by bundles: NumPy {@code .npy} arrays ({@link lmwb.api.io.Npy}) for
 * embedding matrices and label vectors, so that results can be exchanged with Python tools.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package lmwb.api.io;
