package lmwb.analysis.modelvectors;

import java.util.Arrays;
import java.util.Locale;

/**
 * How per-matrix singular vectors become a model vector. {@link #REFERENCE} is the reference's recipe (rank-r U,
 * unscaled, stacked, averaged over layers); the others fix its weaknesses one at a time on top of canonical
 * signs.
 */
enum Variant {
    /** U as the solver returns it, averaged over layers. */
    REFERENCE(false, false, false),
    /** U with canonical signs (largest-magnitude entry of each singular vector positive), averaged over layers. */
    SIGNFIX(true, false, false),
    /** U·S with canonical signs, averaged over layers. */
    SCALED(true, true, false),
    /** U with canonical signs, layers concatenated instead of averaged (no averaging of unaligned bases). */
    CONCAT(true, false, true);

    final boolean canonical;
    final boolean scaled;
    final boolean concatenated;

    Variant(boolean canonical, boolean scaled, boolean concatenated) {
        this.canonical = canonical;
        this.scaled = scaled;
        this.concatenated = concatenated;
    }

    /** @return the lower-case name */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Variant parse(String text) {
        for (Variant v : values()) {
            if (v.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + text + "'; use one of "
                + Arrays.stream(values()).map(Variant::label).toList());
    }
}
