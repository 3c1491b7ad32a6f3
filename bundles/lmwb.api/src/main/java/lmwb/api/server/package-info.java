/**
 * The shared runtime's server mode ({@code runtime/lmwb serve}): its validated settings, published as the
 * {@link lmwb.api.server.Server} service only while the runtime runs as a server, so that the job queue, the HTTP
 * API and the SSH shell exist in {@code serve} and never in a one-shot command.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package lmwb.api.server;
