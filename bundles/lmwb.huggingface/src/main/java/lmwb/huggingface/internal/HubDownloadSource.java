package lmwb.huggingface.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
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
 * Model source {@value #NAME}: downloads {@code config.json}, {@code tokenizer.json} and
 * {@code model.safetensors} of a hub model id ({@code BAAI/bge-small-en-v1.5}, optionally
 * {@code @revision}) into the Hugging Face hub cache, in {@code huggingface_hub}'s layout, so Python tools
 * see the files too. Downloads resume from {@code blobs/<etag>.incomplete}, are verified against the hub's
 * etag (sha256 for LFS files, git blob sha1 for small files) and only then become
 * {@code blobs/<etag>} and the links in {@code snapshots/<commit>/}; {@code refs/<revision>} is written
 * last. Ranked last of the Hugging Face sources (service ranking 100, below {@code hf-cache} 200 and
 * {@code hf-dir} 300), so a model already on disk is never fetched.
 *
 * <p>Honours {@code HF_ENDPOINT}, {@code HF_HUB_OFFLINE}, {@code HF_TOKEN} and the cache variables as
 * {@link HubSettings} describes.
 */
@Component(service = ModelSource.class, configurationPid = HubDownloadSource.PID, property = {
        ModelSource.NAME + "=" + HubDownloadSource.NAME, "service.ranking:Integer=100"})
@Designate(ocd = HubDownloadSource.Config.class)
public final class HubDownloadSource implements ModelSource {
    /** The source's name. */
    static final String NAME = "hf-hub";
    /** The configuration PID. */
    static final String PID = "lmwb.huggingface.hub";

    /** Configuration of the hub download. */
    @ObjectClassDefinition(id = PID, name = "lmwb Hugging Face hub download",
            description = "Downloads Hugging Face models into the hub cache")
    @interface Config {
        /** @return the hub address */
        @AttributeDefinition(name = "Endpoint",
                description = "Hub address; empty: HF_ENDPOINT, else the public Hugging Face hub")
        String endpoint() default "";

        /** @return the cache folder */
        @AttributeDefinition(name = "Cache folder",
                description = "Hub cache folder; empty: HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub")
        String cacheDir() default "";

        /** @return connection timeout */
        @AttributeDefinition(name = "Connect timeout (s)", description = "Seconds to wait for a connection, 1-600",
                min = "1", max = "600")
        int connectTimeoutSeconds() default 15;

        /** @return read timeout */
        @AttributeDefinition(name = "Read timeout (s)", description = "Seconds to wait for any read, 1-3600",
                min = "1", max = "3600")
        int readTimeoutSeconds() default 60;

        /** @return tries per file */
        @AttributeDefinition(name = "Attempts", description = "Tries per file before giving up (each resumes), 1-20",
                min = "1", max = "20")
        int attempts() default 3;

        /** @return whether the hub is never contacted */
        @AttributeDefinition(name = "Offline", description = "Never contact the hub, as HF_HUB_OFFLINE=1 does "
                + "(which also turns this on)")
        boolean offline() default false;

        /** @return the token file */
        @AttributeDefinition(name = "Token file", description = "File holding the access token for private or gated "
                + "models; empty: HF_TOKEN, else the file HF_TOKEN_PATH, else HF_HOME/token")
        String tokenFile() default "";
    }

    private final Environment env = Environment.system();
    private final Map<Path, Object> inProcessLocks = new ConcurrentHashMap<>();
    private final ContentHashes hashes = new ContentHashes();
    private final Config config;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    /**
     * Settings come from the configuration, else from the JVM's environment and system properties (read at
     * each download, so that a token or cache created later is used).
     *
     * @param config the configuration
     * @throws IllegalArgumentException when a value is out of range or a folder or address is malformed (the
     *     message names the key)
     */
    @Activate
    public HubDownloadSource(Config config) {
        if (config.connectTimeoutSeconds() < 1 || config.connectTimeoutSeconds() > 600) {
            throw new IllegalArgumentException(PID + ": connectTimeoutSeconds must be 1-600, got "
                    + config.connectTimeoutSeconds());
        }
        if (config.readTimeoutSeconds() < 1 || config.readTimeoutSeconds() > 3600) {
            throw new IllegalArgumentException(PID + ": readTimeoutSeconds must be 1-3600, got "
                    + config.readTimeoutSeconds());
        }
        if (config.attempts() < 1 || config.attempts() > 20) {
            throw new IllegalArgumentException(PID + ": attempts must be 1-20, got " + config.attempts());
        }
        HubSettings.from(env, config.cacheDir(), config.endpoint());
        this.config = config;
        this.connectTimeout = Duration.ofSeconds(config.connectTimeoutSeconds());
        this.readTimeout = Duration.ofSeconds(config.readTimeoutSeconds());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return nothing: the hub's models are not listed */
    @Override
    public List<ModelDescriptor> available() {
        return List.of();
    }

    @Override
    public Optional<ModelArtifact> resolve(String reference, ProgressListener progress) throws IOException {
        Optional<ModelId> parsed = ModelId.parse(reference);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        ModelId id = parsed.get();
        HubSettings settings = HubSettings.from(env, config.cacheDir(), config.endpoint());
        HubCache cache = new HubCache(settings.cacheDir());
        if (settings.offline() || config.offline()) {
            throw new HubUnreachableException(unavailable(id, settings, cache, (config.offline()
                    ? "offline is configured (" + PID + ")" : "HF_HUB_OFFLINE is set") + ", so the hub at "
                    + settings.endpoint() + " is not contacted"), null);
        }
        HubClient client = new HubClient(settings.endpoint(), HubSettings.token(env, config.tokenFile()),
                connectTimeout, readTimeout, config.attempts());
        String revision = id.revisionOrDefault();
        List<HubClient.FileMetadata> files = new ArrayList<>();
        try {
            HubClient.FileMetadata config = metadata(client, id, revision, ModelDirectory.CONFIG);
            files.add(config);
            // Later files are asked for at the commit the first one resolved to, so all come from one revision.
            files.add(metadata(client, id, config.commit(), ModelDirectory.TOKENIZER));
            files.add(weightsMetadata(client, id, config.commit()));
        } catch (HubUnreachableException e) {
            throw new HubUnreachableException(unavailable(id, settings, cache,
                    "the Hugging Face hub at " + settings.endpoint() + " is unreachable (" + e.getMessage() + ")"), e);
        }
        String commit = files.get(0).commit();
        cache.createTagged();
        for (HubClient.FileMetadata file : files) {
            fetchBlob(client, cache, id, file, progress);
            cache.link(id, commit, file.filename(), file.etag());
        }
        if (!revision.equals(commit)) {
            cache.writeRef(id, revision, commit);
        }
        Path snapshot = cache.repoDir(id).resolve("snapshots").resolve(commit);
        ModelDirectory.requireComplete(snapshot, "hub cache snapshot " + snapshot);
        String sha256 = ContentHashes.isSha256(files.get(2).etag()) ? files.get(2).etag()
                : hashes.weightsSha256(snapshot.resolve(ModelDirectory.WEIGHTS));
        return Optional.of(ModelDirectory.artifact(reference, NAME, snapshot, sha256));
    }

    private HubClient.FileMetadata metadata(HubClient client, ModelId id, String revision, String filename)
            throws IOException {
        try {
            return client.metadata(id.repoId(), revision, filename);
        } catch (HubHttpException e) {
            throw explain(e, client, id, filename);
        }
    }

    private HubClient.FileMetadata weightsMetadata(HubClient client, ModelId id, String commit) throws IOException {
        try {
            return client.metadata(id.repoId(), commit, ModelDirectory.WEIGHTS);
        } catch (HubHttpException e) {
            if (!e.entryNotFound() || e.repoNotFound()) {
                throw explain(e, client, id, ModelDirectory.WEIGHTS);
            }
            String where = "model '" + id + "' on the hub at " + client.endpoint();
            if (exists(client, id, commit, ModelDirectory.SHARD_INDEX)) {
                throw new IOException(where + " has a sharded checkpoint (" + ModelDirectory.SHARD_INDEX
                        + ") and no single " + ModelDirectory.WEIGHTS + "; sharded checkpoints are not supported yet. "
                        + "Merge the shards into one model.safetensors (Python: AutoModel.from_pretrained(ID)"
                        + ".save_pretrained(OUT, max_shard_size=\"100GB\")) and pass that directory", e);
            }
            if (exists(client, id, commit, ModelDirectory.PYTORCH_WEIGHTS)) {
                throw new IOException(where + " has only " + ModelDirectory.PYTORCH_WEIGHTS + " and no "
                        + ModelDirectory.WEIGHTS + "; lmwb reads safetensors only. Convert it (Python: "
                        + "AutoModel.from_pretrained(ID).save_pretrained(OUT, safe_serialization=True)) and pass that "
                        + "directory", e);
            }
            throw explain(e, client, id, ModelDirectory.WEIGHTS);
        }
    }

    private static boolean exists(HubClient client, ModelId id, String commit, String filename) throws IOException {
        try {
            client.metadata(id.repoId(), commit, filename);
            return true;
        } catch (HubHttpException e) {
            if (e.entryNotFound()) {
                return false;
            }
            throw e;
        }
    }

    private static IOException explain(HubHttpException e, HubClient client, ModelId id, String filename) {
        String where = " on the Hugging Face hub at " + client.endpoint();
        String message;
        if (e.repoNotFound()) {
            message = "model '" + id.repoId() + "' was not found" + where + " (" + e.getMessage()
                    + "); check the id (e.g. BAAI/bge-small-en-v1.5), or set HF_TOKEN if it is private; "
                    + "run `lmwb models` to see built-in and cached models";
        } else if (e.revisionNotFound()) {
            message = "model '" + id.repoId() + "' has no revision '" + id.revisionOrDefault() + "'" + where
                    + "; use a branch, tag or full commit hash that exists";
        } else if (e.gated()) {
            message = "model '" + id.repoId() + "' is gated" + where + " (" + e.getMessage()
                    + "); accept its conditions on the hub's website and set HF_TOKEN";
        } else if (e.entryNotFound()) {
            message = "model '" + id + "'" + where + " has no " + filename + " (lmwb needs "
                    + String.join(", ", ModelDirectory.REQUIRED) + ")"
                    + (filename.equals(ModelDirectory.TOKENIZER) ? "; create one in Python with "
                            + "AutoTokenizer.from_pretrained(ID).save_pretrained(DIR) and pass DIR with the model files"
                            : "");
        } else {
            message = "the Hugging Face hub at " + client.endpoint() + " failed for model '" + id + "', file "
                    + filename + ": " + e.getMessage();
        }
        return new IOException(message, e);
    }

    private void fetchBlob(HubClient client, HubCache cache, ModelId id, HubClient.FileMetadata file,
            ProgressListener progress) throws IOException {
        Path blob = cache.blob(id, file.etag());
        if (isPresent(blob, file)) {
            return;
        }
        Path lockFile = cache.lock(id, file.etag());
        Files.createDirectories(lockFile.getParent());
        Files.createDirectories(blob.getParent());
        synchronized (inProcessLocks.computeIfAbsent(lockFile, k -> new Object())) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                if (isPresent(blob, file)) {
                    return;
                }
                Path partial = cache.incomplete(id, file.etag());
                client.download(file, partial, progress, "download " + id.repoId() + " " + file.filename());
                verify(file, partial, id);
                HubCache.moveAtomically(partial, blob);
            }
        }
    }

    private static boolean isPresent(Path blob, HubClient.FileMetadata file) throws IOException {
        return Files.isRegularFile(blob) && (file.size() < 0 || Files.size(blob) == file.size());
    }

    private static void verify(HubClient.FileMetadata file, Path partial, ModelId id) throws IOException {
        String etag = file.etag();
        String actual;
        String kind;
        if (ContentHashes.isSha256(etag)) {
            kind = "sha256";
            actual = ContentHashes.sha256(partial);
        } else if (ContentHashes.isGitSha1(etag)) {
            kind = "git blob sha1";
            actual = ContentHashes.gitBlobSha1(partial);
        } else {
            return;
        }
        if (!actual.equals(etag)) {
            Files.delete(partial);
            throw new ChecksumMismatchException("downloaded " + file.filename() + " of model '" + id + "' is corrupt: "
                    + kind + " " + actual + " but the hub announced " + etag + "; the corrupt file was discarded and "
                    + "nothing unverified entered the cache. Run again; if it persists, check proxies between you and "
                    + file.location().getHost());
        }
    }

    private String unavailable(ModelId id, HubSettings settings, HubCache cache, String why) {
        boolean offline = config.offline();
        StringBuilder message = new StringBuilder("cannot get model '").append(id).append("': ").append(why)
                .append(", and the Hugging Face hub cache at ").append(cache.root()).append(" does not hold it");
        try {
            Optional<Path> snapshot = cache.snapshot(id);
            if (snapshot.isPresent() && !ModelDirectory.complete(snapshot.get())) {
                message.append(" completely (its snapshot ").append(snapshot.get()).append(" lacks ")
                        .append(String.join(", ", ModelDirectory.missing(snapshot.get()))).append(')');
            }
        } catch (IOException e) {
            message.append(" (its entry cannot be read: ").append(e.getMessage()).append(')');
        }
        message.append(". Use instead: a built-in or cached model (run `lmwb models` to see built-in and cached models");
        try {
            List<HubCache.CachedModel> cached = cache.models();
            message.append(cached.isEmpty() ? "; the hub cache holds no complete model"
                    : "; cached here: " + cached.stream().map(m -> m.id().toString()).collect(Collectors.joining(", ")));
        } catch (IOException e) {
            message.append("; the hub cache cannot be listed: ").append(e.getMessage());
        }
        message.append("), or the path of a directory holding ").append(String.join(", ", ModelDirectory.REQUIRED))
                .append(", or copy the folder ").append(id.folderName()).append(" from a machine with network into ")
                .append(cache.root());
        if (!settings.offline() && !offline) {
            message.append(". Set HF_ENDPOINT to use a mirror");
        }
        return message.toString();
    }
}
