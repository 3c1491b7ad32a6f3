package lmwb.common.capability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import lmwb.api.results.ResultStore;
import lmwb.api.results.StoredResult;
import lmwb.api.training.TrainingResult;

/**
 * Checkpoints of stored trainings named by result id: {@code ID} (the training's folder, a {@code seed-N} checkpoint
 * per run) or {@code ID/seed-N} (one run's checkpoint). Clients of the shared runtime cannot name server folders, so
 * this is how they point {@code predict}, {@code modelvec} and {@code deltarank} at what {@code train} stored.
 */
public final class StoredCheckpoints {
    /** The folder of one run's checkpoint inside a training result: {@code seed-<seed>}. */
    public static final String SEED_PREFIX = "seed-";

    private StoredCheckpoints() {
    }

    /**
     * A checkpoint folder and the id of the stored training it belongs to.
     *
     * @param folder the training's folder or one run's checkpoint folder
     * @param training the training result's id
     */
    public record Located(Path folder, String training) {
    }

    /**
     * @param store the result store
     * @param reference {@code ID} or {@code ID/seed-N} (an id or a unique prefix of one)
     * @param option the option that named it, for messages (e.g. {@code --checkpoint})
     * @return the folder, or empty when {@code ID} names no stored result
     * @throws IOException when the store cannot be read
     * @throws IllegalArgumentException when the result is no training, the training has no such checkpoint, or the
     *     prefix is ambiguous
     */
    public static Optional<Located> locate(ResultStore store, String reference, String option) throws IOException {
        int slash = reference.indexOf('/');
        String id = slash < 0 ? reference : reference.substring(0, slash);
        Optional<StoredResult> stored = id.isBlank() || id.contains("\\") ? Optional.empty() : store.find(id);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (!stored.get().kind().equals(TrainingResult.KIND)) {
            throw new IllegalArgumentException(option + " " + reference + " is a stored '" + stored.get().kind()
                    + "' result, not a training; see 'results --kind training'");
        }
        Path dir = stored.get().directory();
        if (slash >= 0) {
            String seed = reference.substring(slash + 1);
            if (!seed.matches(SEED_PREFIX + "\\d+") || !Files.isDirectory(dir.resolve(seed))) {
                throw new IllegalArgumentException(option + " " + reference + ": training " + stored.get().id()
                        + " has no checkpoint '" + seed + "'; give its id alone to see its seed-* checkpoints");
            }
            dir = dir.resolve(seed);
        }
        return Optional.of(new Located(dir, stored.get().id()));
    }
}
