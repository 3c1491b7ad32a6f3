package lmwb.encoders;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lmwb.api.FloatMatrix;
import lmwb.api.LmwbHome;
import lmwb.api.Provenance;
import lmwb.api.encoder.EmbeddingCache;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.io.Npy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The embedding cache under {@code $LMWB_HOME/cache/embeddings/}: one folder per key holding
 * {@code layer-<n>.npy} per layer, {@code mean.npy} for the layer mean, and {@code manifest.json} (model,
 * hashes, pooling, word counts, provenance). An entry is written into a temporary folder and renamed into
 * place, so readers never see half an entry.
 */
@Component(service = EmbeddingCache.class)
public class DiskEmbeddingCache implements EmbeddingCache {
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{16,128}");
    private static final String MANIFEST = "manifest.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final Path root;

    /** Uses {@code $LMWB_HOME/cache/embeddings}. */
    @Activate
    public DiskEmbeddingCache() {
        this(LmwbHome.resolve("cache", "embeddings"));
    }

    DiskEmbeddingCache(Path root) {
        this.root = root;
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

    @Override
    public Optional<LayerEmbeddings> get(String key) throws IOException {
        Path dir = dir(key);
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        JsonObject m;
        try {
            m = JsonParser.parseString(Files.readString(manifest, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException("cache entry " + dir + " has a corrupt manifest; run lmwb:cache --clear", e);
        }
        TreeMap<Integer, FloatMatrix> layers = new TreeMap<>();
        for (var l : m.getAsJsonArray("layers")) {
            layers.put(l.getAsInt(), Npy.readMatrix(dir.resolve("layer-" + l.getAsInt() + ".npy")));
        }
        FloatMatrix mean = m.get("layerMean").getAsBoolean() ? Npy.readMatrix(dir.resolve("mean.npy")) : null;
        JsonArray w = m.getAsJsonArray("wordsPerInput");
        int[] words = new int[w.size()];
        for (int i = 0; i < words.length; i++) {
            words[i] = w.get(i).getAsInt();
        }
        Provenance p = provenance(m.getAsJsonObject("provenance"));
        return Optional.of(new LayerEmbeddings(layers, mean, words, m.get("tokens").getAsLong(),
                m.get("truncatedInputs").getAsInt(), true, p));
    }

    @Override
    public void put(String key, String model, String datasetHash, LayerEmbeddings e) throws IOException {
        Path dir = dir(key);
        Files.createDirectories(root);
        Path tmp = Files.createTempDirectory(root, "." + key + ".tmp-");
        try {
            BuiltinModelSource.readableByAll(tmp);
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
                BuiltinModelSource.deleteTree(dir);
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
                BuiltinModelSource.deleteTree(tmp);
            }
        }
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
                JsonObject m = JsonParser.parseString(Files.readString(manifest, StandardCharsets.UTF_8))
                        .getAsJsonObject();
                List<String> layers = new ArrayList<>();
                m.getAsJsonArray("layers").forEach(l -> layers.add(l.getAsString()));
                if (m.get("layerMean").getAsBoolean()) {
                    layers.add("mean");
                }
                out.add(new Entry(m.get("key").getAsString(), m.get("model").getAsString(),
                        m.get("modelHash").getAsString(), m.get("datasetHash").getAsString(), String.join(",", layers),
                        m.get("pooling").getAsString(), m.get("rows").getAsInt(), m.get("cols").getAsInt(), size(d),
                        Instant.parse(m.get("created").getAsString())));
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
                BuiltinModelSource.deleteTree(d);
            }
        }
        return freed;
    }
}
