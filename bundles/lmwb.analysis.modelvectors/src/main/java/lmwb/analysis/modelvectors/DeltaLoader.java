package lmwb.analysis.modelvectors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressEvent;
import lmwb.api.ProgressListener;
import lmwb.api.analysis.modelvectors.WeightReader;
import lmwb.api.analysis.modelvectors.WeightTensor;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.results.ResultStore;
import lmwb.common.capability.StoredCheckpoints;
import lmwb.common.json.Json;

/**
 * Resolves the base and the fine-tuned models, reads their weights, checks the architecture, and decomposes
 * every delta ΔW = W_ft − W_base of the six families per layer.
 */
final class DeltaLoader {
    /** The checkpoint description lmwb's trainer writes beside the weights. */
    static final String CHECKPOINT_DESCRIPTION = "model.json";

    private final EmbeddingService models;
    private final WeightReader reader;

    DeltaLoader(EmbeddingService models, WeightReader reader) {
        this.models = models;
        this.reader = reader;
    }

    /** A fine-tuned model to read: a training checkpoint's encoder file or a resolvable model. */
    record Input(String name, Path checkpoint, String reference, String label) {
    }

    /** One model's decomposed deltas. */
    record Delta(Input input, String hash, DeltaSvd[][] svds, float[] flat) {
    }

    /** The base and the models' deltas. */
    record Loaded(Architecture arch, String baseHash, List<Delta> deltas) {
    }

    /**
     * @param references what the user named: checkpoint folders, training output folders (every {@code seed-*}
     *     checkpoint below), Hugging Face folders or hub ids
     * @return the models, in order
     */
    static List<Input> expand(List<String> references) throws IOException {
        List<Input> out = new ArrayList<>();
        for (String ref : references) {
            Path p = Path.of(ref);
            if (Files.isRegularFile(p.resolve(CHECKPOINT_DESCRIPTION))) {
                out.add(new Input(name(p), p, null, null));
            } else if (Files.isDirectory(p) && !Files.isRegularFile(p.resolve("config.json"))) {
                List<Path> found;
                try (Stream<Path> s = Files.list(p)) {
                    found = s.filter(d -> Files.isRegularFile(d.resolve(CHECKPOINT_DESCRIPTION))).sorted().toList();
                }
                if (found.isEmpty()) {
                    throw new IllegalArgumentException("'" + ref + "' is neither a training checkpoint (no "
                            + CHECKPOINT_DESCRIPTION + ") nor a folder of checkpoints nor a Hugging Face model folder");
                }
                found.forEach(d -> out.add(new Input(name(d), d, null, null)));
            } else {
                out.add(new Input(ref, null, ref, null));
            }
        }
        return out;
    }

    /**
     * @param store the result store
     * @param references what the user named
     * @return the references, each stored training ({@code ID}, or {@code ID/seed-N} for one run) replaced by its
     *     folder: clients of the shared runtime cannot name server folders, but can name what {@code train} stored
     */
    static List<String> stored(ResultStore store, List<String> references) throws IOException {
        List<String> out = new ArrayList<>();
        for (String ref : references) {
            Optional<StoredCheckpoints.Located> located = exists(ref) ? Optional.empty()
                    : StoredCheckpoints.locate(store, ref, "--models");
            out.add(located.map(l -> l.folder().toString()).orElse(ref));
        }
        return out;
    }

