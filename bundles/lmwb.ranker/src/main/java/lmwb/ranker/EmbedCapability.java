package lmwb.ranker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import lmwb.api.FloatMatrix;
import lmwb.api.Provenance;
import lmwb.api.capability.Capability;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.capability.RunContext;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.data.DatasetOptions;
import lmwb.api.data.Example;
import lmwb.api.encoder.EmbedRequest;
import lmwb.api.encoder.EmbedResult;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.LanguageModel;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelDescriptor;
import lmwb.api.encoder.ModelOptions;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.io.Npy;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultStore;
import lmwb.common.json.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code embed}: embeds a dataset with one model (through the embedding cache) and stores the export as a result of
 * kind {@value EmbedResult#KIND}: one {@code layer-<n>.npy} per layer, {@code mean.npy} for the layer mean,
 * {@code labels.npy} and {@code manifest.json}, written into the store's staging folder and committed in one step.
 */
@Component(property = Capability.NAME + "=embed")
public class EmbedCapability implements Capability<EmbedRequest, EmbedResult> {
    private final EmbeddingService embeddings;
    private final DatasetCatalog datasets;
    private final ResultStore store;
    private final ProvenanceRecorder provenance;

    /**
     * @param embeddings models and the embedding cache
     * @param datasets datasets
     * @param store where exports are kept
     * @param provenance fills versions, host, user and options
     */
    @Activate
    public EmbedCapability(@Reference EmbeddingService embeddings, @Reference DatasetCatalog datasets,
            @Reference ResultStore store, @Reference ProvenanceRecorder provenance) {
        this.embeddings = embeddings;
        this.datasets = datasets;
        this.store = store;
        this.provenance = provenance;
    }

    @Override
    public String name() {
        return "embed";
    }

    @Override
    public String description() {
        return "embed a dataset with a model; stores layer-<n>.npy per layer (mean.npy for the layer mean), labels.npy and "
                + "manifest.json as a result";
    }

    @Override
    public Class<EmbedRequest> requestType() {
        return EmbedRequest.class;
    }

    @Override
    public EmbedResult run(EmbedRequest q, RunContext context) throws Exception {
        long start = System.nanoTime();
        ModelOptions options = new ModelOptions(q.device(), Double.NaN, q.sparkMaster());
        Dataset ds = datasets.load(q.dataset(), DatasetOptions.DEFAULTS.withSeed(q.seed()).withDownsample(q.downsample())
                .withEncoding(q.encoding()), context.progress());
        List<Example> examples = ds.allExamples();
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("dataset '" + ds.name() + "' has no examples");
        }
        boolean tokenTask = ds.taskType().isTokenLevel();
        List<EmbeddingInput> inputs = examples.stream().map(e -> EmbeddingInput.of(e, ds.taskType())).collect(Collectors.toList());
        List<Integer> layerList = new ArrayList<>();
        boolean mean = false;
        for (String part : q.layers()) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.equals("mean")) {
                mean = true;
            } else if (p.equals("all")) {
                for (int l = 0; l <= layerCount(q.model(), options); l++) {
                    layerList.add(l);
                }
            } else {
                layerList.add(Integer.parseInt(p));
            }
        }
        EmbeddingRequest request = new EmbeddingRequest(inputs, layerList, mean, q.subwordPooling(),
                tokenTask ? SentencePooling.NONE : q.sentencePooling(), q.pairEncoding(), q.batchSize());
        LayerEmbeddings result = embeddings.embed(q.model(), request, ds.contentHash(), options, context.progress(),
                context.cancel());
        context.cancel().throwIfCancelled();
        try (ResultStore.PendingResult pending = store.begin(EmbedResult.KIND)) {
            List<String> files = new ArrayList<>();
            for (Map.Entry<Integer, FloatMatrix> e : result.layers().entrySet()) {
                String name = "layer-" + e.getKey() + ".npy";
                Npy.writeMatrix(pending.file(name), e.getValue());
                files.add(name);
            }
            if (result.layerMean() != null) {
                Npy.writeMatrix(pending.file("mean.npy"), result.layerMean());
                files.add("mean.npy");
            }
            Npy.writeLabels(pending.file("labels.npy"), ds.labelsOf(examples));
            files.add("labels.npy");
            FloatMatrix any = result.layerMean() != null ? result.layerMean() : result.layers().values().iterator().next();
            String modelHash = ProvenanceRecorder.modelHash(result.provenance() == null ? null
                    : result.provenance().inputs().get("model"), "the embedding service reported no artifact hash for " + q.model());
            Provenance p = provenance.begin("embed", q, context).input(ProvenanceRecorder.DATASET, ds.contentHash())
                    .input(ProvenanceRecorder.MODEL_PREFIX + q.model(), modelHash).seed(q.seed()).build();
            EmbedResult r = new EmbedResult(pending.id(), EmbedResult.KIND, q.model(), ds.name(), ds.contentHash(),
                    ds.taskType().displayName(), ds.labelMap().names(), any.rows(), any.cols(),
                    List.copyOf(result.layers().keySet()), result.layerMean() != null,
                    lower(request.subwordPooling()), lower(request.sentencePooling()), lower(request.pairEncoding()),
                    result.wordsPerInput(), result.tokens(), result.truncatedInputs(), result.fromCache(), files,
                    (System.nanoTime() - start) / 1e9, p);
            String json = Json.COMPACT_WITH_NULLS.toJson(r);
            Files.writeString(pending.file(EmbedResult.MANIFEST), Json.PRETTY_WITH_NULLS.toJson(r), StandardCharsets.UTF_8);
            pending.commit(new ResultMetadata("embed " + ds.name() + " with " + q.model() + ": " + any.rows() + " x "
                    + any.cols() + ", " + (files.size() - 1) + " matrices", context.user(), ds.name(), List.of(q.model()),
                    List.of(), context.jobId()), json);
            return r;
        }
    }

    private int layerCount(String model, ModelOptions options) throws IOException {
        for (ModelDescriptor d : embeddings.models()) {
            if (d.reference().equalsIgnoreCase(model) && d.layers() > 0) {
                return d.layers();
            }
        }
        try (LanguageModel m = embeddings.open(model, options)) {
            return m.info().layers();
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
