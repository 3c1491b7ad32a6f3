package lmwb.api.diagnostics;

import java.util.Set;
import lmwb.api.TaskType;
import lmwb.api.capability.Capability;

/**
 * One dataset diagnostic: a capability whose request names a dataset (and, for most diagnostics, models whose
 * embeddings it uses) and whose result describes the data. Implementations register under both this interface
 * and {@link Capability}, with {@link Capability#NAME} set to {@link #name()}; {@code diagnostics} lists what is
 * installed.
 *
 * @param <Q> the request record
 * @param <R> the result
 */
@org.osgi.annotation.versioning.ConsumerType
public interface DatasetDiagnostic<Q extends Record, R extends DiagnosticResult> extends Capability<Q, R> {
    /** @return the task types this diagnostic can describe (it refuses others with one line) */
    Set<TaskType> supportedTasks();

    /** @return whether it needs models (embeddings); {@code false} for text-only diagnostics */
    boolean needsModels();
}
