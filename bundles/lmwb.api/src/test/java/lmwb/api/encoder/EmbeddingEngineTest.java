package lmwb.api.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code --engine} / {@code --spark-master} pair; accepted URLs are the forms of Spark's master-URL table. */
class EmbeddingEngineTest {
    @Test
    void sparkTakesTheMasterForms() {
        for (String url : List.of("spark://127.0.0.1:7077", "spark://a:7077,b:7077", "k8s://https://10.0.0.1:6443",
                "yarn", "local", "local[4]", "local[*]", "local[2,3]")) {
            assertEquals(url, EmbeddingEngine.sparkMaster(EmbeddingEngine.SPARK, " " + url + " "));
        }
        assertNull(EmbeddingEngine.sparkMaster(null, null));
        assertNull(EmbeddingEngine.sparkMaster(EmbeddingEngine.LOCAL, ""));
        assertEquals(EmbeddingEngine.SPARK, EmbeddingEngine.parse("Spark"));
    }

    @Test
    void misuseIsOneLineNamingTheOption() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EmbeddingEngine.sparkMaster(EmbeddingEngine.SPARK, null))
                .getMessage().startsWith("--engine spark needs --spark-master URL"));
        assertEquals("--spark-master applies only with --engine spark", assertThrows(IllegalArgumentException.class,
                () -> EmbeddingEngine.sparkMaster(null, "spark://h:7077")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> EmbeddingEngine.sparkMaster(EmbeddingEngine.SPARK, "http://h:8080")).getMessage()
                .startsWith("--spark-master: 'http://h:8080' is not a Spark master URL"));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingEngine.parse("flink"));
        assertEquals("--engine spark embeds on the executors' CPUs; drop --device gpu", assertThrows(
                IllegalArgumentException.class, () -> EmbeddingEngine.requireCpu("spark://h:7077", "gpu")).getMessage());
        EmbeddingEngine.requireCpu(null, "gpu");
        EmbeddingEngine.requireCpu("spark://h:7077", "cpu");
        assertEquals("spark://h:7077", new ModelOptions("cpu", Double.NaN, "spark://h:7077").sparkMaster());
        assertNull(new ModelOptions("cpu", Double.NaN).sparkMaster());
    }
}
