package lmwb.common.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one Maven fetcher, driven with a stand-in {@code mvn} script (no network, no real Maven). */
class MavenFetcherTest {
    private static final MavenCoordinates TESTS = MavenCoordinates.parse("org.apache.opennlp:opennlp-tools:2.5.0:jar:tests");
    // SHA-256 of the 5 bytes "hello" (sha256sum).
    private static final String HELLO = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @Test
    void coordinatesNameTheRepositoryPath() {
        assertEquals("org/apache/opennlp/opennlp-tools/2.5.0/opennlp-tools-2.5.0-tests.jar", TESTS.repositoryPath());
        assertEquals("org.apache.opennlp:opennlp-tools:2.5.0:jar:tests", TESTS.toString());
        assertEquals("a.b:c:1", MavenCoordinates.parse("a.b:c:1").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MavenCoordinates.parse("a:b"));
        assertTrue(e.getMessage().contains("group:artifact:version"), e.getMessage());
    }

    @Test
    void aLocalArtifactWithThePinnedChecksumNeedsNoClient(@TempDir Path tmp) throws IOException {
        MavenFetcher f = new MavenFetcher("", tmp.resolve("m2"), Duration.ofSeconds(10));
        Path local = f.localPath(TESTS);
        Files.createDirectories(local.getParent());
        Files.writeString(local, "hello", StandardCharsets.UTF_8);
        assertEquals(local, f.fetch(TESTS, HELLO));
        assertEquals(local, f.fetch(TESTS, null));
    }

    @Test
    void withoutAClientTheMessageSaysWhereToPutTheFile(@TempDir Path tmp) {
        MavenFetcher f = new MavenFetcher("", tmp.resolve("m2"), Duration.ofSeconds(10));
        IOException e = assertThrows(IOException.class, () -> f.fetch(TESTS, HELLO));
        assertTrue(e.getMessage().contains("fetching is disabled") && e.getMessage().contains("opennlp-tools-2.5.0-tests.jar")
                && e.getMessage().contains(f.localPath(TESTS).getParent().toString()), e.getMessage());
        MavenFetcher missing = new MavenFetcher("no-such-mvn-client", tmp.resolve("m2"), Duration.ofSeconds(10));
        IOException m = assertThrows(IOException.class, () -> missing.fetch(TESTS, HELLO));
        assertTrue(m.getMessage().contains("put 'no-such-mvn-client' on PATH"), m.getMessage());
    }

    /** A stand-in client: writes {@code content} where the real {@code dependency:get} would put the artifact. */
    private static Path client(Path tmp, String content, int exit) throws IOException {
        Path mvn = tmp.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in -Dmaven.repo.local=*) repo=\"${a#*=}\";; esac; done\n"
                + "echo \"fetching $*\"\n"
                + (exit == 0 ? "f=\"$repo/" + TESTS.repositoryPath() + "\"\nmkdir -p \"$(dirname \"$f\")\"\nprintf '" + content
                        + "' > \"$f\"\n" : "echo 'Could not resolve artifact'\n")
                + "exit " + exit + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        return mvn;
    }

    @Test
    void theClientFetchesIntoTheLocalRepositoryAndTheChecksumIsChecked(@TempDir Path tmp) throws IOException {
        MavenFetcher good = new MavenFetcher(client(tmp, "hello", 0).toString(), tmp.resolve("m2"), Duration.ofSeconds(30));
        Path jar = good.fetch(TESTS, HELLO);
        assertEquals(good.localPath(TESTS), jar);
        assertEquals("hello", Files.readString(jar));

        MavenFetcher other = new MavenFetcher(client(tmp, "other", 0).toString(), tmp.resolve("m2b"), Duration.ofSeconds(30));
        IOException e = assertThrows(IOException.class, () -> other.fetch(TESTS, HELLO));
        assertTrue(e.getMessage().startsWith("checksum mismatch for " + TESTS) && e.getMessage().contains(HELLO), e.getMessage());
    }

    @Test
    void aFailingClientIsReportedWithItsLastLines(@TempDir Path tmp) throws IOException {
        MavenFetcher f = new MavenFetcher(client(tmp, "", 1).toString(), tmp.resolve("m2"), Duration.ofSeconds(30));
        IOException e = assertThrows(IOException.class, () -> f.fetch(TESTS, HELLO));
        assertTrue(e.getMessage().startsWith("could not fetch " + TESTS) && e.getMessage().contains("(exit 1)")
                && e.getMessage().contains("Could not resolve artifact"), e.getMessage());
        assertTrue(e.getMessage().contains(MavenFetcher.GET + " -Dartifact=" + TESTS), e.getMessage());
    }

    @Test
    void aFolderAppearsWholeOrNotAtAll(@TempDir Path tmp) throws IOException {
        Path target = tmp.resolve("models").resolve("m");
        IOException e = assertThrows(IOException.class, () -> AtomicFolder.install(target, d -> {
            Files.writeString(d.resolve("half"), "x");
            throw new IOException("killed half way");
        }, d -> true));
        assertEquals("killed half way", e.getMessage());
        try (Stream<Path> left = Files.list(tmp.resolve("models"))) {
            assertEquals(List.of(), left.toList(), "no folder and no temporary folder is left");
        }
        Files.createDirectories(target);
        Files.writeString(target.resolve("stale"), "from an older, incomplete run");
        AtomicFolder.install(target, d -> Files.writeString(d.resolve("done"), "x"), d -> Files.exists(d.resolve("done")));
        assertTrue(Files.exists(target.resolve("done")));
        assertFalse(Files.exists(target.resolve("stale")), "an incomplete folder is replaced whole");
    }
}
