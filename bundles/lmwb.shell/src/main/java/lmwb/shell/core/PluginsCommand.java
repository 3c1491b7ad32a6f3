package lmwb.shell.core;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import lmwb.api.rank.Ranker;
import lmwb.api.rank.RunningEstimatorCall;
import lmwb.shell.Render;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * {@code lmwb:plugins}: lmwb plugin bundles (the lmwb bundles and everything hot-deployed from the deploy
 * folder) with their state and, for broken ones, why: unresolved requirements, activation exceptions (with
 * their cause), components that fail to activate, and jars in the deploy folder that FileInstall could not
 * install at all (not a jar, no bundle manifest, a bad header) or that lmwb refused (a second copy of an installed
 * bundle, see {@link DuplicateBundleGuard}), shown as rows of their own with the file name.
 */
@Component(service = PluginsCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=plugins"})
public class PluginsCommand {
    private final BundleContext context;

    @Reference
    private ServiceComponentRuntime scr;

    @Reference
    private DuplicateBundleGuard duplicates;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Ranker ranker;

    /** @param context this bundle's context */
    @Activate
    public PluginsCommand(BundleContext context) {
        this.context = context;
    }

    /**
     * Lists plugin bundles.
     *
     * @param json print JSON
     * @return the listing
     */
    @Descriptor("list lmwb plugin bundles (built-in and hot-deployed) with state and errors")
    public String plugins(
            @Descriptor("print a JSON array instead of a table") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean deployed = b.getLocation().contains(deployMarker());
            String bsn = b.getSymbolicName() == null ? "(no symbolic name)" : b.getSymbolicName();
            if (!deployed && !bsn.startsWith("lmwb.")) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", b.getBundleId());
            row.put("bundle", bsn);
            row.put("version", b.getVersion().toString());
            row.put("origin", deployed ? "deploy" : "built-in");
            row.put("state", state(b));
            row.put("location", b.getLocation());
            List<String> errors = errors(b);
            row.put("state", errors.isEmpty() ? state(b) : "FAILED(" + state(b) + ")");
            row.put("errors", errors);
            row.put("runningAfterCancel", runningAfterCancel(bsn));
            rows.add(row);
        }
        rows.addAll(uninstalledJars());
        if (json) {
            return Render.json(rows);
        }
        StringBuilder running = new StringBuilder();
        for (Map<String, Object> r : rows) {
            @SuppressWarnings("unchecked")
            List<Map<String, String>> calls = (List<Map<String, String>>) r.get("runningAfterCancel");
            calls.forEach(c -> running.append("\nrunning after cancel: estimator ").append(c.get("estimator")).append(" of ")
                    .append(r.get("bundle")).append(" on thread ").append(c.get("thread")).append(" since ").append(c.get("since"))
                    .append(" (it ignored the cancellation and keeps a core busy until it returns)"));
        }
        List<List<Object>> cells = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            @SuppressWarnings("unchecked")
            List<String> errs = (List<String>) r.get("errors");
            cells.add(List.of(r.get("id"), r.get("bundle"), r.get("version"), r.get("origin"), r.get("state"),
                    errs.isEmpty() ? "" : String.join(" | ", errs)));
        }
        return Render.table(List.of("ID", "BUNDLE", "VERSION", "ORIGIN", "STATE", "ERRORS"), cells) + running;
    }

    /** Estimator calls of this bundle still running after their ranking was cancelled. */
    private List<Map<String, String>> runningAfterCancel(String bsn) {
        Ranker r = ranker;
        List<Map<String, String>> out = new ArrayList<>();
        if (r != null) {
            for (RunningEstimatorCall c : r.runningAfterCancel()) {
                if (c.bundle().split(" ", 2)[0].equals(bsn)) {
                    out.add(Map.of("estimator", c.estimator(), "since", c.since().toString(), "thread", c.thread()));
                }
            }
        }
        return out;
    }

    private String deployMarker() {
        String dir = context.getProperty("felix.fileinstall.dir");
        return dir == null ? "/deploy/" : dir;
    }

    /**
     * Rows for the jars in the deploy folder that no bundle was installed from. FileInstall skips a file that
     * no installer can handle (not a jar, no manifest, no Bundle-SymbolicName) without a word and logs a failed
     * install once; {@link DuplicateBundleGuard} refuses a second copy of an installed bundle; none of these leaves
     * a bundle to list, so each file is examined here.
     */
    private List<Map<String, Object>> uninstalledJars() {
        List<Map<String, Object>> rows = new ArrayList<>();
        String dirName = context.getProperty("felix.fileinstall.dir");
        if (dirName == null || !Files.isDirectory(Path.of(dirName))) {
            return rows;
        }
        Map<Path, Bundle> byFile = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            Path file = locationFile(b.getLocation());
            if (file != null) {
                byFile.put(file, b);
            }
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of(dirName).toAbsolutePath().normalize(), "*.jar")) {
            for (Path jar : jars) {
                if (Files.isRegularFile(jar) && !byFile.containsKey(jar)) {
                    rows.add(uninstalledJarRow(jar));
                }
            }
        } catch (IOException e) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", "-");
            row.put("bundle", "(deploy folder)");
            row.put("version", "");
            row.put("origin", "deploy");
            row.put("state", "FAILED(UNREADABLE)");
            row.put("location", dirName);
            row.put("errors", List.of("cannot list " + dirName + ": " + oneLine(e.getMessage())));
            row.put("runningAfterCancel", List.of());
            rows.add(row);
        }
        rows.sort((a, b) -> String.valueOf(a.get("location")).compareTo(String.valueOf(b.get("location"))));
        return rows;
    }

    private static Path locationFile(String location) {
        return DuplicateBundleGuard.locationFile(location);
    }

    private Map<String, Object> uninstalledJarRow(Path jar) {
        String bsn = null;
        String version = "";
        String reason;
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            Attributes main = manifest == null ? null : manifest.getMainAttributes();
            bsn = main == null ? null : main.getValue(Constants.BUNDLE_SYMBOLICNAME);
            String rawVersion = main == null ? null : main.getValue(Constants.BUNDLE_VERSION);
            version = rawVersion == null ? "" : rawVersion.strip();
            if (main == null) {
                reason = "not a bundle: the jar has no META-INF/MANIFEST.MF; fix or remove the file";
            } else if (bsn == null) {
                reason = "not a bundle: its manifest has no Bundle-SymbolicName; fix or remove the file";
            } else {
                bsn = bsn.split(";", 2)[0].strip();
                reason = badVersionOrDuplicate(bsn, version, jar);
            }
        } catch (IOException | SecurityException e) {
            reason = "not a jar file (" + oneLine(e.getMessage()) + "); fix or remove the file";
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", "-");
        row.put("bundle", bsn == null ? "(" + jar.getFileName() + ")" : bsn);
        row.put("version", version);
        row.put("origin", "deploy");
        row.put("state", duplicates.refusal(jar).isPresent() ? "FAILED(REFUSED)" : "FAILED(NOT INSTALLED)");
        row.put("location", jar.toUri().toString());
        row.put("errors", List.of(jar.getFileName() + ": " + reason));
        row.put("runningAfterCancel", List.of());
        return row;
    }

    private String badVersionOrDuplicate(String bsn, String version, Path jar) {
        Version v;
        try {
            v = version.isEmpty() ? Version.emptyVersion : Version.parseVersion(version);
        } catch (IllegalArgumentException e) {
            return "bad Bundle-Version '" + version + "' (" + oneLine(e.getMessage()) + "); fix or remove the file";
        }
        Optional<DuplicateBundleGuard.Refusal> refusal = duplicates.refusal(jar);
        if (refusal.isPresent()) {
            return refusal.get().reason(jar);
        }
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName()) && v.equals(b.getVersion())) {
                // FileInstall scanned both copies before lmwb's guard was registered (runtime/lmwb.bndrun starts
                // FileInstall after lmwb.shell so that it is; another launch configuration may not) and installed
                // one bundle from both.
                Path other = locationFile(b.getLocation());
                return "a second copy of " + bsn + " " + v + ", found at start-up together with "
                        + (other == null ? "bundle " + b.getBundleId() : other.getFileName() + " (bundle "
                        + b.getBundleId() + ")") + "; only one copy is used: remove one of the files";
            }
        }
        return "not installed (FileInstall rejected it or has not scanned it yet; its reason is on stderr); fix or "
                + "remove the file";
    }

    private List<String> errors(Bundle b) {
        List<String> errors = new ArrayList<>();
        boolean fragment = (b.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
        if (!fragment && (b.getState() == Bundle.INSTALLED || b.getState() == Bundle.RESOLVED)) {
            // Starting transiently is the only portable way to learn why a bundle does not resolve or activate;
            // a plugin in the deploy folder is meant to be started anyway.
            try {
                b.start(Bundle.START_TRANSIENT);
            } catch (BundleException | IllegalStateException e) {
                errors.add(withCause(e));
            }
        }
        if (b.getState() == Bundle.ACTIVE && b.getLocation().contains(deployMarker())) {
            activateServices(b);
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    errors.add("component " + d.name + " failed to activate: " + rootCause(c.failure));
                } else if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE && c.unsatisfiedReferences.length > 0) {
                    errors.add("component " + d.name + " waits for its '" + c.unsatisfiedReferences[0].name + "' service");
                }
            }
        }
        return errors;
    }

    /**
     * DS creates a delayed component only when its service is first used, so a plug-in whose component throws
     * in its constructor looks healthy until then. Getting each service of a deployed bundle once makes SCR
     * try, and a failure shows as FAILED_ACTIVATION below.
     */
    private void activateServices(Bundle b) {
        ServiceReference<?>[] refs = b.getRegisteredServices();
        if (refs == null) {
            return;
        }
        for (ServiceReference<?> ref : refs) {
            try {
                if (context.getService(ref) != null) {
                    context.ungetService(ref);
                }
            } catch (RuntimeException e) {
                // reported through the component's FAILED_ACTIVATION state
            }
        }
    }

    /** "Activator start error in bundle x [28]." says nothing; the activator's own exception does. */
    private static String withCause(Exception e) {
        String message = oneLine(e.getMessage());
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            String causeMessage = cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getClass().getSimpleName() + ": " + oneLine(cause.getMessage());
            message = message + " " + causeMessage;
        }
        return message;
    }

    /**
     * SCR's failure text is a stack trace whose first line is often only a wrapper
     * ({@code InvocationTargetException} for a constructor that throws); the last "Caused by:" names the reason.
     */
    static String rootCause(String failure) {
        if (failure == null) {
            return "(no message)";
        }
        String cause = null;
        for (String line : failure.split("\\R")) {
            if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length());
            }
        }
        return oneLine(cause == null ? failure : cause);
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        String first = s.strip().split("\\R", 2)[0];
        return first.length() > 300 ? first.substring(0, 300) + "…" : first;
    }

    private static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
