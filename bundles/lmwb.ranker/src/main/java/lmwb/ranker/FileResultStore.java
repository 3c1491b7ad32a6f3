package lmwb.ranker;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
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
import lmwb.api.rank.ResultStore;
import lmwb.api.rank.StoredResult;
import org.osgi.service.component.annotations.Component;

/**
 * Results as folders under {@code LMWB_HOME/results/<id>}: {@code result.json} (with {@code id}, {@code kind},
 * {@code created}, {@code summary}) plus plots. A folder is written under a hidden temporary name and renamed
 * into place, so listings never see half a result.
 */
@Component(service = ResultStore.class)
public class FileResultStore implements ResultStore {
    static final String RESULT_FILE = "result.json";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path root;

    /** A store under {@code LMWB_HOME/results}. */
    public FileResultStore() {
        this(LmwbHome.resolve("results"));
    }

    FileResultStore(Path root) {
        this.root = root;
    }

    @Override
    public List<StoredResult> list() throws IOException {
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

    private Optional<StoredResult> read(Path dir) {
        Path file = dir.resolve(RESULT_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            return Optional.of(new StoredResult(dir.getFileName().toString(), string(o, "kind"),
                    Instant.parse(string(o, "created")), string(o, "summary"), dir));
        } catch (IOException | RuntimeException e) {
            return Optional.of(new StoredResult(dir.getFileName().toString(), "unreadable", Instant.EPOCH,
                    "cannot read " + file + ": " + e.getMessage(), dir));
        }
    }

    private static String string(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : "";
    }

    @Override
    public Optional<StoredResult> find(String id) throws IOException {
        List<StoredResult> matches = list().stream().filter(r -> r.id().startsWith(id)).collect(Collectors.toList());
        Optional<StoredResult> exact = matches.stream().filter(r -> r.id().equals(id)).findFirst();
        if (exact.isPresent() || matches.size() <= 1) {
            return exact.isPresent() ? exact : matches.stream().findFirst();
        }
        throw new IllegalArgumentException("result id prefix '" + id + "' is ambiguous: "
                + matches.stream().map(StoredResult::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String json(String id) throws IOException {
        StoredResult r = find(id).orElseThrow(() -> new IllegalArgumentException(
                "no stored result '" + id + "'; run 'lmwb results' to list them"));
        return Files.readString(r.directory().resolve(RESULT_FILE), StandardCharsets.UTF_8);
    }

    @Override
    public StoredResult save(String kind, String summary, String json, Map<String, byte[]> files) throws IOException {
        Instant created = Instant.now();
        String id = ID_TIME.format(created) + "-" + kind + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        JsonObject doc = new JsonObject();
        doc.addProperty("id", id);
        doc.addProperty("kind", kind);
        doc.addProperty("created", created.toString());
        doc.addProperty("summary", summary);
        o.entrySet().stream().filter(e -> !doc.has(e.getKey())).forEach(e -> doc.add(e.getKey(), e.getValue()));
        Files.createDirectories(root);
        Path tmp = Files.createTempDirectory(root, ".tmp-" + id);
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(tmp.resolve(f.getKey()), f.getValue());
            }
            Files.writeString(tmp.resolve(RESULT_FILE), RankingJson.pretty(doc), StandardCharsets.UTF_8);
            Path target = root.resolve(id);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            return new StoredResult(id, kind, created, summary, target);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }
}
