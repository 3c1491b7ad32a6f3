package lmwb.api;

import java.nio.file.Path;

/**
 * Where lmwb keeps its files (extracted models, datasets, the embedding cache, results, DJL natives): the
 * framework/system property {@code lmwb.home}, else the environment variable {@code LMWB_HOME}, else
 * {@code ~/.lmwb}.
 */
public final class LmwbHome {
    /** The system property naming the home folder. */
    public static final String PROPERTY = "lmwb.home";
    /** The environment variable naming the home folder. */
    public static final String ENVIRONMENT = "LMWB_HOME";

    private LmwbHome() {
    }

    /** @return the home folder (not created) */
    public static Path resolve() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENVIRONMENT);
        }
        if (p == null || p.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".lmwb");
        }
        return Path.of(p);
    }

    /**
     * @param first first path element under the home folder
     * @param more further elements
     * @return the path under the home folder
     */
    public static Path resolve(String first, String... more) {
        return resolve().resolve(Path.of(first, more));
    }
}
