package lmwb.api.data;

import java.util.Locale;

/** The splits of a dataset. */
public enum Split {
    /** Training data. */
    TRAIN,
    /** Development (validation) data. */
    DEV,
    /** Held-out test data. */
    TEST;

    /** @return the lower-case name, e.g. {@code train} */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
