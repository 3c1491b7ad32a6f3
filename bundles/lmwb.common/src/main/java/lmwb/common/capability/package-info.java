/**
 * What capability components share beyond the {@link lmwb.api.capability.Capability} contract: the name,
 * description and request type given once ({@link lmwb.common.capability.NamedCapability}) and the stored analysis
 * built on it (compute, then store the files and the result).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package lmwb.common.capability;
