package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.Estimator;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectService;

/**
 * The plug-in proof, in one running runtime: a third-party estimator bundle (the GBC example, built against
 * lmwb.api only) is absent, appears in {@code lmwb:estimators} within 5 s of its jar being copied into the
 * deploy folder, scores data, and disappears when its jar is removed; a broken jar leaves the runtime
 * working and its failure visible in {@code lmwb:plugins}; a .cfg file configures a component.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HotDeployTest {
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @InjectService
    CommandProcessor processor;

    private static Estimator gbc() {
        try {
            var refs = Framework.context().getServiceReferences(Estimator.class, "(" + Estimator.NAME + "=gbc)");
            return refs.isEmpty() ? null : Framework.context().getService(refs.iterator().next());
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Bundle bundle(String bsn) {
        return Arrays.stream(Framework.context().getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst().orElse(null);
    }

    @Test
    @Order(1)
    void gbcPluginAppearsScoresAndDisappears() throws Exception {
        assertTrue(gbc() == null, "gbc must not be part of the default runtime");
        assertFalse(Framework.run(processor, "lmwb:estimators --json").contains("\"gbc\""));

        Path jar = Framework.deploy("plugins/gbc.jar", "lmwb.example.gbc.jar");
        long appearedMillis = Framework.await(FIVE_SECONDS,
                () -> gbc() != null && uncheckedRun("lmwb:estimators --json").contains("\"name\":\"gbc\""));
        assertNotEquals(-1, appearedMillis, "gbc did not appear in lmwb:estimators within 5 s of the copy");
        System.out.println("gbc appeared in lmwb:estimators " + appearedMillis + " ms after the copy");

        Estimator estimator = gbc();
        FloatMatrix x = FloatMatrix.of(6, 2, new float[] {0, 0, 0.1f, 0.2f, 0.2f, 0.1f, 5, 5, 5.1f, 5.2f, 5.2f, 5.1f});
        double separated = estimator.score(x, Labels.classes(new int[] {0, 0, 0, 1, 1, 1})).value();
        double mixed = estimator.score(x, Labels.classes(new int[] {0, 1, 0, 1, 0, 1})).value();
        assertTrue(Double.isFinite(separated) && separated > mixed,
                "separated classes must score higher than mixed ones: " + separated + " vs " + mixed);

        Files.delete(jar);
        long goneMillis = Framework.await(FIVE_SECONDS, () -> gbc() == null && bundle("lmwb.example.gbc") == null);
        assertNotEquals(-1, goneMillis, "gbc was not uninstalled within 5 s of removing its jar");
        assertFalse(Framework.run(processor, "lmwb:estimators --json").contains("\"gbc\""));
    }

    @Test
    @Order(2)
    void brokenPluginIsReportedAndRuntimeKeepsWorking() throws Exception {
        Path jar = Framework.deploy("plugins/broken.jar", "lmwb.example.broken.jar");
        try {
            assertNotEquals(-1, Framework.await(FIVE_SECONDS, () -> bundle("lmwb.example.broken") != null),
                    "the broken jar was not even installed");
            Bundle broken = bundle("lmwb.example.broken");
            assertNotEquals(Bundle.ACTIVE, broken.getState());
            String plugins = Framework.run(processor, "lmwb:plugins --json");
            assertTrue(plugins.contains("lmwb.example.broken") && plugins.contains("lmwb.does.not.exist"),
                    "lmwb:plugins must show the broken plugin and its missing import: " + plugins);
            String estimators = Framework.run(processor, "lmwb:estimators --json");
            assertTrue(estimators.startsWith("["), "the runtime must keep working: " + estimators);
        } finally {
            Files.deleteIfExists(jar);
        }
        assertNotEquals(-1, Framework.await(FIVE_SECONDS, () -> bundle("lmwb.example.broken") == null));
    }

    @Test
    @Order(3)
    void cfgFileConfiguresComponent() throws Exception {
        Path cfg = Framework.deployDir().resolve(ConfigProbe.PID + ".cfg");
        // A run that was stopped half-way can leave the file behind (target/ survives without 'mvn clean');
        // start from an unconfigured component so the check below means something.
        if (Files.deleteIfExists(cfg)) {
            assertNotEquals(-1, Framework.await(FIVE_SECONDS, () -> probe() == null), "a stale .cfg would not go");
        }
        Path tmp = Framework.deployDir().resolve(".probe.tmp");
        Files.writeString(tmp, "greeting=hello from a .cfg file\n");
        Files.move(tmp, cfg);
        try {
            long millis = Framework.await(FIVE_SECONDS, () -> probe() != null && "hello from a .cfg file".equals(probe().greeting()));
            assertNotEquals(-1, millis, "the .cfg file did not configure the component within 5 s");
        } finally {
            Files.deleteIfExists(cfg);
        }
        assertNotEquals(-1, Framework.await(FIVE_SECONDS, () -> probe() == null), "removing the .cfg must remove the component");
    }

    private static ConfigProbe probe() {
        ServiceReference<ConfigProbe> ref = Framework.context().getServiceReference(ConfigProbe.class);
        return ref == null ? null : Framework.context().getService(ref);
    }

    private String uncheckedRun(String line) {
        try {
            return Framework.run(processor, line);
        } catch (Exception e) {
            return "";
        }
    }
}
