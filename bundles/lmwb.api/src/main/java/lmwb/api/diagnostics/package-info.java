/**
 * Dataset diagnostics: questions about the data rather than the model — which labels are probably wrong
 * ({@code label-issues}, confident learning), how much usable information the inputs hold about the labels
 * ({@code difficulty}, V-usable information), how alike two labels' texts are ({@code divergence}, Jensen–Shannon
 * divergence of unigram distributions), which (near-)duplicate texts carry different labels ({@code conflicts}), and
 * which examples a training run found easy, ambiguous or hard ({@code cartography}, data maps from {@code train --dynamics}).
 *
 * <p>Every diagnostic is a {@link lmwb.api.diagnostics.DatasetDiagnostic}: a DS component in its own bundle,
 * registered both as a {@code DatasetDiagnostic} and as a {@link lmwb.api.capability.Capability} with the property
 * {@code lmwb.capability=<name>}, so the shell, the job queue and the REST API run it with the same typed request;
 * the typed result (a per-example table, a summary and, where there is one, a plot) is stored in the result store.
 * Requests share their dataset and embedding options ({@link lmwb.api.diagnostics.DiagnosticData}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package lmwb.api.diagnostics;
