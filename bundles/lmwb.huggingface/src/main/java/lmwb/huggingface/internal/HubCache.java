package lmwb.huggingface.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The Hugging Face hub cache on disk, in {@code huggingface_hub}'s layout, so models downloaded by Python
 * are found here and models downloaded here are found by Python:
 * <pre>
 * &lt;cache&gt;/models--ORG--NAME/
 *     refs/main                      the commit hash the branch pointed to
 *     blobs/&lt;etag&gt;                  file contents, named by the hub's etag (sha256 for LFS files)
 *     snapshots/&lt;commit&gt;/config.json   relative links to ../../blobs/&lt;etag&gt;
 * </pre>
 */
final class HubCache {
    private final Path root;

    /** @param root the cache folder */
    HubCache(Path root) {
        this.root = root;
    }

    /** @return the cache folder */
    Path root() {
        return root;
    }

    /** @param id a model id @return its folder (which may not exist) */
    Path repoDir(ModelId id) {
        return root.resolve(id.folderName());
    }

    /**
     * @param id a model id; its revision (default {@code main}) is a commit hash or a name under {@code refs/}
     * @return the snapshot folder of that revision, when the cache has one
     * @throws IOException when a ref file cannot be read
     */
    Optional<Path> snapshot(ModelId id) throws IOException {
        Path repo = repoDir(id);
        String revision = id.revisionOrDefault();
        if (ModelId.isCommit(revision)) {
            Path dir = repo.resolve("snapshots").resolve(revision);
            return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
        }
        Path ref = repo.resolve("refs").resolve(revision).normalize();
        if (!ref.startsWith(repo.resolve("refs")) || !Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
        if (!ModelId.isCommit(commit)) {
            throw new IOException("hub cache ref " + ref + " holds '" + commit + "', not a commit hash; delete it and "
                    + "download the model again");
        }
        Path dir = repo.resolve("snapshots").resolve(commit);
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /**
     * A model in the cache with every file lmwb needs.
     *
     * @param id the id (with a revision when it is not the default branch's snapshot)
     * @param snapshot the snapshot folder
     */
    record CachedModel(ModelId id, Path snapshot) {
    }

    /**
     * Lists the complete cached models: per model, the {@code main} snapshot when it is complete, else the
     * first complete snapshot of another ref, else the newest complete snapshot, by commit.
     *
     * @return the models, sorted by id
     * @throws IOException when the cache folder cannot be listed
     */
    List<CachedModel> models() throws IOException {
        List<CachedModel> models = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return models;
        }
        List<Path> repos = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root, "models--*")) {
            children.forEach(repos::add);
        }
        repos.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (Path repo : repos) {
            Optional<ModelId> id = ModelId.fromFolderName(repo.getFileName().toString());
            if (id.isPresent() && Files.isDirectory(repo)) {
                completeSnapshot(id.get(), repo).ifPresent(models::add);
            }
        }
        return models;
    }

    private Optional<CachedModel> completeSnapshot(ModelId id, Path repo) throws IOException {
        Optional<Path> main = snapshot(id);
        if (main.isPresent() && ModelDirectory.complete(main.get())) {
            return Optional.of(new CachedModel(id, main.get()));
        }
        Path refs = repo.resolve("refs");
        if (Files.isDirectory(refs)) {
            List<String> names = new ArrayList<>();
            try (var walk = Files.walk(refs)) {
                walk.filter(Files::isRegularFile).forEach(p -> names.add(refs.relativize(p).toString().replace('\\', '/')));
            }
            names.sort(null);
            for (String name : names) {
                Optional<ModelId> at = ModelId.parse(id.repoId() + "@" + name);
                if (at.isPresent() && !name.equals(ModelId.DEFAULT_REVISION)) {
                    Optional<Path> snap = snapshot(at.get());
                    if (snap.isPresent() && ModelDirectory.complete(snap.get())) {
                        return Optional.of(new CachedModel(at.get(), snap.get()));
                    }
                }
            }
        }
        Path snapshots = repo.resolve("snapshots");
        if (!Files.isDirectory(snapshots)) {
            return Optional.empty();
        }
        List<Path> commits = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(snapshots)) {
            for (Path child : children) {
                if (ModelId.isCommit(child.getFileName().toString()) && ModelDirectory.complete(child)) {
                    commits.add(child);
                }
            }
        }
        Comparator<Path> newestFirst = Comparator.comparing(HubCache::modified).reversed();
        commits.sort(newestFirst.thenComparing(p -> p.getFileName().toString()));
        return commits.stream().findFirst()
                .map(dir -> new CachedModel(id.at(dir.getFileName().toString()), dir));
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the modification time of " + path, e);
        }
    }

    /**
     * Creates the cache folder with a {@code CACHEDIR.TAG} (as {@code huggingface_hub} does) so that backup
     * tools skip it.
     *
     * @throws IOException when the folder cannot be created
     */
    void createTagged() throws IOException {
        Files.createDirectories(root);
        Path tag = root.resolve("CACHEDIR.TAG");
        if (!Files.exists(tag)) {
            Path temp = root.resolve(".CACHEDIR.TAG." + UUID.randomUUID() + ".tmp");
            try {
                Files.writeString(temp, "Signature: 8a477f597d28d172789f06886806bc55\n"
                        + "# This file is a cache directory tag created by huggingface_hub.\n", StandardCharsets.US_ASCII);
                moveAtomically(temp, tag);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** @param id a model @param etag a normalised etag @return where its blob lives */
    Path blob(ModelId id, String etag) {
        return repoDir(id).resolve("blobs").resolve(etag);
    }

    /** @param id a model @param etag a normalised etag @return the partial download of that blob */
    Path incomplete(ModelId id, String etag) {
        return repoDir(id).resolve("blobs").resolve(etag + ".incomplete");
    }

    /** @param id a model @param etag a normalised etag @return the lock file guarding its download */
    Path lock(ModelId id, String etag) {
        return root.resolve(".locks").resolve(id.folderName()).resolve(etag + ".lock");
    }

    /**
     * Points {@code snapshots/<commit>/<filename>} at the blob with a relative link, as
     * {@code huggingface_hub} does; where links cannot be made the blob is copied.
     *
     * @param id the model
     * @param commit the commit hash
     * @param filename the repository file name
     * @param etag the blob's etag
     * @return the snapshot file
     * @throws IOException when the link or copy fails
     */
    Path link(ModelId id, String commit, String filename, String etag) throws IOException {
        Path snapshotFile = repoDir(id).resolve("snapshots").resolve(commit).resolve(filename);
        Path blob = blob(id, etag);
        Files.createDirectories(snapshotFile.getParent());
        Path temp = snapshotFile.resolveSibling("." + snapshotFile.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try {
                Files.createSymbolicLink(temp, snapshotFile.getParent().relativize(blob));
            } catch (UnsupportedOperationException | FileSystemException e) {
                Files.copy(blob, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            moveAtomically(temp, snapshotFile);
        } finally {
            Files.deleteIfExists(temp);
        }
        return snapshotFile;
    }

    /**
     * Records which commit a branch or tag pointed to ({@code refs/<revision>}, no trailing newline).
     *
     * @param id the model
     * @param revision the branch or tag
     * @param commit the commit hash
     * @throws IOException when the file cannot be written
     */
    void writeRef(ModelId id, String revision, String commit) throws IOException {
        Path refs = repoDir(id).resolve("refs");
        Path ref = refs.resolve(revision).normalize();
        if (!ref.startsWith(refs)) {
            throw new IllegalArgumentException("revision '" + revision + "' leaves the refs folder");
        }
        Files.createDirectories(ref.getParent());
        Path temp = ref.resolveSibling("." + ref.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(temp, commit, StandardCharsets.UTF_8);
            moveAtomically(temp, ref);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
