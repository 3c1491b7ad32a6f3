package lmwb.diagnostics.core;

import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import lmwb.api.Provenance;
import lmwb.api.TaskType;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.capability.RunContext;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.diagnostics.DatasetDiagnostic;
import lmwb.api.diagnostics.DiagnosedDataset;
import lmwb.api.diagnostics.DiagnosticData;
import lmwb.api.diagnostics.DiagnosticResult;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultStore;
import lmwb.common.capability.NamedCapability;

/**
 * What every diagnostic of a text or pair classification dataset shares, so that each component keeps only its own
 * computation: its name, description and request type, the supported tasks, the services it runs on (given to the
 * one constructor of the DS component and passed up), reading the dataset and the models' embeddings, the
 * provenance of the dataset and models, and storing the result with its metadata.
 *
 * @param <Q> the request record
 * @param <R> the result
 */
public abstract class ClassificationDiagnostic<Q extends Record, R extends DiagnosticResult> extends NamedCapability<Q, R>
        implements DatasetDiagnostic<Q, R> {
    /** The tasks the diagnostics describe. */
    public static final Set<TaskType> TASKS = Collections.unmodifiableSet(EnumSet.of(TaskType.TEXT_CLASSIFICATION,
            TaskType.PAIR_CLASSIFICATION));
    /** Datasets. */
    protected final DatasetCatalog catalog;
    /** Models and the embedding cache; {@code null} for a diagnostic that needs no model. */
    protected final EmbeddingService embeddings;
    /** Where results go. */
    protected final ResultStore store;
    /** Fills versions, host, user, options and seed. */
    protected final ProvenanceRecorder provenance;

    /**
     * @param name the diagnostic's (and capability's) name
     * @param description one line for {@code diagnostics}
     * @param requestType the request record
     * @param catalog datasets
     * @param embeddings models and the embedding cache, or {@code null} when the diagnostic needs no model
     * @param store where results go
     * @param provenance fills versions, host, user, options and seed
     */
    protected ClassificationDiagnostic(String name, String description, Class<Q> requestType, DatasetCatalog catalog,
            EmbeddingService embeddings, ResultStore store, ProvenanceRecorder provenance) {
        super(name, description, requestType);
        this.catalog = catalog;
        this.embeddings = embeddings;
        this.store = store;
        this.provenance = provenance;
    }

    @Override
    public final Set<TaskType> supportedTasks() {
        return TASKS;
    }

    /** @return whether it was given the embedding service (a diagnostic that needs it only for an option overrides this) */
    @Override
    public boolean needsModels() {
        return embeddings != null;
    }

    /**
     * @param reference dataset name or file ({@code null} = the catalogue's default)
     * @param data the request's dataset options
     * @param minPerClass the fewest examples each given class needs
     * @param context progress
     * @return the dataset, checked, without embeddings
     * @throws IOException when it cannot be read
     */
    protected DiagnosedData load(String reference, DiagnosticData data, int minPerClass, RunContext context) throws IOException {
        return DiagnosedData.load(catalog, reference, data.datasetOptions(), name(), minPerClass, context);
    }

    /**
     * @param data the request's dataset and embedding options
     * @param minPerClass the fewest examples each given class needs
     * @param context progress and cancellation
     * @return the request's dataset with every layer of its models
     * @throws IOException when the dataset or a model cannot be read
     */
    protected DiagnosedData loadEmbedded(DiagnosticData data, int minPerClass, RunContext context) throws IOException {
        return load(data.dataset(), data, minPerClass, context).embed(embeddings, data, context);
    }

    /**
     * @param request the request
     * @param context the user
     * @param data what was diagnosed (its dataset hash and model hashes are recorded), or {@code null}
     * @return the provenance builder, for the diagnostic's own configuration
     */
    protected Provenance.Builder provenance(Q request, RunContext context, DiagnosedData data) {
        Provenance.Builder prov = provenance.begin(name(), request, context);
        if (data != null) {
            prov.input(ProvenanceRecorder.DATASET, data.dataset().contentHash());
            data.modelHashes().forEach((m, h) -> prov.input(ProvenanceRecorder.MODEL_PREFIX + m, h));
        }
        return prov;
    }

    /**
     * Stores the result (its document and files in one step).
     *
     * @param kind the result kind
     * @param withId builds the result given its id
     * @param summary the one-line summary the results list shows
     * @param dataset what was diagnosed
     * @param models the models used (empty when none)
     * @param context the user and job
     * @param files files stored beside the document, by name
     * @return the stored result
     * @throws IOException when the store fails
     */
    protected R store(String kind, Function<String, R> withId, String summary, DiagnosedDataset dataset, List<String> models,
            RunContext context, Map<String, byte[]> files) throws IOException {
        return StoredDiagnostics.store(store, kind, withId,
                new ResultMetadata(summary, context.user(), dataset.name(), models, List.of(), context.jobId()), files);
    }
}
