package lmwb.encoders.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
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
import lmwb.encoders.builtin.BuiltinModels;
import lmwb.encoders.spark.SparkDriverProcess;
import lmwb.encoders.spark.SparkEmbeddingJob;
import lmwb.encoders.weights.EncoderCheckpoint;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The workbench's {@link EmbeddingService}: asks the {@link ModelSource}s in service-ranking order (higher
 * first; the built-in source declares the highest ranking lmwb ships) to resolve a reference, opens the
 * artifact with the {@link LanguageModelProvider} that supports its {@code model_type}, and embeds through
 * the {@link EmbeddingCache}. The cache key covers the weights' hash, the dataset hash, a hash of the inputs
 * themselves, the layers, pooling and pair encoding; the batch size is not part of it because it does not
 * change the vectors.
 *
 * <p>Sources and providers come and go at run time (plug-in bundles), so they are bound dynamically by
 * {@link #addSource} and {@link #addProvider}; code outside a framework calls those as Declarative Services
 * does, with the service properties.
 */
@Component(service = EmbeddingService.class)
public class WorkbenchEmbeddingService implements EmbeddingService {
    private final List<ModelSource> sources = new CopyOnWriteArrayList<>();
    private final Map<ModelSource, Integer> rankings = new IdentityHashMap<>();
    private final List<LanguageModelProvider> providers = new CopyOnWriteArrayList<>();
    private final EmbeddingCache cache;
    /** Keys being embedded now, so that concurrent callers for one entry embed it once. */
    private final ConcurrentHashMap<String, ReentrantLock> computing = new ConcurrentHashMap<>();

    /**
     * @param cache where embeddings are kept between runs
     */
    @Activate
    public WorkbenchEmbeddingService(@Reference(name = "cache") EmbeddingCache cache) {
        this.cache = cache;
    }

    /**
     * Binds a model source in its place: by service ranking, higher first, then in the order they came. A
     * source deployed later (a plug-in) is bound after the ones already there, so the ranking, not the
     * binding order, decides which source answers a name several claim.
     *
     * @param source the source
     * @param properties its service properties ({@code service.ranking}, default 0)
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public synchronized void addSource(ModelSource source, Map<String, Object> properties) {
        int ranking = properties.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
        rankings.put(source, ranking);
        int at = 0;
        while (at < sources.size() && rankings.getOrDefault(sources.get(at), 0) >= ranking) {
            at++;
        }
        sources.add(at, source);
    }

    /**
     * @param source a source that went away
     */
    public synchronized void removeSource(ModelSource source) {
        sources.remove(source);
        rankings.remove(source);
    }

    /**
     * @param provider an encoder provider
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addProvider(LanguageModelProvider provider) {
        providers.add(provider);
    }

    /**
     * @param provider a provider that went away
     */
    public void removeProvider(LanguageModelProvider provider) {
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

    @Override
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
            if (options.sparkMaster() != null) {
                throw new IllegalArgumentException("--engine spark embeds into the embedding cache, which this request "
                        + "bypasses; embed it locally");
            }
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
            if (options.sparkMaster() != null) {
                return onSpark(key, artifact, request, datasetHash, options.sparkMaster(), progress, cancel);
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

    /**
     * On Spark, one driver (one application) embeds every entry of {@code requests} the cache does not hold yet; the
     * entries are then read by {@link #embed} as cache hits. Each entry's key is locked while the driver runs, as
     * {@link #embed} does for one, so a concurrent caller waits for the entry instead of embedding it again.
     */
    @Override
    public Set<String> embedAll(Map<String, EmbeddingRequest> requests, String datasetHash, ModelOptions options,
            ProgressListener progress, CancellationToken cancel) throws IOException {
        if (options.sparkMaster() == null || datasetHash == null || requests.isEmpty()) {
            return Set.of();
        }
        Map<String, String> keys = new LinkedHashMap<>(); // reference -> key
        Map<String, SparkEmbeddingJob> missing = new TreeMap<>(); // by key: lock order, and one job per entry
        List<String> order = new ArrayList<>();
        for (Map.Entry<String, EmbeddingRequest> r : requests.entrySet()) {
            ModelArtifact artifact = resolve(r.getKey(), progress);
            String key = cacheKey(artifact.contentHash(), datasetHash, r.getValue());
            keys.put(r.getKey(), key);
            if (!missing.containsKey(key) && cached(key, r.getKey(), r.getValue(), ProgressListener.NONE).isEmpty()) {
                missing.put(key, SparkEmbeddingJob.of(options.sparkMaster(), artifact, r.getValue(), datasetHash, key,
                        cache.location(), SparkDriverProcess.workFolder()));
                order.add(key);
            }
        }
        Map<String, ReentrantLock> held = new LinkedHashMap<>();
        try {
            for (String key : missing.keySet()) {
                ReentrantLock lock = computing.computeIfAbsent(key, k -> new ReentrantLock());
                while (!lock.tryLock(100, TimeUnit.MILLISECONDS)) {
                    cancel.throwIfCancelled();
                }
                held.put(key, lock);
            }
            List<SparkEmbeddingJob> jobs = new ArrayList<>();
            for (String key : order) {
                SparkEmbeddingJob job = missing.get(key);
                if (cached(key, job.model(), job.request(job.inputs()), ProgressListener.NONE).isEmpty()) {
                    jobs.add(job);
                }
            }
            if (!jobs.isEmpty()) {
                SparkDriverProcess.run(jobs, progress, cancel);
            }
            Set<String> embedded = jobs.stream().map(SparkEmbeddingJob::cacheKey).collect(Collectors.toSet());
            Set<String> references = new LinkedHashSet<>();
            keys.forEach((reference, key) -> {
                if (embedded.contains(key)) {
                    references.add(reference);
                }
            });
            return references;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationToken.CancelledException("the operation was cancelled");
        } finally {
            held.forEach((key, lock) -> {
                lock.unlock();
                if (!lock.hasQueuedThreads()) {
                    computing.remove(key, lock);
                }
            });
        }
    }

    /**
     * Embeds on a Spark cluster: the driver (its own JVM) writes the cache entry under {@code key}, atomically, and
     * the entry is read back, so the rest of the command sees what a local run would have stored.
     */
    private LayerEmbeddings onSpark(String key, ModelArtifact artifact, EmbeddingRequest request, String datasetHash,
            String master, ProgressListener progress, CancellationToken cancel) throws IOException {
        SparkDriverProcess.run(List.of(SparkEmbeddingJob.of(master, artifact, request, datasetHash, key, cache.location(),
                SparkDriverProcess.workFolder())), progress, cancel);
        LayerEmbeddings e = cache.get(key).orElseThrow(() -> new IOException("the Spark driver for "
                + artifact.reference() + " reported success but wrote no cache entry " + key));
        return new LayerEmbeddings(e.layers(), e.layerMean(), e.wordsPerInput(), e.tokens(), e.truncatedInputs(), false,
                e.provenance());
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
