/**
 * The shared runtime's server mode ({@code runtime/lmwb serve}): its validated settings, published as the
 * {@link lmwb.api.server.Server} service only while the runtime runs as a server, so that the job queue, the HTTP
 * API and the SSH shell exist in {@code serve} and never in a one-shot command; and the server's one log of its own
 * lines ({@link lmwb.api.server.ServeLog}); what remote users see of its paths ({@link lmwb.api.server.ClientPaths}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package lmwb.api.server;
