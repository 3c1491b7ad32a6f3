/**
 * The job queue of the shared runtime: every long capability runs as a durable job (typed request as JSON, the
 * user, the state, progress, the result id or the error, and times), FIFO with a fixed number of workers.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package lmwb.api.jobs;
