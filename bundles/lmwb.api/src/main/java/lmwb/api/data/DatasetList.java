package lmwb.api.data;

import java.util.List;
import lmwb.api.capability.CapabilityResult;

/**
 * The datasets every provider offers by name (the {@code datasets} capability's result; not stored).
 *
 * @param kind {@value #KIND}
 * @param datasets the datasets, in provider order
 */
public record DatasetList(String kind, List<Entry> datasets) implements CapabilityResult {
    /** The result kind. */
    public static final String KIND = "datasets";

    @Override
    public String resultId() {
        return null;
    }

    /**
     * @param name its name
     * @param task its task type
     * @param provider the provider that offers it
     * @param source where it comes from
     * @param local whether it is on disk already, or {@code null} when its provider cannot say
     * @param isDefault whether it is the default dataset
     * @param description one line
     */
    public record Entry(String name, String task, String provider, String source, Boolean local, boolean isDefault,
            String description) {
    }
}
