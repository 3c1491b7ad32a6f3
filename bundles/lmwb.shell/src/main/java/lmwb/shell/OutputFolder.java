package lmwb.shell;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A command's {@code --out} folder, checked before any work and replaced whole at the end. {@link #check} refuses
 * a path that is a file, and a non-empty folder that is not an earlier export of the same kind unless
 * {@code --force}; it creates the staging folder (a hidden sibling) at once, so an unwritable place fails
 * before the work too. The command writes into {@link #staging()}; {@link #commit()} swaps it in place of the
 * old folder (rename aside, rename in, delete the old one), {@link #close()} removes whatever was not
 * committed. A folder therefore never holds a mix of two exports, and a failed run leaves the old one as it was.
 */
public final class OutputFolder implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private final boolean replacesEarlier;
    private boolean committed;

    private OutputFolder(Path target, Path staging, boolean replacesEarlier) {
        this.target = target;
        this.staging = staging;
        this.replacesEarlier = replacesEarlier;
    }

    /**
     * @param out the {@code --out} value
     * @param kind what the command exports, for messages, e.g. {@code ranking}
     * @param force whether {@code --force} was given
     * @param earlierExport whether a non-empty folder is an earlier export of this kind (replaced without --force)
     * @return the prepared folder
     * @throws IllegalArgumentException saying what is wrong with {@code out} and what to do
     * @throws IOException when the staging folder cannot be created beside it
     */
    public static OutputFolder check(String out, String kind, boolean force, Predicate<Path> earlierExport) throws IOException {
        Path target = Path.of(out).toAbsolutePath().normalize();
        if (target.getParent() == null) {
            throw new IllegalArgumentException("--out " + out + ": give a folder below the root, e.g. --out ./" + kind);
        }
        if (Files.exists(target)) {
            if (!Files.isDirectory(target)) {
                throw new IllegalArgumentException("--out " + out + " is a file, not a folder; give a folder (it is created "
                        + "if missing)");
            }
            List<String> entries = entries(target);
            if (!entries.isEmpty()) {
                if (!force && !earlierExport.test(target)) {
                    throw new IllegalArgumentException("--out " + out + " is not empty and holds no earlier " + kind
                            + " export (it has " + String.join(", ", entries.subList(0, Math.min(3, entries.size())))
                            + (entries.size() > 3 ? ", …" : "") + "); choose an empty or new folder, or add --force to replace "
                            + "the folder whole");
                }
            }
        }
        Path parent = target.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + out + ": cannot create its parent folder " + parent + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        Path staging;
        try {
            staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + out + ": cannot write in " + parent + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        return new OutputFolder(target, staging, Files.isDirectory(target) && !entries(target).isEmpty());
    }

    /** @return the final folder */
    public Path target() {
        return target;
    }

    /** @return where the command writes its files before {@link #commit()} */
    public Path staging() {
        return staging;
    }

    /** @return whether a non-empty folder was (or will be) replaced */
    public boolean replaces() {
        return replacesEarlier;
    }

    /**
     * Copies every regular file of {@code from} into the staging folder (not the store's hidden bookkeeping files).
     *
     * @param from a stored result's folder
     * @throws IOException when copying fails
     */
    public void copyFilesOf(Path from) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                Files.copy(f, staging.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Puts the staging folder in place of the target, replacing an old one whole.
     *
     * @throws IOException when the rename fails (the old folder is then put back)
     */
    public void commit() throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = staging.resolveSibling(staging.getFileName().toString().replace(".tmp-", ".old-"));
            move(target, old);
        }
        try {
            move(staging, target);
        } catch (IOException e) {
            if (old != null) {
                move(old, target);
            }
            throw e;
        }
        committed = true;
        if (old != null) {
            delete(old);
        }
    }

    /** Removes the staging folder unless it was committed. */
    @Override
    public void close() {
        if (!committed) {
            delete(staging);
        }
    }

    /**
     * @return a test for an earlier result export: {@code result.json} of one of {@code kinds}, besides only plots,
     *     matrices and an embedding export's {@code manifest.json}
     */
    public static Predicate<Path> resultExport(String... kinds) {
        Set<String> accepted = Set.of(kinds);
        return dir -> {
            JsonObject doc = json(dir.resolve("result.json"));
            if (doc == null || !doc.has("kind") || !accepted.contains(doc.get("kind").getAsString())) {
                return false;
            }
            return entries(dir).stream().allMatch(n -> n.equals("result.json") || (Files.isRegularFile(dir.resolve(n))
                    && (n.endsWith(".svg") || n.endsWith(".png") || n.endsWith(".npy") || n.equals("manifest.json"))));
        };
    }

    /**
     * @return a test for an earlier {@code embed} export: {@code manifest.json} plus only the files it lists (and the
     *     {@code result.json} of exports since the result store holds them)
     */
    public static Predicate<Path> embedExport() {
        return dir -> {
            JsonObject m = json(dir.resolve("manifest.json"));
            if (m == null || !m.has("model") || !m.has("files") || !m.get("files").isJsonArray()) {
                return false;
            }
            Set<String> listed = new HashSet<>();
            for (JsonElement f : m.getAsJsonArray("files")) {
                listed.add(f.getAsString());
            }
            return entries(dir).stream().allMatch(n -> n.equals("manifest.json") || n.equals("result.json") || listed.contains(n));
        };
    }

    /** @return a test for an earlier {@code train} export: only {@code seed-<n>} checkpoint folders */
    public static Predicate<Path> trainExport() {
        return dir -> entries(dir).stream().allMatch(n -> n.matches("seed-\\d+") && Files.isDirectory(dir.resolve(n)));
    }

    private static JsonObject json(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static List<String> entries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + dir + " cannot be read (" + e.getMessage() + ")");
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }
}
