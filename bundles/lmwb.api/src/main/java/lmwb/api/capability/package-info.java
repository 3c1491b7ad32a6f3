/**
 * Capabilities: every long piece of work lmwb does (rank, validate, embed, estimate, train, predict,
 * similarity, clusters, prune, modelvec, deltarank, ...) as one DS service of one shape, so that the same typed
 * request can come from the Gogo shell, a {@code --request FILE.json}, a REST call, an SSH session or the job
 * queue, and the same typed result can be rendered as a table, JSON or a web page.
 *
 * <p>A request is a Java record whose components are the command's long options in camelCase
 * ({@code --text-column} ↔ {@code textColumn} ↔ JSON key {@code text_column}); {@code null} components mean
 * "not given" and the record's compact constructor fills the defaults. Requests and results are written and read
 * by the one JSON codec {@code lmwb.common.json.Requests}/{@code Json} (snake_case keys).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package lmwb.api.capability;
