package lmwb.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultPage;
import lmwb.api.results.ResultQuery;
import lmwb.api.results.ResultStore;
import lmwb.api.results.StoredResult;
import lmwb.db.Database;
import lmwb.db.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The result store on both real databases (H2 in a temp folder, a real PostgreSQL 16 server; see
 * {@link TestDatabases}), each test from an empty database migrated by lmwb.db, result files in a temp folder.
 */
class JdbcResultStoreTest {
    @TempDir
    Path home;
    private Database db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private JdbcResultStore store(TestDatabases kind) throws Exception {
        if (db == null) {
            db = kind.open(home);
        }
        return new JdbcResultStore(db, Map.of("directory", home.resolve("results").toString()));
    }

    private static ResultMetadata meta(String user, String dataset, List<String> models, List<String> estimators) {
        return new ResultMetadata("ranked " + models + " on " + dataset, user, dataset, models, estimators, null);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aSavedResultIsListedFoundAndReadable(TestDatabases kind) throws Exception {
        JdbcResultStore store = store(kind);
        StoredResult saved = store.save("ranking", new ResultMetadata("sst2: e5 wins", "alice", "sst2",
                List.of("e5-small-v2", "bge-small-en"), List.of("logme"), 7L), "{\"scores\":[0.31,0.29],\"id\":\"x\"}",
                Map.of("layer-scores.svg", "<svg/>".getBytes(StandardCharsets.UTF_8)));
        assertTrue(saved.id().matches("\\d{8}-\\d{6}-ranking-[0-9a-f]{6}"), saved.id());

        ResultPage page = store.query(ResultQuery.ALL);
        assertEquals(1, page.results().size());
        assertNull(page.nextCursor());
        StoredResult listed = page.results().get(0);
        assertEquals(saved.id(), listed.id());
        assertEquals("alice", listed.user());
        assertEquals("sst2", listed.dataset());
        assertEquals(List.of("bge-small-en", "e5-small-v2"), listed.models(), "sorted by name");
        assertEquals(List.of("logme"), listed.estimators());
        assertEquals(7L, listed.jobId());
        assertEquals(saved.created(), listed.created());
        assertEquals(home.resolve("results").resolve(saved.id()), listed.directory());

        JsonObject doc = JsonParser.parseString(store.document(saved.id().substring(0, 20))).getAsJsonObject();
        assertEquals(saved.id(), doc.get("id").getAsString(), "the store's id wins over the document's own 'id'");
        assertEquals("ranking", doc.get("kind").getAsString());
        assertEquals("alice", doc.get("user").getAsString());
        assertEquals("sst2: e5 wins", doc.get("summary").getAsString());
        assertEquals(saved.created().toString(), doc.get("created").getAsString());
        assertEquals(0.31, doc.getAsJsonArray("scores").get(0).getAsDouble());
        JsonObject onDisk = JsonParser.parseString(Files.readString(listed.directory().resolve(ResultStore.DOCUMENT)))
                .getAsJsonObject();
        assertEquals(doc, onDisk, "the folder holds the same document");

        assertEquals("<svg/>", Files.readString(store.file(saved.id(), "layer-scores.svg")));
        assertThrows(NoSuchFileException.class, () -> store.file(saved.id(), "missing.png"));
        for (String bad : List.of("../../etc/passwd", "/etc/passwd", "..", "sub/../../x")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.file(saved.id(), bad));
            assertTrue(e.getMessage().contains("leaves the result's folder"), e.getMessage());
        }
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> store.document("nope"));
        assertEquals("no stored result 'nope'; run 'lmwb results' to list them", none.getMessage());
        assertTrue(store.find("2").isPresent(), "a unique prefix finds it");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aResultClosedWithoutCommitLeavesNothing(TestDatabases kind) throws Exception {
        JdbcResultStore store = store(kind);
        Path staging;
        try (ResultStore.PendingResult pending = store.begin("embedding")) {
            staging = pending.directory();
            Files.writeString(pending.file("sub/matrix.npy"), "x");
            assertThrows(IllegalArgumentException.class, () -> pending.file("../escape"));
        }
        assertFalse(Files.exists(staging));
        assertEquals(List.of(), store.query(ResultQuery.ALL).results());
        try (Stream<Path> left = Files.list(home.resolve("results"))) {
            assertEquals(List.of(), left.collect(Collectors.toList()), "no folder, no lock file");
        }
    }

