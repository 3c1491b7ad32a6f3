/**
 * Small dense vector kernels shared by the estimators, the probes and the analyses, so that every bundle sums in
 * the same order and a golden value computed by one holds for all.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package lmwb.common.linalg;
