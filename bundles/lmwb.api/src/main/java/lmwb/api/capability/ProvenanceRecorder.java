package lmwb.api.capability;

import java.util.Map;
import lmwb.api.Provenance;

/**
 * The one place that fills a result's provenance with what every capability records the same way: the versions
 * of lmwb, DJL, the PyTorch natives, OpenBLAS and Java (read from the installed bundles' headers, never typed in),
 * the host, the user (from the {@link RunContext}), the seed and the options (from the request). The capability
 * adds its own inputs: the dataset's content hash ({@link #DATASET}) and each model's artifact hash
 * ({@link #modelHash}).
 *
 * <p>Used as {@code recorder.begin("rank", request, context).input(ProvenanceRecorder.DATASET, hash)...build()}.
 */
@org.osgi.annotation.versioning.ProviderType
public interface ProvenanceRecorder {
    /** The input key of the dataset's content hash. */
    String DATASET = "dataset";
    /** The prefix of the input key of a model's artifact hash: {@code model:<reference>}. */
    String MODEL_PREFIX = "model:";
    /** The prefix of a hash that could not be taken: {@code none: <why>}. Never {@code "?"}. */
    String NO_HASH = "none: ";

    /**
     * @param component the capability (or component) producing the result, e.g. {@code rank}
     * @param request the request: every non-null component is recorded as an option (snake_case key, JSON
     *     text), and a {@code seed} component as the seed
     * @param context who runs it
     * @return a builder with versions, host, user, options and seed filled in
     */
    Provenance.Builder begin(String component, Record request, RunContext context);

    /**
     * @return the versions this runtime records: {@code lmwb}, {@code djl}, {@code pytorch}, {@code openblas},
     *     {@code java} (a part that is not installed says so, e.g. {@code "not installed"})
     */
    Map<String, String> versions();

    /**
     * @param hash a model artifact's content hash, or {@code null}/blank when there is none
     * @param why why there would be none, e.g. {@code "the model source gives no artifact hash"}
     * @return {@code hash}, or {@value #NO_HASH}{@code why}
     */
    static String modelHash(String hash, String why) {
        return hash == null || hash.isBlank() || hash.equals("?") ? NO_HASH + why : hash;
    }
}
