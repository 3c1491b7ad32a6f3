package lmwb.shell.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.rank.Ranker;
import lmwb.api.rank.RunningEstimatorCall;
import lmwb.shell.Render;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
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
 * folder) with their state and, for broken ones, why: unresolved requirements, activation exceptions,
 * failed components.
 */
@Component(service = PluginsCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=plugins"})
public class PluginsCommand {
    private final BundleContext context;

    @Reference
    private ServiceComponentRuntime scr;

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

    private List<String> errors(Bundle b) {
        List<String> errors = new ArrayList<>();
        boolean fragment = (b.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
        if (!fragment && (b.getState() == Bundle.INSTALLED || b.getState() == Bundle.RESOLVED)) {
            // Starting transiently is the only portable way to learn why a bundle does not resolve or activate;
            // a plugin in the deploy folder is meant to be started anyway.
            try {
                b.start(Bundle.START_TRANSIENT);
            } catch (BundleException | IllegalStateException e) {
                errors.add(oneLine(e.getMessage()));
            }
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    errors.add("component " + d.name + " failed to activate: " + oneLine(c.failure));
                } else if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE && c.unsatisfiedReferences.length > 0) {
                    errors.add("component " + d.name + " waits for its '" + c.unsatisfiedReferences[0].name + "' service");
                }
            }
        }
        return errors;
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
