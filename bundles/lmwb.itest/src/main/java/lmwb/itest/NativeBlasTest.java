package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import lmwb.blas.NativeBlas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * One OpenBLAS for the whole runtime: a JNI library binds to one class loader per JVM, so every bundle that
 * calls BLAS must get JavaCPP and OpenBLAS from lmwb.blas, and the library must load there.
 */
class NativeBlasTest {
    private static final List<String> BLAS_PACKAGES = List.of("org.bytedeco.javacpp", "org.bytedeco.openblas.global");

    @Test
    void onlyLmwbBlasProvidesJavaCppAndOpenBlas() {
        List<String> importers = new ArrayList<>();
        for (Bundle b : Framework.context().getBundles()) {
            BundleWiring wiring = b.adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            for (BundleCapability c : wiring.getCapabilities(BundleRevision.PACKAGE_NAMESPACE)) {
                if (BLAS_PACKAGES.contains(String.valueOf(c.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE)))) {
                    assertEquals("lmwb.blas", b.getSymbolicName(), b + " exports " + c);
                }
            }
            for (BundleWire w : wiring.getRequiredWires(BundleRevision.PACKAGE_NAMESPACE)) {
                if (BLAS_PACKAGES.contains(String.valueOf(w.getCapability().getAttributes().get(BundleRevision.PACKAGE_NAMESPACE)))) {
                    assertEquals("lmwb.blas", w.getProvider().getSymbolicName(), b + " imports " + w.getCapability());
                    importers.add(b.getSymbolicName());
                }
            }
        }
        assertTrue(importers.contains("lmwb.estimators"), "lmwb.estimators imports OpenBLAS from lmwb.blas: " + importers);
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64") // the only natives lmwb.blas embeds
    void loadsInsideTheRuntime() {
        assertTrue(NativeBlas.available(), () -> "failure: " + NativeBlas.failure());
        String description = NativeBlas.describe();
        assertTrue(description.startsWith("OpenBLAS "), description);
        assertFalse(description.startsWith("unavailable"), description);
    }
}
