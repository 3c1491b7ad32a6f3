package lmwb.encoders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.ProgressEvent;
import lmwb.api.ProgressListener;
import lmwb.api.Provenance;
import lmwb.api.encoder.EmbeddingCache;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.LanguageModel;
import lmwb.api.encoder.LanguageModelProvider;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.ModelDescriptor;
import lmwb.api.encoder.ModelOptions;
import lmwb.api.encoder.ModelSource;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The workbench's {@link EmbeddingService}: asks every {@link ModelSource} (the built-in one first) to
 * resolve a reference, opens the artifact with the {@link LanguageModelProvider} that supports its
 * {@code model_type}, and embeds through the {@link EmbeddingCache}. The cache key covers the weights'
 * hash, the dataset hash, a hash of the inputs themselves, the layers, pooling and pair encoding; the batch
 * size is not part of it because it does not change the vectors.
 */
@Component(service = EmbeddingService.class)
public class WorkbenchEmbeddingService implements EmbeddingService {
    private final List<ModelSource> sources = new CopyOnWriteArrayList<>();
    private final Map<ModelSource, Integer> rankings = new IdentityHashMap<>();
    private final List<LanguageModelProvider> providers = new CopyOnWriteArrayList<>();

    @Reference
    private EmbeddingCache cache;
    /** Keys being embedded now, so that concurrent callers for one entry embed it once. */
    private final ConcurrentHashMap<String, ReentrantLock> computing = new ConcurrentHashMap<>();

    /** For tests outside a framework. */
    WorkbenchEmbeddingService(EmbeddingCache cache, List<ModelSource> sources, List<LanguageModelProvider> providers) {
        this.cache = cache;
        sources.forEach(s -> addSource(s, Map.of()));
        this.providers.addAll(providers);
    }

