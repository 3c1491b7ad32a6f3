package lmwb.ranker;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import lmwb.api.Provenance;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.capability.RunContext;
import lmwb.common.json.Requests;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Provenance from the runtime itself: versions from the installed bundles' headers ({@code lmwb.api}'s
 * {@code Bundle-Version} for lmwb; {@value #DJL_HEADER} and {@value #PYTORCH_HEADER} of {@code lmwb.djl};
 * {@value #OPENBLAS_HEADER} of {@code lmwb.blas}), Java from the running JVM, the host name, the user of the
 * run, and the request's options and seed.
 */
@Component(service = ProvenanceRecorder.class)
public class BundleProvenanceRecorder implements ProvenanceRecorder {
    static final String DJL_HEADER = "Lmwb-DJL-Version";
    static final String PYTORCH_HEADER = "Lmwb-PyTorch-Version";
    static final String OPENBLAS_HEADER = "Lmwb-OpenBLAS-Version";
    private static final String NOT_INSTALLED = "not installed";

    private final Map<String, String> versions;
    private final String host;

    /**
     * @param context the bundle context whose installed bundles are read; {@code null} outside a framework (unit
     *     tests), where every bundle version reads {@code "unknown (no OSGi framework)"}
     */
    @Activate
    public BundleProvenanceRecorder(BundleContext context) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("lmwb", bundleVersion(context, "lmwb.api"));
        v.put("djl", header(context, "lmwb.djl", DJL_HEADER));
        v.put("pytorch", header(context, "lmwb.djl", PYTORCH_HEADER));
        v.put("openblas", header(context, "lmwb.blas", OPENBLAS_HEADER));
        v.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        this.versions = Map.copyOf(v);
        this.host = hostName();
    }

    @Override
    public Provenance.Builder begin(String component, Record request, RunContext context) {
        Provenance.Builder b = Provenance.builder(component).ranBy(context.user(), host);
        LinkedHashMap<String, String> ordered = new LinkedHashMap<>(versions);
        ordered.forEach(b::version);
        JsonObject args = Requests.encode(request);
        for (Map.Entry<String, JsonElement> e : args.entrySet()) {
            if (!e.getValue().isJsonNull()) {
                b.config(e.getKey(), e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : e.getValue().toString());
            }
        }
        for (RecordComponent c : request.getClass().getRecordComponents()) {
            if (c.getName().equals("seed")) {
                try {
                    Object seed = c.getAccessor().invoke(request);
                    if (seed instanceof Number n) {
                        b.seed(n.longValue());
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return b;
    }

    @Override
    public Map<String, String> versions() {
        return versions;
    }

    private static String bundleVersion(BundleContext context, String bsn) {
        if (context == null) {
            return "unknown (no OSGi framework)";
        }
        Bundle b = bundle(context, bsn);
        return b == null ? NOT_INSTALLED : b.getVersion().toString();
    }

    private static String header(BundleContext context, String bsn, String header) {
        if (context == null) {
            return "unknown (no OSGi framework)";
        }
        Bundle b = bundle(context, bsn);
        if (b == null) {
            return NOT_INSTALLED + " (" + bsn + ")";
        }
        String v = b.getHeaders("").get(header);
        return v == null || v.isBlank() ? "unknown (" + bsn + " " + b.getVersion() + " has no " + header + " header)" : v;
    }

    private static Bundle bundle(BundleContext context, String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "unknown (" + e.getMessage() + ")" : env;
        }
    }
}
