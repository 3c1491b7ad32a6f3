package lmwb.huggingface.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lmwb.api.ProgressEvent;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.ModelDescriptor;
import lmwb.common.config.ComponentConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The hub download against {@link FakeHub} on 127.0.0.1; every test is bounded by a timeout. */
@Timeout(60)
class HubDownloadSourceTest {
    private static final String REPO = "test-org/tiny-bert";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path home;

    private final TinyModel model = new TinyModel(7);
    private FakeHub hub;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
        hub.add(REPO, new FakeHub.Repo(COMMIT, Map.of("config.json", model.config, "tokenizer.json", model.tokenizer,
                "model.safetensors", model.weights), Set.of("model.safetensors")));
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    /** The component as DS builds it, configured for the fake hub and a cache in {@code home/hub}. */
    private HubDownloadSource source(int attempts, Object... extra) {
        Map<String, Object> values = new HashMap<>(Map.of("cacheDir", home.resolve("hub").toString(), "endpoint",
                hub.endpoint(), "connectTimeoutSeconds", 5, "readTimeoutSeconds", 10, "attempts", attempts));
        for (int i = 0; i < extra.length; i += 2) {
            values.put((String) extra[i], extra[i + 1]);
        }
        return new HubDownloadSource(ComponentConfig.of(HubDownloadSource.Config.class, values));
    }

    private HubCacheSource cacheSource() {
        return new HubCacheSource(ComponentConfig.of(HubCacheSource.Config.class,
                Map.of("cacheDir", home.resolve("hub").toString())));
    }

    private Path repoDir() {
        return home.resolve("hub").resolve("models--test-org--tiny-bert");
    }

