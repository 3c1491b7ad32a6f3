package lmwb.datasets.builtin;

import java.nio.file.Path;

/** Where lmwb keeps its files: system property {@code lmwb.home}, else env {@code LMWB_HOME}, else {@code ~/.lmwb}. */
public final class LmwbHome {
    private LmwbHome() {
    }

    /** @return the lmwb home directory (not created) */
    public static Path resolve() {
        String p = System.getProperty("lmwb.home");
        if (p == null || p.isBlank()) {
            p = System.getenv("LMWB_HOME");
        }
        if (p == null || p.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".lmwb");
        }
        return Path.of(p);
    }
}
