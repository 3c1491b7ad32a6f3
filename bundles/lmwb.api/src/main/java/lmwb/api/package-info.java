/**
 * Core value types of lmwb shared by every bundle: the engine-free {@link lmwb.api.FloatMatrix},
 * task types and labels, provenance, and progress reporting with cancellation for long work.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package lmwb.api;
