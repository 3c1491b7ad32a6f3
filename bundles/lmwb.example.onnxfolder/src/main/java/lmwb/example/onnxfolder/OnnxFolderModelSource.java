package lmwb.example.onnxfolder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.ModelDescriptor;
import lmwb.api.encoder.ModelSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Model source {@value #NAME}: every sub-folder of a configured folder that holds {@code model.onnx} (an fp32
 * BERT-family ONNX graph) and {@code tokenizer.json} — the layout of the built-in models once extracted under
 * {@code $LMWB_HOME/models/<name>/} — is a model named after the sub-folder. The folder is read on every call,
 * so a model folder copied in later is listed at once.
 *
 * <p>Built against {@code lmwb.api} only: a source resolves a name to a {@link ModelArtifact} (files and a
 * content hash); the workbench's encoder provider opens the ONNX weights. The component needs a configuration
 * (PID {@value #PID}, e.g. a {@code lmwb.example.onnxfolder.cfg} with {@code folder=/path} next to the jar in
 * the deploy folder) and refuses to activate when {@code folder} is not an existing folder. Service ranking
 * 400: its names are asked before the Hugging Face sources, which would otherwise take a plain name for a hub
 * id.
 */
@Component(service = ModelSource.class, configurationPid = OnnxFolderModelSource.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {ModelSource.NAME + "=" + OnnxFolderModelSource.NAME, "service.ranking:Integer=400"})
@Designate(ocd = OnnxFolderModelSource.Config.class)
public class OnnxFolderModelSource implements ModelSource {
    /** The source's name, also accepted as a prefix: {@code onnx-folder:NAME}. */
    public static final String NAME = "onnx-folder";
    /** The configuration PID. */
    public static final String PID = "lmwb.example.onnxfolder";
    /** The weights file of each model folder. */
    public static final String WEIGHTS = "model.onnx";
    /** The tokenizer file of each model folder. */
    public static final String TOKENIZER = "tokenizer.json";

    /** Configuration of the ONNX folder source. */
    @ObjectClassDefinition(id = PID, name = "lmwb ONNX folder models",
            description = "Serves every sub-folder holding model.onnx and tokenizer.json as a model")
    public @interface Config {
        /** @return the folder of model folders */
        @AttributeDefinition(name = "Folder",
                description = "Folder whose sub-folders each hold model.onnx and tokenizer.json; ~/ is the user's home")
        String folder() default "";
    }

    private final Path folder;
    private final Map<String, String> hashes = new ConcurrentHashMap<>();

    /**
     * @param config the configuration
     * @throws IllegalArgumentException when {@code folder} is empty or not an existing folder
     */
    @Activate
    public OnnxFolderModelSource(Config config) {
        this.folder = validFolder(config.folder(), System.getProperty("user.home"));
    }

    private static Path validFolder(String value, String userHome) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("folder is not set in configuration " + PID
                    + "; set folder=/path/to/models (a folder of sub-folders each holding " + WEIGHTS + " and "
                    + TOKENIZER + ")");
        }
        if ((text.equals("~") || text.startsWith("~/")) && userHome != null) {
            text = userHome + text.substring(1);
        }
        Path path = Path.of(text).toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("folder=" + value + " in configuration " + PID
                    + " is not an existing folder; create it or set folder to a folder of ONNX model folders");
        }
        return path;
    }

    /** @return the configured folder */
    Path folder() {
        return folder;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return a descriptor per complete model folder, by name; layers and sizes are known once opened */
    @Override
    public List<ModelDescriptor> available() {
        List<ModelDescriptor> out = new ArrayList<>();
        for (Path dir : modelFolders()) {
            if (missing(dir).isEmpty()) {
                out.add(new ModelDescriptor(String.valueOf(dir.getFileName()), NAME, "ONNX model in " + dir, -1, -1,
                        -1L, true));
            }
        }
        return out;
    }

    /**
     * @param reference a sub-folder's name, optionally prefixed with {@code onnx-folder:}
     * @return the model, or empty when no sub-folder has that name
     * @throws IOException when the sub-folder lacks a file, naming it, or the weights cannot be read
     */
    @Override
    public Optional<ModelArtifact> resolve(String reference, ProgressListener progress) throws IOException {
        if (reference == null) {
            return Optional.empty();
        }
        String name = reference.strip();
        if (name.startsWith(NAME + ":")) {
            name = name.substring(NAME.length() + 1);
        }
        if (name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\")) {
            return Optional.empty();
        }
        Path dir = folder.resolve(name);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Optional<String> missing = missing(dir);
        if (missing.isPresent()) {
            throw new IOException("model folder " + dir + " has no " + missing.get() + "; an ONNX model folder holds "
                    + WEIGHTS + " and " + TOKENIZER);
        }
        Path weights = dir.resolve(WEIGHTS);
        return Optional.of(new ModelArtifact(name, NAME, ModelArtifact.WeightFormat.ONNX, weights,
                dir.resolve(TOKENIZER), null, "sha256:" + sha256(weights)));
    }

    private List<Path> modelFolders() {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, p -> Files.isDirectory(p)
                && !String.valueOf(p.getFileName()).startsWith("."))) {
            stream.forEach(dirs::add);
        } catch (IOException e) {
            // The folder went away or is unreadable: this source has nothing to list until it is back.
            return List.of();
        }
        dirs.sort(Comparator.comparing(p -> String.valueOf(p.getFileName())));
        return dirs;
    }

    private static Optional<String> missing(Path dir) {
        for (String file : List.of(WEIGHTS, TOKENIZER)) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /** The weights' SHA-256 (the artifact's identity, so embeddings are cached by content), once per file version. */
    private String sha256(Path weights) throws IOException {
        Path real = weights.toRealPath();
        BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
        String key = real + "|" + attrs.size() + "|" + attrs.lastModifiedTime().toMillis();
        String known = hashes.get(key);
        if (known != null) {
            return known;
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(real)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        String hex = HexFormat.of().formatHex(digest.digest());
        hashes.put(key, hex);
        return hex;
    }
}
