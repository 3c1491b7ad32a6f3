package lmwb.huggingface.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.ModelDescriptor;
import lmwb.api.encoder.ModelSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Model source {@value #NAME}: models already in the Hugging Face hub cache, e.g. downloaded by Python's
 * {@code transformers}. A reference is a model id ({@code bert-base-uncased}, {@code BAAI/bge-small-en-v1.5})
 * with an optional {@code @revision} (branch, tag or commit; default {@code main}). Works without network.
 * A model whose snapshot lacks a file is left to {@code hf-hub}, which can complete it. Service ranking
 * 200: after {@code hf-dir} (300), before {@code hf-hub} (100).
 */
@Component(service = ModelSource.class, configurationPid = HubCacheSource.PID, property = {
        ModelSource.NAME + "=" + HubCacheSource.NAME, "service.ranking:Integer=200"})
@Designate(ocd = HubCacheSource.Config.class)
public final class HubCacheSource implements ModelSource {
    /** The source's name. */
    static final String NAME = "hf-cache";
    /** The configuration PID. */
    static final String PID = "lmwb.huggingface.cache";

    /** Configuration of the hub cache source. */
    @ObjectClassDefinition(id = PID, name = "lmwb Hugging Face hub cache",
            description = "Reads models from the Hugging Face hub cache")
    @interface Config {
        /** @return the cache folder */
        @AttributeDefinition(name = "Cache folder",
                description = "Hub cache folder; empty: HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub")
        String cacheDir() default "";
    }

    private final Environment env = Environment.system();
    private final ContentHashes hashes = new ContentHashes();
    private final String cacheDir;

    /**
     * Reads the cache location from the configuration, else from the JVM's environment and system properties
     * (each time, so that a cache created later is found).
     *
     * @param config the configuration
     * @throws IllegalArgumentException when the configured folder is not a valid path (the message names it)
     */
    @Activate
    public HubCacheSource(Config config) {
        this.cacheDir = config.cacheDir();
        HubSettings.from(env, cacheDir, "");
    }

    private HubCache cache() {
        return new HubCache(HubSettings.from(env, cacheDir, "").cacheDir());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return every cached model with config.json, tokenizer.json and model.safetensors */
    @Override
    public List<ModelDescriptor> available() {
        HubCache cache = cache();
        List<HubCache.CachedModel> models;
        try {
            models = cache.models();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list the Hugging Face hub cache " + cache.root() + ": "
                    + e.getMessage(), e);
        }
        List<ModelDescriptor> descriptors = new ArrayList<>();
        for (HubCache.CachedModel model : models) {
            String snapshot = model.snapshot().getFileName().toString().substring(0, 7);
            try {
                ModelSummary summary = ModelSummary.read(model.snapshot());
                descriptors.add(new ModelDescriptor(model.id().toString(), NAME, summary.modelType()
                        + " from the Hugging Face hub cache (snapshot " + snapshot + ")", summary.layers(),
                        summary.hiddenSize(), summary.parameters(), true));
            } catch (IOException e) {
                descriptors.add(new ModelDescriptor(model.id().toString(), NAME,
                        "unreadable Hugging Face hub cache entry: " + e.getMessage(), -1, -1, -1, true));
            }
        }
        return descriptors;
    }

    @Override
    public Optional<ModelArtifact> resolve(String reference, ProgressListener progress) throws IOException {
        Optional<ModelId> id = ModelId.parse(reference);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> snapshot = cache().snapshot(id.get());
        if (snapshot.isEmpty() || !ModelDirectory.complete(snapshot.get())) {
            return Optional.empty();
        }
        Path dir = snapshot.get();
        return Optional.of(ModelDirectory.artifact(reference, NAME, dir,
                hashes.weightsSha256(dir.resolve(ModelDirectory.WEIGHTS))));
    }
}
