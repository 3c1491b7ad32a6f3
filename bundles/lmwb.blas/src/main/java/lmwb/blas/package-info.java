/**
 * Native BLAS and LAPACK for every lmwb bundle: OpenBLAS through the JavaCPP presets, loaded once per JVM
 * by {@link lmwb.blas.NativeBlas}. This bundle also exports the JavaCPP ({@code org.bytedeco.javacpp})
 * and OpenBLAS ({@code org.bytedeco.openblas.global}) packages; bundles import them from here, call
 * {@link lmwb.blas.NativeBlas#available()} first, and fall back to Java code when it returns {@code false}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package lmwb.blas;