    private static boolean exists(String ref) {
        try {
            return Files.exists(Path.of(ref));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static String name(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        return parent == null || parent.getFileName() == null ? abs.getFileName().toString()
                : parent.getFileName() + "/" + abs.getFileName();
    }

    ModelArtifact resolve(String reference, ProgressListener progress) throws IOException {
        return models.resolve(reference, progress);
    }

    /**
     * @param base the base reference
     * @param inputs the models
     * @param keep left singular vectors to keep per matrix
     * @param flat whether to keep each model's flattened ΔW (for the task-vector baseline)
     * @param progress progress per model
     * @param cancel cancellation
     * @return the decomposed deltas
     */
    Loaded load(String base, List<Input> inputs, int keep, boolean flat, ProgressListener progress,
            CancellationToken cancel) throws IOException {
        ModelArtifact baseArtifact = resolve(base, progress);
        Map<String, WeightTensor> baseWeights = reader.read(baseArtifact);
        Architecture arch = Architecture.of(base, baseWeights);
        if (keep > Math.min(arch.hidden(), arch.ffn())) {
            throw new IllegalArgumentException("rank " + keep + " exceeds the smallest matrix dimension "
                    + Math.min(arch.hidden(), arch.ffn()) + " of '" + base + "'");
        }
        List<Delta> deltas = new ArrayList<>();
        long start = System.nanoTime();
        int done = 0;
        for (Input in : inputs) {
            cancel.throwIfCancelled();
            progress.onProgress(new ProgressEvent("weight deltas", done, inputs.size(), "models", System.nanoTime() - start));
            Map<String, WeightTensor> w;
            Input resolved = in;
            String hash;
            if (in.checkpoint() != null) {
                Checkpoint c = checkpoint(in.checkpoint(), base, baseArtifact);
                w = reader.readSafetensors(c.weights());
                resolved = new Input(in.name(), in.checkpoint(), null, c.dataset());
                hash = "checkpoint:" + in.checkpoint().toAbsolutePath().normalize();
            } else {
                ModelArtifact a = resolve(in.reference(), progress);
                w = reader.read(a);
                hash = a.contentHash();
            }
            arch.check(in.name(), w, "model");
            deltas.add(decompose(arch, resolved, hash, baseWeights, w, keep, flat));
            done++;
        }
        progress.onProgress(new ProgressEvent("weight deltas", done, inputs.size(), "models", System.nanoTime() - start));
        return new Loaded(arch, baseArtifact.contentHash(), deltas);
    }

    static Delta decompose(Architecture arch, Input input, String hash, Map<String, WeightTensor> base,
            Map<String, WeightTensor> tuned, int keep, boolean keepFlat) {
        DeltaSvd[][] svds = new DeltaSvd[arch.layers()][Family.values().length];
        float[] flat = keepFlat ? new float[Math.toIntExact(arch.parameters())] : null;
        int at = 0;
        for (int l = 0; l < arch.layers(); l++) {
            for (Family f : Family.values()) {
                float[] b = base.get(f.tensor(l)).data();
                float[] t = tuned.get(f.tensor(l)).data();
                double[] d = new double[b.length];
                for (int i = 0; i < b.length; i++) {
                    d[i] = (double) t[i] - (double) b[i];
                    if (flat != null) {
                        flat[at + i] = (float) d[i];
                    }
                }
                at += b.length;
                long[] shape = arch.shape(f);
                svds[l][f.ordinal()] = DeltaSvd.of(d, (int) shape[0], (int) shape[1], keep);
            }
        }
        return new Delta(input, hash, svds, flat);
    }

    /** A training checkpoint's fine-tuned encoder file and dataset. */
    record Checkpoint(Path weights, String dataset) {
    }

    /**
     * Finds the checkpoint's encoder fine-tuned from the base.
     *
     * @throws IllegalArgumentException when none is, or when it was frozen
     */
    static Checkpoint checkpoint(Path dir, String base, ModelArtifact baseArtifact) throws IOException {
        Path f = dir.resolve(CHECKPOINT_DESCRIPTION);
        Description o;
        try {
            // lmwb.common.json: snake_case keys, and the camelCase keys of checkpoints written before 0.2.
            o = Json.COMPACT.fromJson(Files.readString(f, StandardCharsets.UTF_8), Description.class);
        } catch (RuntimeException e) {
            throw new IOException(f + " is not a valid checkpoint description: " + e.getMessage(), e);
        }
        List<String> seen = new ArrayList<>();
        for (Description.Encoder enc : o == null || o.encoders() == null ? List.<Description.Encoder>of() : o.encoders()) {
            String ref = enc.reference();
            String hash = enc.contentHash();
            seen.add(ref);
            boolean same = hash != null ? hash.equals(baseArtifact.contentHash()) : base.equals(ref);
            if (!same) {
                continue;
            }
            if (enc.weights() == null) {
                throw new IllegalArgumentException("checkpoint " + dir + " kept '" + ref + "' frozen: its weights did "
                        + "not change, so it has no delta; train without --frozen");
            }
            return new Checkpoint(dir.resolve(enc.weights()), o.dataset());
        }
        throw new IllegalArgumentException("checkpoint " + dir + " was fine-tuned from " + seen + ", not from base '"
                + base + "' (" + baseArtifact.contentHash() + "); use --base with its base model");
    }

    /** The parts of a training checkpoint's {@code model.json} this loader needs. */
    record Description(List<Encoder> encoders, String dataset) {
        record Encoder(String reference, String contentHash, String weights) {
        }
    }
}
