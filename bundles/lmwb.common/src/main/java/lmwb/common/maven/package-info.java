/**
 * Artifacts from Maven repositories, the one way lmwb gets them (built-in models and built-in datasets):
 * taken from the local repository when there, else fetched into it with the user's {@code mvn} client
 * (its configured mirrors and proxies; lmwb names no repository), checked against a pinned SHA-256, and
 * unpacked into a folder that appears whole or not at all.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package lmwb.common.maven;