    /** Filters and cursor pages, checked against the same selection made in Java over what save() returned. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void queriesFilterAndPageNewestFirst(TestDatabases kind) throws Exception {
        JdbcResultStore store = store(kind);
        List<StoredResult> all = new ArrayList<>();
        String[] users = {"alice", "bob", "carol"};
        for (int i = 0; i < 23; i++) {
            String k = i % 4 == 0 ? "training" : "ranking";
            all.add(store.save(k, meta(users[i % 3], "ds" + (i % 2), List.of("m" + (i % 5), "shared"),
                    List.of(i % 2 == 0 ? "knn" : "logme")), "{}", Map.of()));
        }
        Comparator<StoredResult> newestFirst = Comparator.comparing(StoredResult::created)
                .thenComparing(StoredResult::id).reversed();
        List<String> expected = all.stream().sorted(newestFirst).map(StoredResult::id).collect(Collectors.toList());

        List<String> paged = new ArrayList<>();
        ResultQuery q = new ResultQuery(null, null, null, null, null, null, null, 5, null);
        int pages = 0;
        while (true) {
            ResultPage p = store.query(q);
            pages++;
            p.results().forEach(r -> paged.add(r.id()));
            if (p.nextCursor() == null) {
                break;
            }
            q = q.withCursor(p.nextCursor());
        }
        assertEquals(expected, paged);
        assertEquals(5, pages, "23 results in pages of 5");

        assertFilter(store, all, newestFirst, new ResultQuery("training", null, null, null, null, null, null, 100, null),
                r -> r.kind().equals("training"));
        assertFilter(store, all, newestFirst, new ResultQuery(null, "ds1", null, null, null, null, null, 100, null),
                r -> "ds1".equals(r.dataset()));
        assertFilter(store, all, newestFirst, new ResultQuery(null, null, "m3", null, null, null, null, 100, null),
                r -> r.models().contains("m3"));
        assertFilter(store, all, newestFirst, new ResultQuery(null, null, null, "knn", "bob", null, null, 100, null),
                r -> r.estimators().contains("knn") && r.user().equals("bob"));
        Instant from = all.get(5).created();
        Instant to = all.get(15).created();
        assertFilter(store, all, newestFirst, new ResultQuery("ranking", null, "shared", null, null, from, to, 100, null),
                r -> r.kind().equals("ranking") && !r.created().isBefore(from) && r.created().isBefore(to));

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> store.query(ResultQuery.ALL.withCursor("not-a-cursor")));
        assertEquals("bad cursor 'not-a-cursor'; use the next_cursor of the previous page", bad.getMessage());
    }

    @org.junit.jupiter.api.Test
    void aFilteredPageWalksTheFiltersIndexNewestFirstAndStopsAfterThePage() throws Exception {
        JdbcResultStore store = store(TestDatabases.H2);
        for (int i = 0; i < 300; i++) {
            store.save("ranking", meta(i % 3 == 0 ? "carol" : "dave", "ds" + (i % 4), List.of("m" + (i % 5)),
                    List.of("knn")), "{}", Map.of());
        }
        // carol has 100 results; 20 of them used m3 (i = 3, 18, 33, ...). A page of 5: the plan H2 reports for the
        // store's filter and order must read carol's rows newest first and stop ("index sorted", far fewer than 100
        // rows scanned), not read all 100, check each and sort them.
        ResultQuery q = new ResultQuery(null, null, "m3", null, "carol", null, null, 5, null);
        String sql = "EXPLAIN ANALYZE SELECT id FROM results r WHERE user_name = 'carol' AND EXISTS (SELECT 1 FROM"
                + " result_models m WHERE m.result_id = r.id AND m.model = 'm3')" + JdbcResultStore.orderBy(q)
                + " FETCH FIRST 6 ROWS ONLY";
        String plan;
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet r = st.executeQuery(sql)) {
            r.next();
            plan = r.getString(1);
        }
        assertTrue(plan.contains("/* index sorted */"), plan);
        java.util.regex.Matcher scanned = java.util.regex.Pattern.compile("RESULTS_USER: USER_NAME = 'carol' \\*/\\s*"
                + "/\\* scanCount: (\\d+)").matcher(plan);
        assertTrue(scanned.find(), plan);
        assertTrue(Integer.parseInt(scanned.group(1)) < 50, "rows of carol read for one page: " + plan);
        // and the pages, by cursor, are what the filter selects, newest first
        List<String> paged = new ArrayList<>();
        for (ResultQuery page = q; page != null;) {
            ResultPage p = store.query(page);
            p.results().forEach(r -> paged.add(r.id()));
            page = p.nextCursor() == null ? null : page.withCursor(p.nextCursor());
        }
        List<String> expected = store.query(new ResultQuery(null, null, "m3", null, null, null, null, 100, null))
                .results().stream().filter(r -> r.user().equals("carol")).map(StoredResult::id).toList();
        assertEquals(20, expected.size());
        assertEquals(expected, paged);
    }

    private static void assertFilter(JdbcResultStore store, List<StoredResult> all, Comparator<StoredResult> order,
            ResultQuery q, java.util.function.Predicate<StoredResult> expected) throws Exception {
        List<String> want = all.stream().filter(expected).sorted(order).map(StoredResult::id).collect(Collectors.toList());
        assertFalse(want.isEmpty(), "a filter that selects something: " + q);
        assertEquals(want, store.query(q).results().stream().map(StoredResult::id).collect(Collectors.toList()),
                q.toString());
    }

    /**
     * Free text: every word, ignoring case, anywhere in id, kind, summary, dataset, user, models or estimators;
     * checked against the same selection made in Java over what save() returned, with the other filters and pages.
     */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void freeTextFindsResultsHoldingEveryWord(TestDatabases kind) throws Exception {
        JdbcResultStore store = store(kind);
        List<StoredResult> all = new ArrayList<>();
        String[] datasets = {"sentiment-sentences", "ag_news", "conll2003"};
        String[] models = {"all-MiniLM-L6-v2", "bge-small-en", "e5-small-v2"};
        for (int i = 0; i < 12; i++) {
            all.add(store.save(i % 3 == 2 ? "training" : "ranking", new ResultMetadata("Summary " + i + " of "
                    + datasets[i % 3] + (i == 7 ? " 100% done" : ""), i % 2 == 0 ? "alice" : "bob", datasets[i % 3],
                    List.of(models[i % 3]), List.of(i % 4 == 0 ? "knn" : "logme"), null), "{}", Map.of()));
        }
        Comparator<StoredResult> newestFirst = Comparator.comparing(StoredResult::created)
                .thenComparing(StoredResult::id).reversed();
        // a word in the summary, ignoring case
        assertFilter(store, all, newestFirst, ResultQuery.ALL.withText("SUMMARY"), r -> true);
        // two words: both must occur (a model's part and an estimator)
        assertFilter(store, all, newestFirst, ResultQuery.ALL.withText("  minilm   knn "),
                r -> r.models().contains("all-MiniLM-L6-v2") && r.estimators().contains("knn"));
        // the user, the kind and part of the id
        assertFilter(store, all, newestFirst, ResultQuery.ALL.withText("bob training"),
                r -> r.user().equals("bob") && r.kind().equals("training"));
        assertFilter(store, all, newestFirst, ResultQuery.ALL.withText(all.get(4).id().substring(16)),
                r -> r.id().endsWith(all.get(4).id().substring(16)));
        // LIKE's wildcards are literal: '_' only in ag_news, '%' only in one summary
        assertFilter(store, all, newestFirst, ResultQuery.ALL.withText("g_n"), r -> "ag_news".equals(r.dataset()));
        assertFilter(store, all, newestFirst, ResultQuery.ALL.withText("0%"), r -> r.summary().contains("100%"));
        assertEquals(List.of(), store.query(ResultQuery.ALL.withText("sentiment knn-not-there")).results());
        // with a filter and in pages of 2: the same order as without pages
        ResultQuery q = new ResultQuery("ranking", null, null, null, null, null, null, 2, null, "of");
        List<String> paged = new ArrayList<>();
        for (ResultPage p = store.query(q); ; p = store.query(q)) {
            p.results().forEach(r -> paged.add(r.id()));
            if (p.nextCursor() == null) {
                break;
            }
            q = q.withCursor(p.nextCursor());
        }
        assertEquals(all.stream().filter(r -> r.kind().equals("ranking")).sorted(newestFirst).map(StoredResult::id)
                .collect(Collectors.toList()), paged);
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> ResultQuery.ALL.withText("x".repeat(201)));
        assertEquals("the search text must be at most 200 characters, got 201; search for fewer words",
                tooLong.getMessage());
        assertEquals(null, ResultQuery.ALL.withText("   ").text(), "blank is no search");
    }

    /** Rows stored by a runtime of schema V1 have no search text; the store fills it on first use. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void rowsWithoutSearchTextAreIndexedOnFirstUse(TestDatabases kind) throws Exception {
        StoredResult old = store(kind).save("ranking", meta("dora", "sst2", List.of("e5-small-v2"), List.of("logme")),
                "{}", Map.of());
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE results SET search_text = NULL"));
        }
        JdbcResultStore fresh = store(kind);
        assertEquals(List.of(old.id()), fresh.query(ResultQuery.ALL.withText("E5 dora")).results().stream()
                .map(StoredResult::id).collect(Collectors.toList()));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void anAmbiguousPrefixListsTheMatches(TestDatabases kind) throws Exception {
        JdbcResultStore store = store(kind);
        StoredResult a = store.save("ranking", meta("u", "d", List.of(), List.of()), "{}", Map.of());
        store.save("ranking", meta("u", "d", List.of(), List.of()), "{}", Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.find(a.id().substring(0, 8)));
        assertTrue(e.getMessage().startsWith("result id prefix '" + a.id().substring(0, 8) + "' is ambiguous: "),
                e.getMessage());
        assertTrue(store.find("2%").isEmpty(), "LIKE wildcards in a prefix are literal");
        assertTrue(store.find("____").isEmpty(), "LIKE wildcards in a prefix are literal");
    }

    /**
     * What a kill leaves, and what the next store makes of it: a staging folder whose lock nobody holds is
     * deleted; a result folder without a row (killed between rename and insert) is imported with its metadata;
     * a staging folder another writer still holds is left alone.
     */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aKilledWriterLeavesNothingHalfWritten(TestDatabases kind) throws Exception {
        JdbcResultStore first = store(kind);
        Path results = first.root();
        // killed while writing: staging folder + a lock file nobody holds
        Files.createDirectories(results.resolve(".tmp-20260101-000000-ranking-aaaaaa"));
        Files.writeString(results.resolve(".tmp-20260101-000000-ranking-aaaaaa/half.npy"), "x");
        Files.writeString(results.resolve(".tmp-20260101-000000-ranking-aaaaaa.lock"), "");
        // killed between rename and insert: the full document, its lock file still there
        String renamed = "20260102-000000-ranking-bbbbbb";
        Files.createDirectories(results.resolve(renamed));
        Files.writeString(results.resolve(renamed).resolve(ResultStore.DOCUMENT), "{\"id\":\"" + renamed
                + "\",\"kind\":\"ranking\",\"created\":\"2026-01-02T00:00:00.123456Z\",\"user\":\"bob\","
                + "\"summary\":\"s\",\"dataset\":\"sst2\",\"job_id\":12}");
        Files.writeString(results.resolve(".tmp-" + renamed + ".lock"), "");
        // another writer, alive, in the middle of its result
        try (ResultStore.PendingResult alive = first.begin("ranking")) {
            Files.writeString(alive.file("scores.csv"), "1");

            JdbcResultStore next = store(kind);
            List<StoredResult> listed = next.query(ResultQuery.ALL).results();
            assertEquals(List.of(renamed), listed.stream().map(StoredResult::id).collect(Collectors.toList()));
            StoredResult r = listed.get(0);
            assertEquals("bob", r.user());
            assertEquals("sst2", r.dataset());
            assertEquals(12L, r.jobId());
            assertEquals(Instant.parse("2026-01-02T00:00:00.123456Z"), r.created());
            assertFalse(Files.exists(results.resolve(".tmp-20260101-000000-ranking-aaaaaa")));
            assertFalse(Files.exists(results.resolve(".tmp-20260101-000000-ranking-aaaaaa.lock")));
            assertFalse(Files.exists(results.resolve(".tmp-" + renamed + ".lock")));
            assertTrue(Files.isRegularFile(alive.directory().resolve("scores.csv")), "a live writer's folder stays");
            alive.commit(meta("carol", "d", List.of(), List.of()), "{}");
        }
        assertEquals(2, store(kind).query(ResultQuery.ALL).results().size());
    }

    /** A results folder of the file-only store of earlier versions is imported on first use, once. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void resultsOfEarlierVersionsAreImported(TestDatabases kind) throws Exception {
        Path results = home.resolve("results");
        String id = "20250301-101500-ranking-0a1b2c";
        Files.createDirectories(results.resolve(id));
        // the layout FileResultStore wrote (lmwb.ranker, before the database): id, kind, created, summary + the
        // ranking's own keys, here as RankingJson wrote them
        Files.writeString(results.resolve(id).resolve("result.json"), """
                {"id": "%s", "kind": "ranking", "created": "2025-03-01T10:15:00.5Z",
                 "summary": "sentiment-sentences: all-minilm-l6-v2 best",
                 "dataset": {"name": "sentiment-sentences", "hash": "abc", "samples": 300},
                 "estimators": [{"estimator": "logme", "ranking": [{"model": "all-minilm-l6-v2", "score": 0.28},
                                                                 {"model": "bge-small-en", "score": 0.27}]}],
                 "estimator": "logme",
                 "ranking": [{"model": "all-minilm-l6-v2", "score": 0.28}, {"model": "bge-small-en", "score": 0.27}]}
                """.formatted(id));
        Files.writeString(results.resolve(id).resolve("layer-scores.svg"), "<svg/>");
        Files.createDirectories(results.resolve("not-a-result"));

        JdbcResultStore store = store(kind);
        StoredResult r = store.find(id).orElseThrow();
        assertEquals("ranking", r.kind());
        assertEquals("local", r.user(), "earlier versions had no users");
        assertEquals("sentiment-sentences", r.dataset());
        assertEquals(List.of("all-minilm-l6-v2", "bge-small-en"), r.models());
        assertEquals(List.of("logme"), r.estimators());
        assertEquals(Instant.parse("2025-03-01T10:15:00.5Z"), r.created());
        assertEquals("<svg/>", Files.readString(store.file(id, "layer-scores.svg")));
        assertEquals(1, store.query(new ResultQuery(null, null, "bge-small-en", null, null, null, null, null, null))
                .results().size());

        store(kind).query(ResultQuery.ALL);
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM results")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "imported once; a folder without result.json is not a result");
        }
    }
}
