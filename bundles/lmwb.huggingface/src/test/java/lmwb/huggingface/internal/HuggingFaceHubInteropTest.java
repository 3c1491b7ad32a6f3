package lmwb.huggingface.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lmwb.api.encoder.ModelArtifact;
import lmwb.common.config.ComponentConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-check with Python's {@code huggingface_hub}, the reference for the cache layout: it downloads the
 * same model from {@link FakeHub} (which also shows the fake hub answers as Python expects a hub to), and
 * the two caches must hold the same files, links and refs; each side then reads the other's cache. Runs only
 * where a Python with {@code huggingface_hub} is found ({@code LMWB_PYTHON}, else {@code python3}).
 */
@Timeout(120)
class HuggingFaceHubInteropTest {
    private static final String REPO = "test-org/tiny-bert";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String SCRIPT = String.join("\n",
            "import sys",
            "from huggingface_hub import hf_hub_download, scan_cache_dir",
            "mode, cache = sys.argv[1], sys.argv[2]",
            "if mode == 'download':",
            "    for f in ['config.json', 'tokenizer.json', 'model.safetensors']:",
            "        hf_hub_download('" + REPO + "', f, cache_dir=cache)",
            "else:",
            "    info = scan_cache_dir(cache)",
            "    for w in info.warnings: print('warning', w)",
            "    for repo in info.repos:",
            "        for rev in repo.revisions:",
            "            print(repo.repo_id, rev.commit_hash, ','.join(sorted(rev.refs)),",
            "                  ','.join(sorted(f.file_name for f in rev.files)))",
            "");

    @TempDir
    Path tmp;

    private final TinyModel model = new TinyModel(7);
    private FakeHub hub;
    private String python;

    @BeforeEach
    void setUp() throws IOException, InterruptedException {
        String configured = System.getenv("LMWB_PYTHON");
        python = configured == null || configured.isBlank() ? "python3" : configured;
        assumeTrue(run(List.of(python, "-c", "import huggingface_hub"), Map.of()).exit == 0,
                "skipped: no Python with huggingface_hub (tried '" + python + "'); set LMWB_PYTHON to one to run "
                        + "the cache layout cross-check");
        hub = new FakeHub();
        hub.add(REPO, new FakeHub.Repo(COMMIT, Map.of("config.json", model.config, "tokenizer.json", model.tokenizer,
                "model.safetensors", model.weights), Set.of("model.safetensors")));
        Files.writeString(tmp.resolve("interop.py"), SCRIPT);
    }

    @AfterEach
    void tearDown() {
        if (hub != null) {
            hub.close();
        }
    }

    private record Result(int exit, String output) {
    }

    private Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("HF_") || k.startsWith("HUGGINGFACE_"));
        builder.environment().put("HF_HOME", tmp.resolve("python-home").toString());
        builder.environment().put("HF_HUB_DISABLE_TELEMETRY", "1");
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-2, "timed out");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8));
    }

    @Test
    void pythonAndLmwbWriteTheSameCacheAndReadEachOther() throws IOException, InterruptedException {
        Path pythonCache = tmp.resolve("python-cache");
        Path javaCache = tmp.resolve("java-cache");
        Result download = run(List.of(python, tmp.resolve("interop.py").toString(), "download", pythonCache.toString()),
                Map.of("HF_ENDPOINT", hub.endpoint()));
        assertEquals(0, download.exit, download.output);
        new HubDownloadSource(ComponentConfig.of(HubDownloadSource.Config.class, Map.of("cacheDir", javaCache.toString(),
                "endpoint", hub.endpoint(), "connectTimeoutSeconds", 5, "readTimeoutSeconds", 10, "attempts", 2)))
                .resolve(REPO, e -> { }).orElseThrow();

        assertEquals(layout(pythonCache), layout(javaCache));

        ModelArtifact fromPython = new HubCacheSource(ComponentConfig.of(HubCacheSource.Config.class,
                Map.of("cacheDir", pythonCache.toString()))).resolve(REPO, e -> { }).orElseThrow();
        assertArrayEquals(model.weights, Files.readAllBytes(fromPython.weights()));
        assertEquals("sha256:" + TinyModel.sha256(model.weights), fromPython.contentHash());

        Result scan = run(List.of(python, tmp.resolve("interop.py").toString(), "scan", javaCache.toString()), Map.of());
        assertEquals(0, scan.exit, scan.output);
        assertEquals(REPO + " " + COMMIT + " main config.json,model.safetensors,tokenizer.json", scan.output.strip());
    }

    /** Every path under the cache (locks and the tag's comment aside) with its link target or content hash. */
    private static Map<String, String> layout(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String name = root.relativize(p).toString();
                if (name.startsWith(".locks") || name.equals("CACHEDIR.TAG")) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    entries.put(name, "-> " + Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    entries.put(name, TinyModel.sha256(Files.readAllBytes(p)));
                } else {
                    entries.put(name, "dir");
                }
            }
        }
        return entries;
    }
}
