package lmwb.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's own embedding choice ({@code engine}, {@code spark_master}, set by JobEmbedding before the path check) is
 * never taken for a path: served from the repository root, {@code engine: spark} named its {@code spark/} folder and a
 * Spark job was refused with 403 (runtime/test/spark_test.py found it). Here {@code src}, which exists in this
 * module's working folder as {@code spark} does in the repository root, stands for such a value.
 */
class ServerPathsEngineTest {
    @Test
    void engineAndSparkMasterAreNotPaths(@TempDir Path home) {
        String existing = "src";
        assertEquals(true, Files.exists(Path.of(existing)), "the test runs in the module's folder");
        JsonObject args = new JsonObject();
        args.addProperty("engine", existing);
        args.addProperty("spark_master", existing);
        new ServerPaths(List.of(), home).check(args, "mel");
        assertEquals(existing, args.get("engine").getAsString());
        assertEquals(existing, args.get("spark_master").getAsString());
    }
}
