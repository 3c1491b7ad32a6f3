package lmwb.encoders.service;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lmwb.api.FloatMatrix;
import lmwb.api.LmwbHome;
import lmwb.api.Provenance;
import lmwb.api.encoder.EmbeddingCache;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.io.Npy;
import lmwb.common.json.Json;
import lmwb.common.maven.AtomicFolder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The embedding cache under {@code $LMWB_HOME/cache/embeddings/}: one folder per key holding
 * {@code layer-<n>.npy} per layer, {@code mean.npy} for the layer mean, and {@code manifest.json} (model,
 * hashes, pooling, word counts, provenance). An entry is written into a temporary folder and renamed into
 * place, so readers never see half an entry.
 * <p>
 * A temporary folder is named {@code .<key>.tmp-<pid>@<host>-<random>} after the process writing it. A
 * process killed while writing leaves its folder behind; the first use of the cache in a later process
 * removes such leftovers: on the same host those whose process is gone, and any older than
 * {@link #STALE_AGE} (a writer in another container or host, a reused PID, or an older lmwb's unmarked
 * folder). A live writer's folder is never touched.
 * <p>
 * An entry that exists but cannot be read (a truncated or hand-edited {@code .npy}, a corrupt manifest, a
 * missing layer file, non-finite values) is deleted by {@link #get} and reported with a
 * {@link CorruptEntryException}, so the caller recomputes it instead of failing until the whole cache is
 * cleared.
 */
@Component(service = EmbeddingCache.class, configurationPid = DiskEmbeddingCache.PID)
@Designate(ocd = DiskEmbeddingCache.Config.class)
public class DiskEmbeddingCache implements EmbeddingCache {
    /** The configuration PID. */
    public static final String PID = "lmwb.encoders.cache";

    /** Configuration of the embedding cache. */
    @ObjectClassDefinition(id = PID, name = "lmwb embedding cache", description = "Where embeddings are cached on disk")
    public @interface Config {
        /** @return the cache folder, empty for the default */
        @AttributeDefinition(name = "Cache folder",
                description = "Folder of the cache entries; empty for $LMWB_HOME/cache/embeddings")
        String folder() default "";
    }

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{16,128}");
    private static final String MANIFEST = "manifest.json";
    private static final Gson GSON = Json.PRETTY;
    /** Temporary folders of entries being written: {@code .<key>.tmp-<anything>}. */
    private static final Pattern TEMPORARY = Pattern.compile("\\.[0-9a-f]{16,128}\\.tmp-.*");
    /** The writer of a temporary folder named by this version: {@code <pid>@<host>-<random digits>}. */
    private static final Pattern WRITER = Pattern.compile("\\.[0-9a-f]{16,128}\\.tmp-(\\d+)@([A-Za-z0-9._]+)-\\d+");
    /**
     * Temporary folders untouched for this long are leftovers whatever their name says: writing one entry
     * takes seconds (a few minutes for the largest datasets).
     */
    static final Duration STALE_AGE = Duration.ofHours(1);
    /** This host's name, reduced to the characters a temporary folder name may carry. */
    private static final String HOST = hostName();

    private final Path root;
    private final AtomicBoolean leftoversRemoved = new AtomicBoolean();

    /**
     * @param config the configuration: the folder, by default {@code $LMWB_HOME/cache/embeddings}
     */
    @Activate
    public DiskEmbeddingCache(Config config) {
        this.root = config.folder().isBlank() ? LmwbHome.resolve("cache", "embeddings") : Path.of(config.folder());
    }

    @Override
    public Path location() {
        return root;
    }

    private Path dir(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("cache key must be 16-128 lowercase hex digits, got '" + key + "'");
        }
        return root.resolve(key);
    }

    /**
     * An entry that exists but cannot be read; {@link #get} has already deleted it, so computing the
     * embeddings again and storing them repairs the cache.
     */
    static final class CorruptEntryException extends IOException {
        private static final long serialVersionUID = 1L;
        private final String key;

        CorruptEntryException(String key, String message, Throwable cause) {
            super(message, cause);
            this.key = key;
        }

        /** @return the key of the deleted entry */
        String key() {
            return key;
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws CorruptEntryException when the entry exists but is corrupt (truncated or malformed files, a
     *         missing layer, non-finite values); the entry has been deleted
     */
    @Override
    public Optional<LayerEmbeddings> get(String key) throws IOException {
        Path dir = dir(key);
        removeLeftoversOnce();
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(dir, manifest));
        } catch (NoSuchFileException e) {
            return corrupt(key, dir, e.getFile() + " is missing", e);
        } catch (FileSystemException e) {
            throw e; // permissions, I/O errors: the entry may be fine, the caller must see why it cannot be read
        } catch (IOException | RuntimeException e) { // Npy: truncated or malformed; Gson / manifest: bad JSON or fields
            return corrupt(key, dir, e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    private static LayerEmbeddings read(Path dir, Path manifest) throws IOException {
        JsonObject m = JsonParser.parseString(Files.readString(manifest, StandardCharsets.UTF_8)).getAsJsonObject();
        int rows = m.get("rows").getAsInt();
        int cols = m.get("cols").getAsInt();
        TreeMap<Integer, FloatMatrix> layers = new TreeMap<>();
        for (var l : m.getAsJsonArray("layers")) {
            Path file = dir.resolve("layer-" + l.getAsInt() + ".npy");
            layers.put(l.getAsInt(), checked(file, Npy.readMatrix(file), rows, cols));
        }
        FloatMatrix mean = null;
        if (m.get("layerMean").getAsBoolean()) {
            Path file = dir.resolve("mean.npy");
            mean = checked(file, Npy.readMatrix(file), rows, cols);
        }
        JsonArray w = m.getAsJsonArray("wordsPerInput");
        int[] words = new int[w.size()];
        for (int i = 0; i < words.length; i++) {
            words[i] = w.get(i).getAsInt();
        }
        Provenance p = provenance(m.getAsJsonObject("provenance"));
        return new LayerEmbeddings(layers, mean, words, m.get("tokens").getAsLong(), m.get("truncatedInputs").getAsInt(),
                true, p);
    }

    /** A stored matrix must have the manifest's shape and finite values (older versions cached NaN vectors). */
    private static FloatMatrix checked(Path file, FloatMatrix matrix, int rows, int cols) throws IOException {
        if (matrix.rows() != rows || matrix.cols() != cols) {
            throw new IOException(file.getFileName() + " has shape " + matrix.rows() + " x " + matrix.cols()
                    + " but the manifest says " + rows + " x " + cols);
        }
        long bad = matrix.firstNonFinite();
        if (bad >= 0) {
            throw new IOException(file.getFileName() + " holds a non-finite value at row " + bad / cols);
        }
        return matrix;
    }

    private static Optional<LayerEmbeddings> corrupt(String key, Path dir, String reason, Throwable cause)
            throws CorruptEntryException {
        try {
            AtomicFolder.deleteTree(dir);
        } catch (IOException e) {
            cause.addSuppressed(e);
            throw new CorruptEntryException(key, "cache entry " + dir + " is corrupt (" + reason
                    + ") and could not be deleted (" + e.getMessage() + "); delete that folder or run 'cache --clear'",
                    cause);
        }
        throw new CorruptEntryException(key, "cache entry " + key.substring(0, 12) + " was corrupt (" + reason
                + "); deleted it", cause);
    }

    @Override
    public void put(String key, String model, String datasetHash, LayerEmbeddings e) throws IOException {
        Path dir = dir(key);
        Files.createDirectories(root);
        removeLeftoversOnce();
        Path tmp = Files.createTempDirectory(root, "." + key + ".tmp-" + ProcessHandle.current().pid() + "@" + HOST + "-");
        try {
            readableByAll(tmp);
            int rows = 0;
            int cols = 0;
            for (var entry : e.layers().entrySet()) {
                Npy.writeMatrix(tmp.resolve("layer-" + entry.getKey() + ".npy"), entry.getValue());
                rows = entry.getValue().rows();
                cols = entry.getValue().cols();
            }
            if (e.layerMean() != null) {
                Npy.writeMatrix(tmp.resolve("mean.npy"), e.layerMean());
                rows = e.layerMean().rows();
                cols = e.layerMean().cols();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", key);
            m.put("model", model);
            m.put("modelHash", e.provenance().inputs().getOrDefault("model", ""));
            m.put("datasetHash", datasetHash);
            m.put("layers", List.copyOf(e.layers().keySet()));
            m.put("layerMean", e.layerMean() != null);
            m.put("pooling", pooling(e.provenance()));
            m.put("rows", rows);
            m.put("cols", cols);
            m.put("wordsPerInput", e.wordsPerInput());
            m.put("tokens", e.tokens());
            m.put("truncatedInputs", e.truncatedInputs());
            m.put("created", Instant.now().toString());
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("component", e.provenance().component());
            p.put("configuration", e.provenance().configuration());
            p.put("inputs", e.provenance().inputs());
            p.put("versions", e.provenance().versions());
            p.put("created", e.provenance().created().toString());
            m.put("provenance", p);
            Files.writeString(tmp.resolve(MANIFEST), GSON.toJson(m), StandardCharsets.UTF_8);
            if (Files.exists(dir)) {
                AtomicFolder.deleteTree(dir);
            }
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException ex) {
                // A concurrent writer stored the same key first; its entry is equivalent.
                if (!Files.isRegularFile(dir.resolve(MANIFEST))) {
                    throw ex;
                }
            }
        } finally {
            if (Files.exists(tmp)) {
                AtomicFolder.deleteTree(tmp);
            }
        }
    }

    /** Temporary folders are private; an entry renamed into place should be readable by all. */
    private static void readableByAll(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private void removeLeftoversOnce() {
        if (leftoversRemoved.compareAndSet(false, true)) {
            removeLeftovers(Instant.now());
        }
    }

    /**
     * Deletes the temporary folders that no running writer owns: those of processes on this host that are
     * gone, and every one not modified for {@link #STALE_AGE}. Folders that vanish or cannot be deleted
     * meanwhile are skipped (another process may be cleaning up too).
     *
     * @param now the current time
     * @return the folders deleted
     */
    List<Path> removeLeftovers(Instant now) {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return removed;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(p -> TEMPORARY.matcher(p.getFileName().toString()).matches()).toList()) {
                try {
                    if (isLeftover(d.getFileName().toString(), Files.getLastModifiedTime(d).toInstant(), now)) {
                        AtomicFolder.deleteTree(d);
                        removed.add(d);
                    }
                } catch (IOException e) {
                    // vanished (its writer renamed it into place) or not ours to delete: leave it
                }
            }
        } catch (IOException e) {
            // the cache folder cannot be listed: get and put report that themselves
        }
        return removed;
    }

    static boolean isLeftover(String name, Instant modified, Instant now) {
        if (modified.plus(STALE_AGE).isBefore(now)) {
            return true;
        }
        Matcher w = WRITER.matcher(name);
        if (!w.matches() || !w.group(2).equals(HOST)) {
            return false; // young, and its writer cannot be checked from here
        }
        long pid = Long.parseLong(w.group(1));
        return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    private static String hostName() {
        String name = null;
        try {
            name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).trim();
        } catch (IOException | RuntimeException e) {
            name = System.getenv("HOSTNAME");
        }
        if (name == null || name.isBlank()) {
            return "localhost";
        }
        return name.replaceAll("[^A-Za-z0-9.]", "_");
    }

    private static String pooling(Provenance p) {
        return p.configuration().getOrDefault("subwordPooling", "?").toLowerCase() + "/"
                + p.configuration().getOrDefault("sentencePooling", "?").toLowerCase();
    }

    private static Provenance provenance(JsonObject o) {
        Map<String, String> config = new LinkedHashMap<>();
        o.getAsJsonObject("configuration").entrySet().forEach(e -> config.put(e.getKey(), e.getValue().getAsString()));
        Map<String, String> inputs = new LinkedHashMap<>();
        o.getAsJsonObject("inputs").entrySet().forEach(e -> inputs.put(e.getKey(), e.getValue().getAsString()));
        Map<String, String> versions = new LinkedHashMap<>();
        o.getAsJsonObject("versions").entrySet().forEach(e -> versions.put(e.getKey(), e.getValue().getAsString()));
        return new Provenance(o.get("component").getAsString(), config, inputs, null, versions,
                Instant.parse(o.get("created").getAsString()));
    }

    @Override
    public List<Entry> entries() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(p -> KEY.matcher(p.getFileName().toString()).matches()).toList()) {
                Path manifest = d.resolve(MANIFEST);
                if (!Files.isRegularFile(manifest)) {
                    continue;
                }
                Entry e;
                try {
                    JsonObject m = JsonParser.parseString(Files.readString(manifest, StandardCharsets.UTF_8))
                            .getAsJsonObject();
                    List<String> layers = new ArrayList<>();
                    m.getAsJsonArray("layers").forEach(l -> layers.add(l.getAsString()));
                    if (m.get("layerMean").getAsBoolean()) {
                        layers.add("mean");
                    }
                    e = new Entry(m.get("key").getAsString(), m.get("model").getAsString(),
                            m.get("modelHash").getAsString(), m.get("datasetHash").getAsString(),
                            String.join(",", layers), m.get("pooling").getAsString(), m.get("rows").getAsInt(),
                            m.get("cols").getAsInt(), size(d), Instant.parse(m.get("created").getAsString()));
                } catch (RuntimeException bad) {
                    continue; // a corrupt manifest: the entry is not usable, get() deletes it on its next use
                }
                out.add(e);
            }
        }
        out.sort(Comparator.comparing(Entry::created).reversed());
        return out;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            long total = 0;
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }

    @Override
    public long clear() throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        long freed = 0;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                freed += size(d);
                AtomicFolder.deleteTree(d);
            }
        }
        return freed;
    }
}
