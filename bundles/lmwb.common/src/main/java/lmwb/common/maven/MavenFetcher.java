package lmwb.common.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds an artifact in the local Maven repository or fetches it there with the {@code mvn} client
 * ({@code maven-dependency-plugin:get}, not transitive), and checks its pinned SHA-256. The client uses
 * its own settings (mirrors, proxies, offline mode); lmwb names no repository.
 */
public final class MavenFetcher {
    /** The plugin that fetches one artifact into the local repository. */
    static final String GET = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get";
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private final String command;
    private final Path localRepository;
    private final Duration timeout;

    /**
     * @param command the Maven client: a path, a name looked up on {@code PATH} (then under
     *     {@code MAVEN_HOME}/{@code M2_HOME}), or empty to never fetch
     * @param localRepository the local repository, or {@code null} for {@link #defaultLocalRepository()}
     * @param timeout how long one fetch may take
     */
    public MavenFetcher(String command, Path localRepository, Duration timeout) {
        this.command = command.trim();
        this.localRepository = localRepository == null ? defaultLocalRepository() : localRepository;
        this.timeout = timeout;
    }

    /** @return {@code maven.repo.local} when set, else {@code ~/.m2/repository} */
    public static Path defaultLocalRepository() {
        String p = System.getProperty("maven.repo.local");
        return p != null && !p.isBlank() ? Path.of(p) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** @return the local repository this fetcher reads and fills */
    public Path localRepository() {
        return localRepository;
    }

    /**
     * @param artifact coordinates
     * @return where the artifact lies (or would lie) in the local repository
     */
    public Path localPath(MavenCoordinates artifact) {
        return localRepository.resolve(artifact.repositoryPath());
    }

    /** @return the {@code mvn} client this fetcher would run, if there is one */
    public Optional<Path> client() {
        if (command.isEmpty()) {
            return Optional.empty();
        }
        if (command.contains("/") || command.contains(java.io.File.separator)) {
            Path p = Path.of(command);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String exe = WINDOWS && !command.endsWith(".cmd") ? command + ".cmd" : command;
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path p = dir.isBlank() ? null : Path.of(dir, exe);
                if (p != null && Files.isExecutable(p) && !Files.isDirectory(p)) {
                    return Optional.of(p);
                }
            }
        }
        for (String env : List.of("MAVEN_HOME", "M2_HOME")) {
            String home = System.getenv(env);
            if (home != null && !home.isBlank() && Files.isExecutable(Path.of(home, "bin", exe))) {
                return Optional.of(Path.of(home, "bin", exe));
            }
        }
        return Optional.empty();
    }

    /**
     * The artifact from the local repository, fetched into it first when it is missing or differs from the
     * pinned checksum.
     *
     * @param artifact coordinates
     * @param sha256 the pinned lower-case hex SHA-256 of the file, or {@code null} to accept any
     * @return the verified file in the local repository
     * @throws IOException when there is no client, the client fails or times out, or the checksum differs
     */
    public Path fetch(MavenCoordinates artifact, String sha256) throws IOException {
        Path local = localPath(artifact);
        if (Files.isRegularFile(local) && (sha256 == null || sha256(local).equals(sha256))) {
            return local;
        }
        Path mvn = client().orElseThrow(() -> new IOException("fetching " + artifact + " needs Apache Maven"
                + (command.isEmpty() ? " but fetching is disabled (the Maven command is empty)"
                        : ": put '" + command + "' on PATH or set MAVEN_HOME")
                + "; without a client, copy " + artifact.fileName() + " into " + local.getParent()));
        List<String> cmd = List.of(mvn.toString(), "-q", "-B", GET, "-Dartifact=" + artifact, "-Dtransitive=false",
                "-Dmaven.repo.local=" + localRepository.toAbsolutePath());
        run(artifact, cmd, local);
        if (sha256 != null) {
            String actual = sha256(local);
            if (!actual.equals(sha256)) {
                throw new IOException("checksum mismatch for " + artifact + " (" + local + "): expected sha256 " + sha256
                        + ", got " + actual + "; the artifact differs from the one lmwb was built against");
            }
        }
        return local;
    }

    private void run(MavenCoordinates artifact, List<String> cmd, Path local) throws IOException {
        Path log = Files.createTempFile("lmwb-mvn", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("fetching " + artifact + " with '" + cmd.get(0) + "' took longer than "
                            + timeout.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while fetching " + artifact);
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(local)) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                List<String> tail = new ArrayList<>(lines.subList(Math.max(0, lines.size() - 15), lines.size()));
                throw new IOException("could not fetch " + artifact + " with '" + String.join(" ", cmd) + "' (exit "
                        + p.exitValue() + "); without network, copy " + artifact.fileName() + " into " + local.getParent()
                        + (tail.isEmpty() ? "" : ". Maven said:\n" + String.join("\n", tail)));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * @param file a file
     * @return its lower-case hex SHA-256
     * @throws IOException when it cannot be read
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** @return a fresh SHA-256 digest */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
