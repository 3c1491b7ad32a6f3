package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.Estimator;
import lmwb.itest.fixtures.BrokenPluginJars;
import lmwb.itest.fixtures.ThrowingActivator;
import lmwb.itest.fixtures.ThrowingEstimator;
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
            var refs = Framework.context().getServiceReferences(Estimator.class, "(" + Estimator.NAME + "=example-gbc)");
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
        assertTrue(gbc() == null, "the example-gbc tutorial plug-in must not be part of the default runtime");
        assertFalse(Framework.run(processor, "lmwb:estimators --json").contains("\"example-gbc\""));

        Path jar = Framework.deploy("plugins/gbc.jar", "lmwb.example.gbc.jar");
        long appearedMillis = Framework.await(FIVE_SECONDS,
                () -> gbc() != null && uncheckedRun("lmwb:estimators --json").contains("\"name\":\"example-gbc\""));
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
        assertFalse(Framework.run(processor, "lmwb:estimators --json").contains("\"example-gbc\""));
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

    /**
     * Issue 13, item 7: every way a user's jar can be broken is a row of {@code lmwb:plugins} with the file or
     * bundle and the reason, and the runtime keeps working. Before, random bytes, a bad manifest and a second
     * copy left no row at all, a throwing DS component showed ACTIVE without error, and a throwing activator
     * showed no reason.
     */
    @Test
    @Order(4)
    void everyBrokenJarIsAPluginsRowWithItsReason() throws Exception {
        List<Path> files = new ArrayList<>();
        try {
            files.add(Framework.deploy("plugins/gbc.jar", "lmwb.example.gbc.jar"));
            assertNotEquals(-1, Framework.await(FIVE_SECONDS, () -> bundle("lmwb.example.gbc") != null), "gbc was not installed");
            files.add(Framework.deploy("plugins/gbc.jar", "gbc-second-copy.jar"));
            files.add(Framework.deploy(BrokenPluginJars.randomBytes(), "random-bytes.jar"));
            files.add(Framework.deploy(BrokenPluginJars.badManifestVersion(), "bad-version.jar"));
            files.add(Framework.deploy(BrokenPluginJars.throwingComponent(), "throwing-component.jar"));
            files.add(Framework.deploy(BrokenPluginJars.throwingActivator(), "throwing-activator.jar"));
            assertNotEquals(-1, Framework.await(FIVE_SECONDS, () -> bundle("lmwb.fixture.throwing.component") != null
                    && bundle("lmwb.fixture.throwing.activator") != null), "the fixture bundles were not installed");

            // FileInstall refreshes the bundles it installs, restarting them; wait until it has settled.
            Framework.await(Duration.ofSeconds(10), () -> {
                try {
                    checkBrokenJarRows(Framework.run(processor, "lmwb:plugins --json"));
                    return true;
                } catch (Exception | AssertionError e) {
                    return false;
                }
            });
            checkBrokenJarRows(Framework.run(processor, "lmwb:plugins --json"));

            String estimators = Framework.run(processor, "lmwb:estimators --json");
            assertTrue(estimators.contains("\"hscore\"") && estimators.contains("\"example-gbc\""), "the runtime must keep working: " + estimators);
        } finally {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
        assertNotEquals(-1, Framework.await(FIVE_SECONDS, () -> bundle("lmwb.example.gbc") == null
                && bundle("lmwb.fixture.throwing.component") == null && bundle("lmwb.fixture.throwing.activator") == null),
                "removing the jars must uninstall their bundles");
    }

    /**
     * Issue 13, item 7: a second copy of an installed plug-in (same symbolic name and version, another file) is
     * refused and reported with the bundle that stays active and what to do; the first copy stays installed,
     * active and unchanged, also when the refused copy is removed. Before, FileInstall updated the installed
     * bundle with the second jar's content: the copy replaced the original.
     */
    @Test
    @Order(5)
    void aSecondCopyIsRefusedAndTheFirstStaysActive() throws Exception {
        String bsn = "lmwb.fixture.copy";
        Path first = Framework.deploy(BrokenPluginJars.copyOfOneBundle("first"), "copy-first.jar");
        Path second = null;
        try {
            assertNotEquals(-1, Framework.await(FIVE_SECONDS, () -> bundle(bsn) != null
                    && bundle(bsn).getState() == Bundle.ACTIVE), "the first copy was not installed and started");
            long id = bundle(bsn).getBundleId();
            second = Framework.deploy(BrokenPluginJars.copyOfOneBundle("second"), "copy-second.jar");
            String refused = "copy-second.jar: refused: a second copy of lmwb.fixture.copy 1.0.0; bundle " + id
                    + " from copy-first.jar stays active. Remove copy-second.jar, or give it a higher Bundle-Version";
            assertNotEquals(-1, Framework.await(FIVE_SECONDS, () -> uncheckedRun("lmwb:plugins --json").contains(refused)),
                    "lmwb:plugins must report the refused copy: " + uncheckedRun("lmwb:plugins --json"));
            assertError(new Gson().fromJson(Framework.run(processor, "lmwb:plugins --json"),
                    new TypeToken<List<Map<String, Object>>>() { }.getType()), "copy-second.jar", refused);
            // Two more of FileInstall's 1 s polls: time for the update it used to make.
            Thread.sleep(2500);
            Bundle active = bundle(bsn);
            assertEquals(id, active.getBundleId());
            assertEquals("first", active.getHeaders().get("Lmwb-Fixture-Copy"), "the active bundle must keep the first copy's content");
            assertEquals(Bundle.ACTIVE, active.getState());
            assertTrue(active.getLocation().endsWith("copy-first.jar"), active.getLocation());

            Files.delete(second);
            Thread.sleep(2500);
            assertEquals(id, bundle(bsn).getBundleId(), "removing the refused copy must leave the first installed");
            assertEquals(Bundle.ACTIVE, bundle(bsn).getState());
        } finally {
            Files.deleteIfExists(first);
            if (second != null) {
                Files.deleteIfExists(second);
            }
        }
        assertNotEquals(-1, Framework.await(FIVE_SECONDS, () -> bundle(bsn) == null), "removing the first copy must uninstall it");
    }

    private static void checkBrokenJarRows(String json) {
        List<Map<String, Object>> rows = new Gson().fromJson(json, new TypeToken<List<Map<String, Object>>>() { }.getType());
        assertError(rows, "random-bytes.jar", "not a jar file");
        assertError(rows, "bad-version.jar", "bad Bundle-Version 'one.two'");
        assertError(rows, "gbc-second-copy.jar", "a second copy of lmwb.example.gbc");
        assertError(rows, "lmwb.fixture.throwing.component", ThrowingEstimator.MESSAGE);
        assertError(rows, "lmwb.fixture.throwing.activator", ThrowingActivator.MESSAGE);
    }

    /** The row whose bundle or location names {@code what} must carry an error containing {@code reason}. */
    private static void assertError(List<Map<String, Object>> rows, String what, String reason) {
        for (Map<String, Object> row : rows) {
            if (String.valueOf(row.get("bundle")).contains(what) || String.valueOf(row.get("location")).contains(what)) {
                if (String.valueOf(row.get("errors")).contains(reason) && String.valueOf(row.get("state")).startsWith("FAILED")) {
                    return;
                }
            }
        }
        throw new AssertionError("lmwb:plugins has no FAILED row for " + what + " with '" + reason + "': " + rows);
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
