package lmwb.ranker;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lmwb.api.LmwbHome;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultPage;
import lmwb.api.results.ResultQuery;
import lmwb.api.results.ResultStore;
import lmwb.api.results.StoredResult;
import lmwb.common.json.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The interim result store: folders under {@code LMWB_HOME/results/<id>} holding {@code result.json} (with
 * {@code id}, {@code kind}, {@code created}, {@code user}, {@code summary}), the result's files, and
 * {@value #METADATA} (what queries filter on). A result is written into a hidden staging folder beside the others
 * and renamed into place on commit, so listings never see half a result; queries scan the folders.
 *
 * <p>The database-backed store of bundle {@code lmwb.results} replaces it.
 */
@Component(service = ResultStore.class)
public class FileResultStore implements ResultStore {
    static final String METADATA = ".metadata.json";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path root;

    /** The configuration property naming the store's folder (default {@code LMWB_HOME/results}). */
    public static final String ROOT = "root";

    /**
     * @param properties the component's properties: {@value #ROOT}, the folder, or none for {@code LMWB_HOME/results}
     */
    @Activate
    public FileResultStore(Map<String, Object> properties) {
        Object r = properties == null ? null : properties.get(ROOT);
        this.root = r == null ? LmwbHome.resolve("results") : Path.of(r.toString());
    }

    @Override
    public PendingResult begin(String kind) throws IOException {
        if (kind == null || !kind.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("result kind must be lower-case letters, digits and dashes, got '" + kind + "'");
        }
        Instant created = Instant.now();
        String id = ID_TIME.format(created) + "-" + kind + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        Files.createDirectories(root);
        return new Pending(id, kind, created, Files.createTempDirectory(root, ".tmp-" + id));
    }

    @Override
    public ResultPage query(ResultQuery q) throws IOException {
        List<StoredResult> matches = all().stream()
                .filter(r -> q.kind() == null || q.kind().equals(r.kind()))
                .filter(r -> q.dataset() == null || q.dataset().equals(r.dataset()))
                .filter(r -> q.model() == null || r.models().contains(q.model()))
                .filter(r -> q.estimator() == null || r.estimators().contains(q.estimator()))
                .filter(r -> q.user() == null || q.user().equals(r.user()))
                .filter(r -> q.from() == null || !r.created().isBefore(q.from()))
                .filter(r -> q.to() == null || r.created().isBefore(q.to()))
                .collect(Collectors.toList());
        int start = 0;
        if (q.cursor() != null) {
            try {
                start = Integer.parseInt(q.cursor());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cursor '" + q.cursor() + "' is not one this store gave out");
            }
        }
        int end = Math.min(matches.size(), start + q.pageSize());
        List<StoredResult> page = start >= matches.size() ? List.of() : matches.subList(start, end);
        return new ResultPage(page, end < matches.size() ? Integer.toString(end) : null);
    }

    @Override
    public Optional<StoredResult> find(String id) throws IOException {
        List<StoredResult> matches = all().stream().filter(r -> r.id().startsWith(id)).collect(Collectors.toList());
        Optional<StoredResult> exact = matches.stream().filter(r -> r.id().equals(id)).findFirst();
        if (exact.isPresent() || matches.size() <= 1) {
            return exact.isPresent() ? exact : matches.stream().findFirst();
        }
        throw new IllegalArgumentException("result id prefix '" + id + "' is ambiguous: "
                + matches.stream().map(StoredResult::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String document(String id) throws IOException {
        return Files.readString(existing(id).directory().resolve(DOCUMENT), StandardCharsets.UTF_8);
    }

    @Override
    public Path file(String id, String name) throws IOException {
        Path dir = existing(id).directory();
        Path f = inside(dir, name);
        if (!Files.exists(f)) {
            throw new NoSuchFileException(f.toString(), null, "result " + id + " has no file " + name);
        }
        return f;
    }

    // ---- reading ----

    private StoredResult existing(String id) throws IOException {
        return find(id).orElseThrow(() -> new IllegalArgumentException(
                "no stored result '" + id + "'; run 'lmwb results' to list them"));
    }

    private List<StoredResult> all() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<StoredResult> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(d -> !d.getFileName().toString().startsWith(".")).collect(Collectors.toList())) {
                read(dir).ifPresent(out::add);
            }
        }
        out.sort(Comparator.comparing(StoredResult::created).reversed().thenComparing(StoredResult::id));
        return out;
    }

    /** Reads a folder: its metadata file, or for results stored before it existed, the document's own fields. */
    private static Optional<StoredResult> read(Path dir) {
        Path doc = dir.resolve(DOCUMENT);
        if (!Files.isRegularFile(doc)) {
            return Optional.empty();
        }
        String id = dir.getFileName().toString();
        try {
            Path meta = dir.resolve(METADATA);
            JsonObject o = JsonParser.parseString(Files.readString(Files.isRegularFile(meta) ? meta : doc,
                    StandardCharsets.UTF_8)).getAsJsonObject();
            return Optional.of(new StoredResult(id, string(o, "kind"), Instant.parse(string(o, "created")),
                    o.has("user") ? string(o, "user") : "local", string(o, "summary"),
                    o.has("dataset") && !o.get("dataset").isJsonPrimitive() ? datasetName(o) : stringOrNull(o, "dataset"),
                    list(o, "models"), list(o, "estimators"),
                    o.has("job_id") && !o.get("job_id").isJsonNull() ? o.get("job_id").getAsLong() : null, dir));
        } catch (IOException | RuntimeException e) {
            return Optional.of(new StoredResult(id, "unreadable", Instant.EPOCH, "local",
                    "cannot read " + doc + ": " + e.getMessage(), null, List.of(), List.of(), null, dir));
        }
    }

    /** An old ranking document keeps its dataset as an object with a {@code name}. */
    private static String datasetName(JsonObject o) {
        JsonElement name = o.getAsJsonObject("dataset").get("name");
        return name == null || name.isJsonNull() ? null : name.getAsString();
    }

    private static List<String> list(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || !e.isJsonArray() ? List.of() : Json.COMPACT.fromJson(e, new TypeToken<List<String>>() { }.getType());
    }

    private static String string(JsonObject o, String key) {
        String s = stringOrNull(o, key);
        return s == null ? "" : s;
    }

    private static String stringOrNull(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : null;
    }

    private static Path inside(Path dir, String name) {
        Path f = dir.resolve(name).normalize();
        if (name.isBlank() || !f.startsWith(dir) || f.equals(dir)) {
            throw new IllegalArgumentException("'" + name + "' is not a file name inside a result's folder");
        }
        return f;
    }

    /** A result being written into its staging folder. */
    private final class Pending implements PendingResult {
        private final String id;
        private final String kind;
        private final Instant created;
        private final Path staging;
        private boolean committed;

        Pending(String id, String kind, Instant created, Path staging) {
            this.id = id;
            this.kind = kind;
            this.created = created;
            this.staging = staging;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Path directory() {
            return staging;
        }

        @Override
        public Path file(String name) {
            if (name.equals(DOCUMENT) || name.equals(METADATA)) {
                throw new IllegalArgumentException(name + " is written by the store on commit");
            }
            return inside(staging, name);
        }

        @Override
        public StoredResult commit(ResultMetadata m, String document) throws IOException {
            if (committed) {
                throw new IllegalStateException("result " + id + " is already committed");
            }
            JsonElement parsed = JsonParser.parseString(document);
            if (!parsed.isJsonObject()) {
                throw new IllegalArgumentException("a result document must be a JSON object");
            }
            JsonObject doc = new JsonObject();
            doc.addProperty("id", id);
            doc.addProperty("kind", kind);
            doc.addProperty("created", created.toString());
            doc.addProperty("user", m.user());
            doc.addProperty("summary", m.summary());
            parsed.getAsJsonObject().entrySet().stream().filter(e -> !doc.has(e.getKey()))
                    .forEach(e -> doc.add(e.getKey(), e.getValue()));
            JsonObject meta = new JsonObject();
            meta.addProperty("kind", kind);
            meta.addProperty("created", created.toString());
            meta.addProperty("user", m.user());
            meta.addProperty("summary", m.summary());
            meta.addProperty("dataset", m.dataset());
            meta.add("models", Json.COMPACT.toJsonTree(m.models()));
            meta.add("estimators", Json.COMPACT.toJsonTree(m.estimators()));
            meta.addProperty("job_id", m.jobId());
            Files.writeString(staging.resolve(DOCUMENT), Json.PRETTY_WITH_NULLS.toJson(doc), StandardCharsets.UTF_8);
            Files.writeString(staging.resolve(METADATA), Json.PRETTY_WITH_NULLS.toJson(meta), StandardCharsets.UTF_8);
            Path target = root.resolve(id);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, target);
            }
            committed = true;
            return new StoredResult(id, kind, created, m.user(), m.summary(), m.dataset(), m.models(), m.estimators(),
                    m.jobId(), target);
        }

        @Override
        public void close() {
            if (!committed) {
                try (Stream<Path> walk = Files.walk(staging)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    staging.toFile().deleteOnExit();
                }
            }
        }
    }
}
