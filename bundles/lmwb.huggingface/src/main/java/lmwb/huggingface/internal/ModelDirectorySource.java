package lmwb.huggingface.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.ModelDescriptor;
import lmwb.api.encoder.ModelSource;
import org.osgi.service.component.annotations.Component;

/**
 * Model source {@value #NAME}: a reference that is the path of an existing directory holding
 * {@code config.json}, {@code tokenizer.json} and {@code model.safetensors} (what
 * {@code save_pretrained} writes). {@code ~/} and {@code file:} references are accepted. A directory that
 * holds only ONNX files is left to other sources; any other directory is this source's, and a missing file
 * is an error naming it. A hub cache model folder ({@code models--ORG--NAME}) resolves to its
 * {@code main} snapshot. Service ranking 300: paths win over hub ids.
 */
@Component(service = ModelSource.class, property = {
        ModelSource.NAME + "=" + ModelDirectorySource.NAME, "service.ranking:Integer=300"})
public final class ModelDirectorySource implements ModelSource {
    /** The source's name. */
    static final String NAME = "hf-dir";

    private final Environment env = Environment.system();
    private final ContentHashes hashes = new ContentHashes();

    @Override
    public String name() {
        return NAME;
    }

    /** @return nothing: directories are named by the user */
    @Override
    public List<ModelDescriptor> available() {
        return List.of();
    }

    @Override
    public Optional<ModelArtifact> resolve(String reference, ProgressListener progress) throws IOException {
        Optional<Path> path = toPath(reference, env);
        if (path.isEmpty() || !Files.isDirectory(path.get())) {
            return Optional.empty();
        }
        Path dir = path.get();
        if (ModelDirectory.isOnnxOnly(dir)) {
            return Optional.empty();
        }
        Optional<ModelId> cachedId = ModelId.fromFolderName(String.valueOf(dir.getFileName()));
        if (cachedId.isPresent() && Files.isDirectory(dir.resolve("snapshots"))) {
            Path parent = dir.getParent();
            Optional<Path> snapshot = new HubCache(parent).snapshot(cachedId.get());
            if (snapshot.isEmpty()) {
                throw new IOException("hub cache folder " + dir + " has no snapshot for refs/main; pass the snapshot "
                        + "directory " + dir.resolve("snapshots") + "/<commit> instead");
            }
            dir = snapshot.get();
        }
        ModelDirectory.requireComplete(dir, "model directory " + dir);
        return Optional.of(ModelDirectory.artifact(reference, NAME, dir,
                hashes.weightsSha256(dir.resolve(ModelDirectory.WEIGHTS))));
    }

    /**
     * @param reference a model reference
     * @param env where {@code user.home} is read, for {@code ~}
     * @return the absolute path the reference names, or empty when it names none
     */
    static Optional<Path> toPath(String reference, Environment env) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        String text = reference.strip();
        try {
            if (text.startsWith("file:")) {
                return Optional.of(Path.of(URI.create(text)).toAbsolutePath().normalize());
            }
            if (text.equals("~") || text.startsWith("~/")) {
                String home = env.property("user.home");
                if (home == null) {
                    return Optional.empty();
                }
                text = home + text.substring(1);
            }
            return Optional.of(Path.of(text).toAbsolutePath().normalize());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