    /** For Declarative Services. */
    public WorkbenchEmbeddingService() {
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void addSource(ModelSource source, Map<String, Object> properties) {
        int ranking = properties.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
        rankings.put(source, ranking);
        int at = 0;
        while (at < sources.size() && asksFirst(sources.get(at), source, ranking)) {
            at++;
        }
        sources.add(at, source);
    }

    /**
     * The order sources are asked in: the built-in source first, then by service ranking, higher first, then in
     * the order they came. A source deployed later (a plug-in) is bound after the ones already there, so without
     * its ranking a plain name would reach the Hugging Face hub download (ranking 100) before it.
     */
    private boolean asksFirst(ModelSource present, ModelSource added, int addedRanking) {
        boolean presentBuiltin = BuiltinModelSource.NAME.equals(present.name());
        if (presentBuiltin != BuiltinModelSource.NAME.equals(added.name())) {
            return presentBuiltin;
        }
        return rankings.getOrDefault(present, 0) >= addedRanking;
    }

    synchronized void removeSource(ModelSource source) {
        sources.remove(source);
        rankings.remove(source);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addProvider(LanguageModelProvider provider) {
        providers.add(provider);
    }

    void removeProvider(LanguageModelProvider provider) {
        providers.remove(provider);
    }

    @Override
    public List<ModelDescriptor> models() {
        List<ModelDescriptor> out = new ArrayList<>();
        for (ModelSource s : sources) {
            out.addAll(s.available());
        }
        return out;
    }

    @Override
    public List<String> defaultModels() {
        return BuiltinModels.ALL.stream().map(BuiltinModels.Builtin::name).toList();
    }

    /**
     * @param reference a model reference
     * @param progress progress of fetching or extracting
     * @return the artifact from the first source that handles it
     * @throws IOException when a source handles it but cannot provide it
     * @throws IllegalArgumentException when no source knows it (lists the available models)
     */
    public ModelArtifact resolve(String reference, ProgressListener progress) throws IOException {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("no model given; available: " + available());
        }
        for (ModelSource s : sources) {
            Optional<ModelArtifact> a;
            try {
                a = s.resolve(reference.trim(), progress);
            } catch (IOException e) {
                throw new IOException(e.getMessage() + " Models available here: " + available(), e);
            }
            if (a.isPresent()) {
                return a.get();
            }
        }
        throw new IllegalArgumentException("unknown model '" + reference + "'; available: " + available()
                + " (or a Hugging Face model folder / hub id when the huggingface sources are installed)");
    }

    private String available() {
        List<String> names = new ArrayList<>();
        for (ModelDescriptor d : models()) {
            names.add(d.reference());
        }
        return names.isEmpty() ? "(no model sources are registered)" : String.join(", ", names);
    }

    @Override
    public LanguageModel open(String reference, ModelOptions options) throws IOException {
        return open(resolve(reference, ProgressListener.NONE), options);
    }

    private LanguageModel open(ModelArtifact artifact, ModelOptions options) throws IOException {
        String type = EncoderCheckpoint.modelType(artifact);
        TreeSet<String> supported = new TreeSet<>();
        for (LanguageModelProvider p : providers) {
            if (p.modelTypes().contains(type)) {
                return p.open(artifact, options);
            }
            supported.addAll(p.modelTypes());
        }
        throw new IllegalArgumentException("model '" + artifact.reference() + "' has model_type '" + type
                + "' which no installed encoder supports; supported: "
                + (supported.isEmpty() ? "(no encoder providers are registered)" : String.join(", ", supported)));
    }

    @Override
    public LayerEmbeddings embed(String reference, EmbeddingRequest request, String datasetHash, ModelOptions options,
            ProgressListener progress, CancellationToken cancel) throws IOException {
        ModelArtifact artifact = resolve(reference, progress);
        String key = datasetHash == null ? null : cacheKey(artifact.contentHash(), datasetHash, request);
        if (key == null) {
            return compute(artifact, request, datasetHash, options, progress, cancel);
        }
        Optional<LayerEmbeddings> hit = cached(key, reference, request, progress);
        if (hit.isPresent()) {
            return hit.get();
        }
        // One forward pass per entry: a second caller for the same key (another job of a shared server) waits
        // for the first one's entry and reads it instead of embedding the same inputs again.
        ReentrantLock lock = computing.computeIfAbsent(key, k -> new ReentrantLock());
        try {
            while (!lock.tryLock(100, TimeUnit.MILLISECONDS)) {
                cancel.throwIfCancelled();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationToken.CancelledException("the operation was cancelled");
        }
        try {
            hit = cached(key, reference, request, progress);
            if (hit.isPresent()) {
                return hit.get();
            }
            LayerEmbeddings computed = compute(artifact, request, datasetHash, options, progress, cancel);
            cache.put(key, artifact.reference(), datasetHash, computed);
            return computed;
        } finally {
            lock.unlock();
            if (!lock.hasQueuedThreads()) {
                computing.remove(key, lock);
            }
        }
    }

    private Optional<LayerEmbeddings> cached(String key, String reference, EmbeddingRequest request,
            ProgressListener progress) throws IOException {
        Optional<LayerEmbeddings> hit;
        try {
            hit = cache.get(key);
        } catch (DiskEmbeddingCache.CorruptEntryException e) {
            // one finished event: the console renders it as a line of its own on stderr
            progress.onProgress(new ProgressEvent("embed " + reference + ": " + e.getMessage() + "; recomputing",
                    1, 1, "entry", 0));
            hit = Optional.empty();
        }
        if (hit.isPresent()) {
            int n = request.inputs().size();
            progress.onProgress(new ProgressEvent("embed " + reference + " (cached)", n, n, "sentences", 0));
        }
        return hit;
    }

    private LayerEmbeddings compute(ModelArtifact artifact, EmbeddingRequest request, String datasetHash,
            ModelOptions options, ProgressListener progress, CancellationToken cancel) throws IOException {
        LayerEmbeddings computed;
        try (LanguageModel model = open(artifact, options)) {
            computed = model.embed(request, progress, cancel);
        }
        requireFinite(artifact.reference(), computed);
        return datasetHash == null ? computed : withDataset(computed, datasetHash);
    }

    /**
     * Refuses embeddings with NaN or infinite values, so that they are never cached and never scored: they
     * come from broken weights (NaN or huge values in the checkpoint) or an overflow in the forward pass.
     *
     * @param model the model reference, for the message
     * @param e the embeddings
     * @throws IllegalStateException naming the model and the first (lowest) layer with a non-finite value
     */
    static void requireFinite(String model, LayerEmbeddings e) {
        for (var layer : e.layers().entrySet()) {
            FloatMatrix m = layer.getValue();
            long bad = m.firstNonFinite();
            if (bad >= 0) {
                throw nonFinite(model, "layer " + layer.getKey(), m, bad);
            }
        }
        if (e.layerMean() != null && e.layerMean().firstNonFinite() >= 0) {
            throw nonFinite(model, "the layer mean", e.layerMean(), e.layerMean().firstNonFinite());
        }
    }

    private static IllegalStateException nonFinite(String model, String where, FloatMatrix m, long index) {
        int row = (int) (index / m.cols());
        float v = m.get(row, (int) (index % m.cols()));
        return new IllegalStateException("model '" + model + "' produced " + v + " in " + where + " (row " + row
                + "); its weights are broken (NaN or infinite values, or values so large the forward pass overflows)."
                + " Nothing was cached; check or re-download the model files");
    }

    private static LayerEmbeddings withDataset(LayerEmbeddings e, String datasetHash) {
        Provenance p = e.provenance();
        Map<String, String> inputs = new LinkedHashMap<>(p.inputs());
        inputs.put("dataset", datasetHash);
        Provenance q = new Provenance(p.component(), p.configuration(), inputs, p.seed(), p.versions(), p.created());
        return new LayerEmbeddings(e.layers(), e.layerMean(), e.wordsPerInput(), e.tokens(), e.truncatedInputs(),
                e.fromCache(), q);
    }

    /**
     * @param modelHash the weights' hash
     * @param datasetHash the dataset's hash
     * @param request the request
     * @return the cache key: SHA-256 over everything that changes the vectors
     */
    static String cacheKey(String modelHash, String datasetHash, EmbeddingRequest request) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        StringBuilder head = new StringBuilder("lmwb-embeddings-v1\n").append(modelHash).append('\n')
                .append(datasetHash).append('\n').append(request.layers()).append('\n').append(request.layerMean())
                .append('\n').append(request.subwordPooling()).append('\n').append(request.sentencePooling())
                .append('\n').append(request.pairEncoding()).append('\n').append(request.inputs().size()).append('\n');
        md.update(head.toString().getBytes(StandardCharsets.UTF_8));
        for (EmbeddingInput in : request.inputs()) {
            md.update(in.text().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(in.pair() == null ? new byte[] {1} : in.pair().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            for (String w : in.words()) {
                md.update(w.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 2);
            }
            md.update((byte) 3);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
