package lmwb.results;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import lmwb.api.LmwbHome;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultPage;
import lmwb.api.results.ResultQuery;
import lmwb.api.results.ResultStore;
import lmwb.api.results.StoredResult;
import lmwb.common.json.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@link ResultStore} on the runtime's database: one row per result in {@code results} (metadata and the JSON
 * document), its models and estimators in {@code result_models} and {@code result_estimators}, and its files in
 * {@code LMWB_HOME/results/<id>/} (the document is also written there as {@value ResultStore#DOCUMENT}, so a
 * result folder stays readable without the database, as the file-only store of earlier versions wrote it).
 *
 * <p>Commit order, and what a kill at each point leaves (see {@link ResultFolders}): files are written into
 * {@code .tmp-<id>/}, held by a lock; the folder is renamed to {@code <id>/}; the rows are inserted in one
 * transaction; the lock is released. A staging folder whose lock nobody holds is deleted on first use; a result
 * folder without a row whose lock nobody holds (a kill between rename and insert, or a result of an earlier
 * version) is imported from its {@value ResultStore#DOCUMENT}. The database is touched on first use, not at
 * activation, so commands that store nothing do not open it.
 */
@Component(service = ResultStore.class, configurationPid = JdbcResultStore.PID)
@Designate(ocd = JdbcResultStore.Config.class)
public class JdbcResultStore implements ResultStore {
    /** The configuration PID. */
    public static final String PID = "lmwb.results";
    private static final System.Logger LOG = System.getLogger(JdbcResultStore.class.getName());
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** Ids this store makes and the file-only store made: {@code 20250101-120000-ranking-1a2b3c}. */
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    /** SQLSTATE of a unique/primary-key violation (SQL standard; H2 and PostgreSQL both use it). */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "id, kind, created, user_name, summary, dataset, job_id, files_dir";

    /** Configuration of the result store. */
    @ObjectClassDefinition(id = PID, name = "lmwb result store", description = "Where result files are kept")
    @interface Config {
        /** @return the folder of result files */
        @AttributeDefinition(name = "Folder", required = false,
                description = "Folder of result files; empty: LMWB_HOME/results")
        String directory() default "";
    }

    private final DataSource db;
    private final ResultFolders folders;
    private boolean recovered;

    /**
     * @param db the runtime's database
     * @param properties the configuration: {@code directory}, the folder of result files (empty or absent:
     *     {@code LMWB_HOME/results})
     */
    @Activate
    public JdbcResultStore(@Reference(target = "(lmwb.db=main)") DataSource db, Map<String, Object> properties) {
        this.db = db;
        Object dir = properties.get("directory");
        if (dir != null && !(dir instanceof String)) {
            throw new IllegalArgumentException(PID + ": key 'directory' must be text");
        }
        String d = dir == null ? "" : ((String) dir).strip();
        this.folders = new ResultFolders(d.isEmpty() ? LmwbHome.resolve("results") : Path.of(d));
    }

    /** @return the folder of result files */
    public Path root() {
        return folders.root();
    }

    /**
     * Brings the folders and the database in line once per store: deletes abandoned staging folders and imports
     * result folders that have no row.
     */
    private synchronized void recoverOnce() throws IOException {
        if (recovered) {
            return;
        }
        folders.deleteAbandonedStaging();
        List<String> ids = folders.committedIds();
        if (!ids.isEmpty()) {
            List<String> missing = withoutRows(ids);
            int imported = 0;
            for (String id : missing) {
                try (ResultFolders.Lock lock = folders.tryLock(id)) {
                    if (lock == null) {
                        continue; // its writer is between rename and insert right now
                    }
                    if (importFolder(id)) {
                        imported++;
                    }
                }
            }
            if (imported > 0) {
                int n = imported;
                LOG.log(System.Logger.Level.INFO, () -> "result store: imported " + n + " result folder(s) of "
                        + folders.root() + " into the database");
            }
        }
        fillSearchText();
        recovered = true;
    }

    /**
     * The free text a query's words are looked for in: id, kind, summary, dataset, user, models and estimators,
     * lower case (the words are too), separated by spaces, clipped to the column's 8000 characters.
     */
    static String searchText(String id, String kind, String summary, String dataset, String user, List<String> models,
            List<String> estimators) {
        StringBuilder b = new StringBuilder();
        for (String part : List.of(String.valueOf(id), String.valueOf(kind), summary == null ? "" : summary,
                dataset == null ? "" : dataset, user == null ? "" : user)) {
            b.append(part).append(' ');
        }
        models.forEach(m -> b.append(m).append(' '));
        estimators.forEach(e -> b.append(e).append(' '));
        return clip(b.toString().strip().toLowerCase(Locale.ROOT), 8000);
    }

    /** Fills the search text of rows stored before it existed (schema V1), a page at a time. */
    private void fillSearchText() throws IOException {
        try (Connection c = db.getConnection()) {
            while (true) {
                List<StoredResult> rows = withNames(c, select(c, "SELECT " + COLUMNS + " FROM results"
                        + " WHERE search_text IS NULL ORDER BY id FETCH FIRST 500 ROWS ONLY", List.of()));
                if (rows.isEmpty()) {
                    return;
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE results SET search_text = ? WHERE id = ?")) {
                    for (StoredResult r : rows) {
                        s.setString(1, searchText(r.id(), r.kind(), r.summary(), r.dataset(), r.user(), r.models(),
                                r.estimators()));
                        s.setString(2, r.id());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            }
        } catch (SQLException e) {
            throw failure("index the results of", e);
        }
    }

    private List<String> withoutRows(List<String> ids) throws IOException {
        java.util.Set<String> known = new java.util.HashSet<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT id FROM results");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                known.add(r.getString(1));
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
        return ids.stream().filter(id -> !known.contains(id)).collect(Collectors.toList());
    }

    /** Imports a result folder written by an earlier version or left without its row by a kill. */
    private boolean importFolder(String id) throws IOException {
        Path file = folders.root().resolve(id).resolve(DOCUMENT);
        JsonObject doc;
        try {
            doc = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "result store: skipping " + file + ": not a JSON object ("
                    + e.getMessage() + ")");
            return false;
        }
        LegacyDocument legacy = LegacyDocument.read(id, doc);
        try (Connection c = db.getConnection()) {
            insert(c, id, legacy.kind(), legacy.created(), legacy.metadata(), doc.toString());
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false; // another process imported it first
            }
            throw failure("import " + id + " into", e);
        }
    }

    @Override
    public PendingResult begin(String kind) throws IOException {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("result kind '" + kind + "' must be 1-32 lower-case letters, digits or"
                    + " '-', starting with a letter");
        }
        recoverOnce();
        Instant created = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String id = ID_TIME.format(created) + "-" + kind + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        return new Pending(id, kind, created, folders.stage(id));
    }

    /** A result being written: its staging folder and the lock that marks it as in use. */
    private final class Pending implements PendingResult {
        private final String id;
        private final String kind;
        private final Instant created;
        private final ResultFolders.Staging staging;
        private boolean committed;

        Pending(String id, String kind, Instant created, ResultFolders.Staging staging) {
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
            return staging.directory();
        }

        @Override
        public Path file(String name) {
            Path file = ResultFolders.inside(staging.directory(), name);
            if (!file.getParent().equals(staging.directory())) {
                try {
                    Files.createDirectories(file.getParent());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return file;
        }

        @Override
        public synchronized StoredResult commit(ResultMetadata metadata, String document) throws IOException {
            if (committed) {
                throw new IllegalStateException("result " + id + " is already committed");
            }
            JsonObject given;
            try {
                given = JsonParser.parseString(document).getAsJsonObject();
            } catch (JsonParseException | IllegalStateException e) {
                throw new IllegalArgumentException("a result document must be a JSON object: " + e.getMessage());
            }
            JsonObject doc = new JsonObject();
            doc.addProperty("id", id);
            doc.addProperty("kind", kind);
            doc.addProperty("created", created.toString());
            doc.addProperty("user", metadata.user());
            doc.addProperty("summary", metadata.summary());
            for (Map.Entry<String, JsonElement> e : given.entrySet()) {
                if (!doc.has(e.getKey())) {
                    doc.add(e.getKey(), e.getValue());
                }
            }
            // with nulls: a document says "no value" explicitly where its capability does (a ranking's best_layer: null)
            Files.writeString(staging.directory().resolve(DOCUMENT), Json.PRETTY_WITH_NULLS.toJson(doc), StandardCharsets.UTF_8);
            Path target = staging.publish();
            try (Connection c = db.getConnection()) {
                insert(c, id, kind, created, metadata, doc.toString());
            } catch (SQLException e) {
                staging.unpublish();
                throw failure("store result " + id + " in", e);
            }
            committed = true;
            return new StoredResult(id, kind, created, metadata.user(), metadata.summary(), metadata.dataset(),
                    metadata.models(), metadata.estimators(), metadata.jobId(), target);
        }

        @Override
        public synchronized void close() {
            staging.close(committed);
        }
    }

    private void insert(Connection c, String id, String kind, Instant created, ResultMetadata m, String document)
            throws SQLException {
        c.setAutoCommit(false);
        try {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO results (id, kind, dataset, user_name, created,"
                    + " summary, document, files_dir, job_id, search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, id);
                s.setString(2, kind);
                s.setString(3, clip(m.dataset(), 1024));
                s.setString(4, clip(m.user(), 32));
                s.setObject(5, OffsetDateTime.ofInstant(created, ZoneOffset.UTC));
                s.setString(6, clip(m.summary(), 2000));
                s.setString(7, document);
                s.setString(8, id);
                if (m.jobId() == null) {
                    s.setNull(9, java.sql.Types.BIGINT);
                } else {
                    s.setLong(9, m.jobId());
                }
                s.setString(10, searchText(id, kind, m.summary(), m.dataset(), m.user(), m.models(), m.estimators()));
                s.executeUpdate();
            }
            insertNames(c, "INSERT INTO result_models (result_id, model) VALUES (?, ?)", id, m.models(), 1024);
            insertNames(c, "INSERT INTO result_estimators (result_id, estimator) VALUES (?, ?)", id, m.estimators(), 128);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void insertNames(Connection c, String sql, String id, List<String> names, int max)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (String n : names.stream().filter(x -> x != null && !x.isBlank()).map(x -> clip(x, max)).distinct()
                    .collect(Collectors.toList())) {
                s.setString(1, id);
                s.setString(2, n);
                s.executeUpdate();
            }
        }
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public ResultPage query(ResultQuery q) throws IOException {
        recoverOnce();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM results r WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (q.kind() != null) {
            sql.append(" AND kind = ?");
            params.add(q.kind());
        }
        if (q.dataset() != null) {
            sql.append(" AND dataset = ?");
            params.add(q.dataset());
        }
        if (q.user() != null) {
            sql.append(" AND user_name = ?");
            params.add(q.user());
        }
        if (q.model() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM result_models m WHERE m.result_id = r.id AND m.model = ?)");
            params.add(q.model());
        }
        if (q.estimator() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM result_estimators e WHERE e.result_id = r.id AND e.estimator = ?)");
            params.add(q.estimator());
        }
        if (q.from() != null) {
            sql.append(" AND created >= ?");
            params.add(OffsetDateTime.ofInstant(q.from(), ZoneOffset.UTC));
        }
        if (q.to() != null) {
            sql.append(" AND created < ?");
            params.add(OffsetDateTime.ofInstant(q.to(), ZoneOffset.UTC));
        }
        if (q.text() != null) {
            // every word somewhere in the search text; LIKE's wildcards in a word are literal
            for (String word : q.text().toLowerCase(Locale.ROOT).split("\\s+")) {
                sql.append(" AND search_text LIKE ? ESCAPE '\\'");
                params.add("%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            }
        }
        if (q.cursor() != null) {
            Cursor cursor = Cursor.parse(q.cursor());
            OffsetDateTime at = OffsetDateTime.ofInstant(cursor.created(), ZoneOffset.UTC);
            sql.append(" AND (created < ? OR (created = ? AND id < ?))");
            params.add(at);
            params.add(at);
            params.add(cursor.id());
        }
        int size = q.pageSize();
        sql.append(orderBy(q)).append(" FETCH FIRST ").append(size + 1).append(" ROWS ONLY");
        try (Connection c = db.getConnection()) {
            List<StoredResult> rows = select(c, sql.toString(), params);
            String next = null;
            if (rows.size() > size) {
                rows = rows.subList(0, size);
                StoredResult last = rows.get(size - 1);
                next = new Cursor(last.created(), last.id()).format();
            }
            return new ResultPage(withNames(c, rows), next);
        } catch (SQLException e) {
            throw failure("query", e);
        }
    }

    /**
     * Newest first. With an equality filter that has an index ending in {@code (created, id)}, the filter's column
     * leads the ORDER BY (the same order, since the column is fixed): only then does H2 walk that index backwards and
     * stop after one page ("index sorted"); otherwise it read every row of the filter (all of a user's results, say),
     * checked the other filters on each and sorted them — 41 ms p50 for a model and user filter over 10,000 results.
     * The most selective such column leads: dataset, then user, then kind.
     */
    static String orderBy(ResultQuery q) {
        String leading = q.dataset() != null ? "dataset DESC, " : q.user() != null ? "user_name DESC, "
                : q.kind() != null ? "kind DESC, " : "";
        return " ORDER BY " + leading + "created DESC, id DESC";
    }

    private List<StoredResult> select(Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
            List<StoredResult> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long job = r.getLong("job_id");
                    Long jobId = r.wasNull() ? null : job;
                    String dir = r.getString("files_dir");
                    out.add(new StoredResult(r.getString("id"), r.getString("kind"),
                            r.getObject("created", OffsetDateTime.class).toInstant(), r.getString("user_name"),
                            r.getString("summary"), r.getString("dataset"), List.of(), List.of(), jobId,
                            folders.root().resolve(dir == null ? r.getString("id") : dir)));
                }
            }
            return out;
        }
    }

    /** Adds each result's models and estimators: two queries per page, not two per result. */
    private List<StoredResult> withNames(Connection c, List<StoredResult> rows) throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<String, List<String>> models = names(c, "SELECT result_id, model FROM result_models", rows);
        Map<String, List<String>> estimators = names(c, "SELECT result_id, estimator FROM result_estimators", rows);
        List<StoredResult> out = new ArrayList<>(rows.size());
        for (StoredResult r : rows) {
            out.add(new StoredResult(r.id(), r.kind(), r.created(), r.user(), r.summary(), r.dataset(),
                    models.getOrDefault(r.id(), List.of()), estimators.getOrDefault(r.id(), List.of()), r.jobId(),
                    r.directory()));
        }
        return out;
    }

    private static Map<String, List<String>> names(Connection c, String select, List<StoredResult> rows)
            throws SQLException {
        String marks = rows.stream().map(r -> "?").collect(Collectors.joining(", "));
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(select + " WHERE result_id IN (" + marks + ") ORDER BY 1, 2")) {
            for (int i = 0; i < rows.size(); i++) {
                s.setString(i + 1, rows.get(i).id());
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2));
                }
            }
        }
        return out;
    }

    @Override
    public Optional<StoredResult> find(String id) throws IOException {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a result id is needed; run 'lmwb results' to list them");
        }
        recoverOnce();
        String prefix = id.strip();
        try (Connection c = db.getConnection()) {
            List<StoredResult> exact = select(c, "SELECT " + COLUMNS + " FROM results WHERE id = ?", List.of(prefix));
            if (!exact.isEmpty()) {
                return Optional.of(withNames(c, exact).get(0));
            }
            String like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            List<StoredResult> matches = select(c, "SELECT " + COLUMNS + " FROM results WHERE id LIKE ? ESCAPE '\\'"
                    + " ORDER BY id FETCH FIRST 11 ROWS ONLY", List.of(like));
            if (matches.size() > 1) {
                String listed = matches.stream().limit(10).map(StoredResult::id).collect(Collectors.joining(", "));
                throw new IllegalArgumentException("result id prefix '" + prefix + "' is ambiguous: " + listed
                        + (matches.size() > 10 ? ", ..." : "") + "; give more of the id");
            }
            return matches.isEmpty() ? Optional.empty() : Optional.of(withNames(c, matches).get(0));
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    @Override
    public String document(String id) throws IOException {
        StoredResult r = existing(id);
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT document FROM results WHERE id = ?")) {
            s.setString(1, r.id());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw notFound(id);
                }
                return Json.PRETTY_WITH_NULLS.toJson(JsonParser.parseString(rs.getString(1)));
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    @Override
    public Path file(String id, String name) throws IOException {
        Path dir = existing(id).directory();
        Path file = ResultFolders.inside(dir, name);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "result " + id + " has no file '" + name + "'");
        }
        return file;
    }

    private StoredResult existing(String id) throws IOException {
        return find(id).orElseThrow(() -> notFound(id));
    }

    private static IllegalArgumentException notFound(String id) {
        return new IllegalArgumentException("no stored result '" + id + "'; run 'lmwb results' to list them");
    }

    private IOException failure(String what, SQLException e) {
        String message = String.valueOf(e.getMessage()).strip().split("\\R", 2)[0];
        return new IOException("result store: cannot " + what + " the database: " + message, e);
    }

    /** The position after a page: its last result's time and id, as URL-safe text. */
    record Cursor(Instant created, String id) {
        String format() {
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, created);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((micros + "/" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String text) {
            try {
                String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int slash = s.indexOf('/');
                long micros = Long.parseLong(s.substring(0, slash));
                String id = s.substring(slash + 1);
                if (id.isEmpty()) {
                    throw new IllegalArgumentException("no id");
                }
                return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("bad cursor '" + text + "'; use the next_cursor of the previous page");
            }
        }
    }
}
