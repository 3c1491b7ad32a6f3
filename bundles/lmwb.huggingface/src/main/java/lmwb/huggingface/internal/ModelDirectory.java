package lmwb.huggingface.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lmwb.api.encoder.ModelArtifact;

/**
 * The files lmwb reads from a Hugging Face model folder (a user's directory or a hub cache snapshot):
 * {@code config.json}, {@code tokenizer.json} and a single {@code model.safetensors}.
 */
final class ModelDirectory {
    static final String CONFIG = "config.json";
    static final String TOKENIZER = "tokenizer.json";
    static final String WEIGHTS = "model.safetensors";
    static final String SHARD_INDEX = "model.safetensors.index.json";
    static final String PYTORCH_WEIGHTS = "pytorch_model.bin";
    static final List<String> REQUIRED = List.of(CONFIG, TOKENIZER, WEIGHTS);

    private ModelDirectory() {
    }

    /**
     * @param dir a folder
     * @return the required files it lacks (a dangling link counts as missing)
     */
    static List<String> missing(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String name : REQUIRED) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                missing.add(name);
            }
        }
        return missing;
    }

    /** @param dir a folder @return whether it holds every required file */
    static boolean complete(Path dir) {
        return missing(dir).isEmpty();
    }

    /**
     * Checks that a folder holds a model lmwb can read.
     *
     * @param dir the folder
     * @param what how to name it in messages, e.g. {@code model directory /data/bert}
     * @throws IOException naming the missing files, or explaining sharded or PyTorch-only checkpoints
     */
    static void requireComplete(Path dir, String what) throws IOException {
        List<String> missing = missing(dir);
        if (missing.isEmpty()) {
            return;
        }
        if (missing.contains(WEIGHTS)) {
            if (Files.isRegularFile(dir.resolve(SHARD_INDEX))) {
                throw new IOException(what + " holds a sharded checkpoint (" + SHARD_INDEX + ") instead of a single "
                        + WEIGHTS + "; sharded checkpoints are not supported yet. Merge the shards into one file, e.g. "
                        + "in Python: AutoModel.from_pretrained(DIR).save_pretrained(OUT, max_shard_size=\"100GB\"), "
                        + "and copy " + CONFIG + " and " + TOKENIZER + " next to it");
            }
            if (Files.isRegularFile(dir.resolve(PYTORCH_WEIGHTS))) {
                throw new IOException(what + " holds " + PYTORCH_WEIGHTS + " but no " + WEIGHTS
                        + "; lmwb reads safetensors only (PyTorch pickles can run code when loaded). Convert it, e.g. in "
                        + "Python: AutoModel.from_pretrained(DIR).save_pretrained(DIR, safe_serialization=True)");
            }
        }
        String hint = missing.contains(TOKENIZER)
                ? "; a model with only a slow tokenizer (vocab.txt) gets a tokenizer.json from Python: "
                        + "AutoTokenizer.from_pretrained(DIR).save_pretrained(DIR)"
                : "";
        throw new IOException(what + " lacks " + String.join(", ", missing) + " (lmwb needs " + String.join(", ", REQUIRED)
                + ")" + hint);
    }

    /**
     * @param dir a folder
     * @return whether it looks like an ONNX export (ONNX files, no safetensors or PyTorch weights), which
     *     another source reads
     * @throws IOException when the folder cannot be listed
     */
    static boolean isOnnxOnly(Path dir) throws IOException {
        if (Files.exists(dir.resolve(WEIGHTS)) || Files.exists(dir.resolve(SHARD_INDEX))
                || Files.exists(dir.resolve(PYTORCH_WEIGHTS))) {
            return false;
        }
        try (DirectoryStream<Path> onnx = Files.newDirectoryStream(dir, "*.onnx")) {
            return onnx.iterator().hasNext();
        }
    }

    /**
     * @param reference what the user typed
     * @param source the source's name
     * @param dir a complete folder
     * @param sha256 the weights' sha256 in hex
     * @return the artifact
     */
    static ModelArtifact artifact(String reference, String source, Path dir, String sha256) {
        return new ModelArtifact(reference, source, ModelArtifact.WeightFormat.SAFETENSORS, dir.resolve(WEIGHTS),
                dir.resolve(TOKENIZER), dir.resolve(CONFIG), "sha256:" + sha256);
    }
}
