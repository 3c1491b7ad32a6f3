package lmwb.common.maven;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Fills a folder so that it appears whole or not at all: the content is written into a temporary sibling
 * ({@code .<name>.tmp-*}) and renamed into place; a killed run leaves only the temporary folder, which the
 * next install of the same name removes when it is older than an hour.
 */
public final class AtomicFolder {
    private static final long STALE_MILLIS = 3_600_000L;

    private AtomicFolder() {
    }

    /** Writes the content of a folder. */
    @FunctionalInterface
    public interface Filler {
        /**
         * @param folder the empty temporary folder to fill
         * @throws IOException when writing fails
         */
        void fill(Path folder) throws IOException;
    }

    /**
     * @param target the folder to create (an incomplete one there is replaced)
     * @param filler writes the content
     * @param complete whether a folder is complete, for a folder another process renamed into place first
     * @throws IOException when filling fails (nothing is left at {@code target}) or an incomplete folder is in
     *     the way
     */
    public static void install(Path target, Filler filler, Predicate<Path> complete) throws IOException {
        Path parent = Files.createDirectories(target.toAbsolutePath().getParent());
        String prefix = "." + target.getFileName() + ".tmp-";
        removeStale(parent, prefix);
        Path tmp = Files.createTempDirectory(parent, prefix);
        try {
            if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // Temporary folders are private; a folder renamed into place should be readable by all.
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            filler.fill(tmp);
            if (Files.exists(target) && !complete.test(target)) {
                deleteTree(target);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                // Another process or thread installed it at the same moment: keep theirs if it is complete. (Linux
                // reports a rename onto a filled folder as a plain FileSystemException "Directory not empty".)
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                if (!complete.test(target)) {
                    throw new IOException(target + " exists but is not complete; delete it and retry", e);
                }
            }
        } finally {
            deleteTree(tmp);
        }
    }

    private static void removeStale(Path parent, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(parent)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                if (Files.getLastModifiedTime(p).toMillis() < System.currentTimeMillis() - STALE_MILLIS) {
                    deleteTree(p);
                }
            }
        }
    }

    /**
     * Deletes a file tree if it exists.
     *
     * @param root the tree
     * @throws IOException when a file cannot be deleted
     */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