    @Test
    void downloadWritesTheHubCacheLayoutThatHfCacheThenReadsOffline() throws IOException {
        List<ProgressEvent> events = new ArrayList<>();
        ModelArtifact artifact = source(3).resolve(REPO, events::add).orElseThrow();

        String weightsSha = TinyModel.sha256(model.weights);
        String configSha1 = TinyModel.gitSha1(model.config);
        String tokenizerSha1 = TinyModel.gitSha1(model.tokenizer);
        Path repo = repoDir();
        // huggingface_hub's layout: refs/main holds the commit without a newline, blobs are named by etag,
        // snapshot files are relative links into blobs.
        assertEquals(COMMIT, Files.readString(repo.resolve("refs/main"), StandardCharsets.UTF_8));
        assertArrayEquals(model.weights, Files.readAllBytes(repo.resolve("blobs").resolve(weightsSha)));
        assertArrayEquals(model.config, Files.readAllBytes(repo.resolve("blobs").resolve(configSha1)));
        assertArrayEquals(model.tokenizer, Files.readAllBytes(repo.resolve("blobs").resolve(tokenizerSha1)));
        Path snapshot = repo.resolve("snapshots").resolve(COMMIT);
        assertEquals(Path.of("..", "..", "blobs", weightsSha), Files.readSymbolicLink(snapshot.resolve("model.safetensors")));
        assertEquals(Path.of("..", "..", "blobs", configSha1), Files.readSymbolicLink(snapshot.resolve("config.json")));
        assertEquals(Path.of("..", "..", "blobs", tokenizerSha1),
                Files.readSymbolicLink(snapshot.resolve("tokenizer.json")));
        assertTrue(Files.readString(home.resolve("hub/CACHEDIR.TAG")).startsWith(
                "Signature: 8a477f597d28d172789f06886806bc55\n"));
        try (Stream<Path> blobs = Files.list(repo.resolve("blobs"))) {
            assertEquals(Set.of(weightsSha, configSha1, tokenizerSha1),
                    blobs.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }

        assertEquals("hf-hub", artifact.source());
        assertEquals(REPO, artifact.reference());
        assertEquals(ModelArtifact.WeightFormat.SAFETENSORS, artifact.format());
        assertEquals("sha256:" + weightsSha, artifact.contentHash());
        assertEquals(snapshot.resolve("model.safetensors"), artifact.weights());
        assertEquals(snapshot.resolve("tokenizer.json"), artifact.tokenizer());
        assertEquals(snapshot.resolve("config.json"), artifact.config());

        ProgressEvent last = events.stream().filter(e -> e.stage().endsWith("model.safetensors"))
                .reduce((a, b) -> b).orElseThrow();
        assertEquals("bytes", last.unit());
        assertEquals(model.weights.length, last.done());
        assertEquals(model.weights.length, last.total());

        hub.close();
        HubCacheSource cache = cacheSource();
        ModelArtifact cached = cache.resolve(REPO, e -> { }).orElseThrow();
        assertEquals("hf-cache", cached.source());
        assertEquals(artifact.weights(), cached.weights());
        assertEquals(artifact.contentHash(), cached.contentHash());
        List<ModelDescriptor> listed = cache.available();
        assertEquals(List.of(new ModelDescriptor(REPO, "hf-cache", "bert from the Hugging Face hub cache (snapshot 0123456)",
                TinyModel.LAYERS, TinyModel.HIDDEN, TinyModel.PARAMETERS, true)), listed);
    }

    @Test
    void aSecondResolveReusesTheBlobsWithoutDownloadingContent() throws IOException {
        source(3).resolve(REPO, e -> { }).orElseThrow();
        int before = hub.requests().size();
        source(3).resolve(REPO, e -> { }).orElseThrow();
        List<String> again = hub.requests().subList(before, hub.requests().size());
        assertEquals(3, again.size(), again.toString());
        assertTrue(again.stream().allMatch(r -> r.startsWith("HEAD ")), again.toString());
    }

    @Test
    void aDroppedConnectionIsResumedWithARangeRequest() throws IOException {
        hub.dropFirstContentAfter(10_000);
        ModelArtifact artifact = source(3).resolve(REPO, e -> { }).orElseThrow();

        List<String> content = hub.requests().stream().filter(r -> r.startsWith("GET /cdn/")).toList();
        String path = "GET /cdn/" + TinyModel.sha256(model.weights);
        assertEquals(List.of(path, path + " bytes=10000-"), content);
        assertArrayEquals(model.weights, Files.readAllBytes(artifact.weights()));
    }

    @Test
    void aKilledDownloadLeavesOnlyTheIncompleteFileWhichTheNextRunResumes() throws IOException {
        hub.dropFirstContentAfter(10_000);
        IOException failed = assertThrows(IOException.class, () -> source(1).resolve(REPO, e -> { }));
        assertTrue(failed.getMessage().contains("next run resumes"), failed.getMessage());

        String sha = TinyModel.sha256(model.weights);
        Path blobs = repoDir().resolve("blobs");
        assertEquals(10_000, Files.size(blobs.resolve(sha + ".incomplete")));
        assertFalse(Files.exists(blobs.resolve(sha)));
        assertFalse(Files.exists(repoDir().resolve("snapshots").resolve(COMMIT).resolve("model.safetensors"),
                java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(repoDir().resolve("refs/main")));
        assertEquals(Optional.empty(), cacheSource().resolve(REPO, e -> { }));

        ModelArtifact artifact = source(1).resolve(REPO, e -> { }).orElseThrow();
        List<String> content = hub.requests().stream().filter(r -> r.startsWith("GET /cdn/")).toList();
        assertEquals(List.of("GET /cdn/" + sha, "GET /cdn/" + sha + " bytes=10000-"), content);
        assertArrayEquals(model.weights, Files.readAllBytes(artifact.weights()));
        assertFalse(Files.exists(blobs.resolve(sha + ".incomplete")));
    }

    @Test
    void corruptContentIsRejectedAndNothingEntersTheSnapshot() {
        hub.corruptContent(true);
        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                () -> source(3).resolve(REPO, ev -> { }));
        String sha = TinyModel.sha256(model.weights);
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertTrue(e.getMessage().contains(sha), e.getMessage());
        Path blobs = repoDir().resolve("blobs");
        assertFalse(Files.exists(blobs.resolve(sha)));
        assertFalse(Files.exists(blobs.resolve(sha + ".incomplete")));
        assertFalse(Files.exists(repoDir().resolve("snapshots").resolve(COMMIT).resolve("model.safetensors"),
                java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(repoDir().resolve("refs/main")));
    }

    @Test
    void concurrentResolvesDownloadTheContentOnce() throws Exception {
        HubDownloadSource source = source(3);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<ModelArtifact>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> source.resolve(REPO, ev -> { }).orElseThrow()));
            }
            assertEquals(runs.get(0).get().weights(), runs.get(1).get().weights());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, hub.requests().stream().filter(r -> r.startsWith("GET /cdn/")).count(), hub.requests().toString());
        assertArrayEquals(model.weights, Files.readAllBytes(repoDir().resolve("blobs").resolve(TinyModel.sha256(model.weights))));
    }

    @Test
    void anUnknownModelIsNamedInTheError() {
        IOException e = assertThrows(IOException.class, () -> source(3).resolve("test-org/no-such-model", ev -> { }));
        assertTrue(e.getMessage().contains("'test-org/no-such-model' was not found"), e.getMessage());
        assertTrue(e.getMessage().contains(hub.endpoint()), e.getMessage());
        assertFalse(Files.exists(home.resolve("hub").resolve("models--test-org--no-such-model")));
    }

    @Test
    void aRenamedRepositoryIsFollowedThroughItsRelativeRedirect() throws IOException {
        hub.rename("old-org/tiny-bert", REPO);
        ModelArtifact artifact = source(3).resolve("old-org/tiny-bert", ev -> { }).orElseThrow();
        // huggingface_hub caches under the requested id too: the redirect only tells where the files are.
        assertEquals(home.resolve("hub/models--old-org--tiny-bert/snapshots").resolve(COMMIT)
                .resolve("model.safetensors"), artifact.weights());
        assertArrayEquals(model.weights, Files.readAllBytes(artifact.weights()));
    }

    @Test
    void theTokenGoesToTheHubButNotToTheContentHost() throws IOException {
        Path tokenFile = Files.writeString(home.resolve("token"), "hf_secret\n");
        source(3, "tokenFile", tokenFile.toString()).resolve(REPO, ev -> { }).orElseThrow();
        List<String> seen = hub.authorizations();
        String hubHost = hub.endpoint().substring("http://".length());
        assertTrue(seen.stream().filter(r -> r.startsWith(hubHost + " ")).allMatch(r -> r.endsWith(" Bearer hf_secret")),
                seen.toString());
        List<String> content = seen.stream().filter(r -> r.contains(" /cdn/")).toList();
        assertEquals(1, content.size(), seen.toString());
        assertTrue(content.get(0).startsWith("localhost:") && content.get(0).endsWith(" -"), content.toString());
    }

    @Test
    void anUnknownRevisionIsNamedInTheError() {
        IOException e = assertThrows(IOException.class, () -> source(3).resolve(REPO + "@v9", ev -> { }));
        assertTrue(e.getMessage().contains("no revision 'v9'"), e.getMessage());
    }

    @Test
    void aPinnedCommitIsDownloadedWithoutWritingARef() throws IOException {
        ModelArtifact artifact = source(3).resolve(REPO + "@" + COMMIT, ev -> { }).orElseThrow();
        assertEquals(repoDir().resolve("snapshots").resolve(COMMIT).resolve("model.safetensors"), artifact.weights());
        assertFalse(Files.exists(repoDir().resolve("refs")));
    }

    @Test
    void shardedAndPytorchOnlyRepositoriesAreExplained() {
        hub.add("org/sharded", new FakeHub.Repo(COMMIT, Map.of("config.json", model.config, "tokenizer.json",
                model.tokenizer, "model.safetensors.index.json", "{}".getBytes(StandardCharsets.UTF_8)), Set.of()));
        hub.add("org/pickled", new FakeHub.Repo(COMMIT, Map.of("config.json", model.config, "tokenizer.json",
                model.tokenizer, "pytorch_model.bin", model.weights), Set.of("pytorch_model.bin")));
        IOException sharded = assertThrows(IOException.class, () -> source(3).resolve("org/sharded", ev -> { }));
        assertTrue(sharded.getMessage().contains("sharded checkpoints are not supported yet"), sharded.getMessage());
        IOException pickled = assertThrows(IOException.class, () -> source(3).resolve("org/pickled", ev -> { }));
        assertTrue(pickled.getMessage().contains("has only pytorch_model.bin"), pickled.getMessage());
        assertTrue(pickled.getMessage().contains("safe_serialization=True"), pickled.getMessage());
    }

    @Test
    void anUnreachableHubGivesTheOfflineMessageWithTheAlternatives() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        model.writeTo(home.resolve("hub/models--org--cached/snapshots").resolve(COMMIT));
        Files.createDirectories(home.resolve("hub/models--org--cached/refs"));
        Files.writeString(home.resolve("hub/models--org--cached/refs/main"), COMMIT);
        String endpoint = "http://127.0.0.1:" + closedPort;

        HubUnreachableException e = assertThrows(HubUnreachableException.class,
                () -> source(3, "endpoint", endpoint).resolve("BAAI/bge-small-en-v1.5", ev -> { }));
        String message = e.getMessage();
        assertTrue(message.contains("'BAAI/bge-small-en-v1.5'"), message);
        assertTrue(message.contains("hub at " + endpoint + " is unreachable"), message);
        assertTrue(message.contains("run `lmwb models` to see built-in and cached models"), message);
        assertTrue(message.contains("cached here: org/cached"), message);
        assertTrue(message.contains("config.json, tokenizer.json, model.safetensors"), message);
    }

    @Test
    void offlineModeNeverContactsTheHub() {
        HubUnreachableException e = assertThrows(HubUnreachableException.class,
                () -> source(3, "offline", true).resolve(REPO, ev -> { }));
        assertTrue(e.getMessage().contains("offline is configured (lmwb.huggingface.hub)"), e.getMessage());
        assertTrue(e.getMessage().contains("the hub cache holds no complete model"), e.getMessage());
        assertEquals(List.of(), hub.requests());
    }

    @Test
    void referencesThatAreNotHubIdsAreLeftToOtherSources() throws IOException {
        HubDownloadSource source = source(3);
        assertEquals(Optional.empty(), source.resolve("/models/bert", ev -> { }));
        assertEquals(Optional.empty(), source.resolve("./bert", ev -> { }));
        assertEquals(Optional.empty(), source.resolve("a/b/c", ev -> { }));
        assertEquals(List.of(), hub.requests());
    }
}
