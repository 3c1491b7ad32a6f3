package lmwb.results;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folders of the result store under its root: {@code <id>/} for a committed result, {@code .tmp-<id>/} while
 * it is written. A writer holds an OS file lock on {@code .tmp-<id>.lock} from {@link #stage} until its rows are
 * committed, so another process (a local command beside {@code lmwb serve}) can tell a result being written from
 * one abandoned by a killed process: a lock that can be taken belongs to nobody.
 */
final class ResultFolders {
    static final String STAGING_PREFIX = ".tmp-";
    static final String LOCK_SUFFIX = ".lock";
    /** A staging folder of the file-only store of earlier versions (no lock file) is abandoned after this long. */
    static final Duration UNLOCKED_STAGING_AGE = Duration.ofMinutes(10);

    private final Path root;

    ResultFolders(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /**
     * @param dir a folder
     * @param name a relative file name
     * @return the file in {@code dir}
     * @throws IllegalArgumentException when the name is empty, absolute, or leaves the folder
     */
    static Path inside(Path dir, String name) {
        if (name == null || name.isBlank() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a result file name is needed");
        }
        Path base = dir.toAbsolutePath().normalize();
        Path relative;
        try {
            relative = Path.of(name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad result file name '" + name + "'");
        }
        Path file = base.resolve(relative).normalize();
        if (relative.isAbsolute() || !file.startsWith(base) || file.equals(base)) {
            throw new IllegalArgumentException("result file name '" + name + "' leaves the result's folder; give a"
                    + " name inside it, e.g. " + lmwb.api.results.ResultStore.DOCUMENT);
        }
        return file;
    }

    /** @return the ids of committed result folders (names that do not start with a dot) */
    List<String> committedIds() throws IOException {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return ids;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (!name.startsWith(".") && Files.isDirectory(d)) {
                    ids.add(name);
                }
            }
        }
        return ids;
    }

    /** Deletes staging folders and lock files that no live writer holds. */
    void deleteAbandonedStaging() throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(root, STAGING_PREFIX + "*")) {
            all.forEach(entries::add);
        }
        Instant oldEnough = Instant.now().minus(UNLOCKED_STAGING_AGE);
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (name.endsWith(LOCK_SUFFIX)) {
                // a lock file alone: its writer died after the rename; recovery takes it (tryLock)
                continue;
            }
            Path lockFile = root.resolve(name + LOCK_SUFFIX);
            if (Files.exists(lockFile)) {
                try (Lock lock = lock(lockFile)) {
                    if (lock != null) {
                        deleteTree(p);
                    }
                }
            } else {
                FileTime modified = Files.getLastModifiedTime(p);
                if (modified.toInstant().isBefore(oldEnough)) {
                    deleteTree(p);
                }
            }
        }
    }

    /**
     * @param id a result id
     * @return the lock of that id's writer if nobody holds it (close it to release and delete it), or {@code null}
     */
    Lock tryLock(String id) throws IOException {
        Files.createDirectories(root);
        return lock(root.resolve(STAGING_PREFIX + id + LOCK_SUFFIX));
    }

    private static Lock lock(Path lockFile) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return null;
            }
            return new Lock(lockFile, channel);
        } catch (OverlappingFileLockException e) {
            // held by a writer in this JVM
            channel.close();
            return null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Makes a staging folder for {@code id}, locked first so that no other process takes it for abandoned.
     *
     * @param id the result's id
     * @return the staging folder
     */
    Staging stage(String id) throws IOException {
        Lock lock = tryLock(id);
        if (lock == null) {
            throw new IOException("result id " + id + " is in use");
        }
        try {
            Path dir = root.resolve(STAGING_PREFIX + id);
            Files.createDirectory(dir);
            return new Staging(id, dir, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** A held lock file; closing it deletes the file, then releases the lock. */
    static final class Lock implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;

        Lock(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }

        @Override
        public void close() throws IOException {
            try {
                Files.deleteIfExists(file);
            } finally {
                channel.close();
            }
        }
    }

    /** A staging folder and the lock that marks it as in use. */
    final class Staging {
        private final String id;
        private final Path directory;
        private final Lock lock;
        private boolean published;

        Staging(String id, Path directory, Lock lock) {
            this.id = id;
            this.directory = directory;
            this.lock = lock;
        }

        Path directory() {
            return directory;
        }

        /** Renames the staging folder to its result id, in one step. */
        Path publish() throws IOException {
            Path target = root.resolve(id);
            move(directory, target);
            published = true;
            return target;
        }

        /** Takes a published folder back (its rows could not be inserted), so that close() deletes it. */
        void unpublish() throws IOException {
            if (published) {
                move(root.resolve(id), directory);
                published = false;
            }
        }

        /** Deletes the staging folder unless it was published and committed, then releases the lock. */
        void close(boolean committed) {
            try {
                if (!committed) {
                    deleteTree(published ? root.resolve(id) : directory);
                }
            } finally {
                try {
                    lock.close();
                } catch (IOException e) {
                    System.getLogger(ResultFolders.class.getName()).log(System.Logger.Level.WARNING,
                            () -> "result store: cannot release the lock of " + id + ": " + e.getMessage());
                }
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.getLogger(ResultFolders.class.getName()).log(System.Logger.Level.WARNING,
                    () -> "result store: cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
