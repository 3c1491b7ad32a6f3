/**
 * What capability components share beyond the {@link lmwb.api.capability.Capability} contract: the stored
 * analysis (name, description and request type given once; compute, then store the files and the result).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package lmwb.common.capability;
