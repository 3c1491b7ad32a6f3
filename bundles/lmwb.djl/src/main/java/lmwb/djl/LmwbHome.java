package lmwb.djl;

import java.nio.file.Path;

/**
 * Where lmwb keeps extracted models, caches, results and the DJL natives: the system property
 * {@code lmwb.home}, else the environment variable {@code LMWB_HOME}, else {@code ~/.lmwb}.
 */
public final class LmwbHome {
    /** System property that overrides the home folder. */
    public static final String PROPERTY = "lmwb.home";
    /** Environment variable that names the home folder when the property is unset. */
    public static final String ENV = "LMWB_HOME";

    private LmwbHome() {
    }

    /** @return the home folder (not necessarily existing yet) */
    public static Path path() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        if (p == null || p.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".lmwb").toAbsolutePath();
        }
        return Path.of(p).toAbsolutePath();
    }
}
