package lmwb.common.maven;

/**
 * An artifact's coordinates, {@code group:artifact:version[:type[:classifier]]}.
 *
 * @param group the group id
 * @param artifact the artifact id
 * @param version the version
 * @param type the packaging type, {@code jar} by default
 * @param classifier the classifier, or {@code null}
 */
public record MavenCoordinates(String group, String artifact, String version, String type, String classifier) {
    /**
     * @param text {@code group:artifact:version}, {@code group:artifact:version:type} or
     *     {@code group:artifact:version:type:classifier}
     * @return the coordinates
     * @throws IllegalArgumentException when the text has another shape or an empty part
     */
    public static MavenCoordinates parse(String text) {
        String[] c = text.split(":", -1);
        if (c.length < 3 || c.length > 5 || java.util.Arrays.stream(c).anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("Maven coordinates must be group:artifact:version[:type[:classifier]], got "
                    + text);
        }
        return new MavenCoordinates(c[0], c[1], c[2], c.length > 3 ? c[3] : "jar", c.length > 4 ? c[4] : null);
    }

    /** @return the file name in a repository, e.g. {@code opennlp-tools-2.5.0-tests.jar} */
    public String fileName() {
        return artifact + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + type;
    }

    /** @return the file's path relative to a repository's root */
    public String repositoryPath() {
        return group.replace('.', '/') + "/" + artifact + "/" + version + "/" + fileName();
    }

    /** @return the coordinates as {@link #parse(String)} reads them */
    @Override
    public String toString() {
        return group + ":" + artifact + ":" + version + (classifier == null ? type.equals("jar") ? "" : ":" + type
                : ":" + type + ":" + classifier);
    }
}
