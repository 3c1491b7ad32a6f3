package lmwb.shell.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;
import lmwb.api.TaskType;
import lmwb.api.estimator.Estimator;
import lmwb.shell.Render;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code lmwb:estimators}: the estimator services present in the running runtime. */
@Component(service = EstimatorsCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=estimators"})
public class EstimatorsCommand {
    private final Map<ServiceReference<Estimator>, Estimator> estimators = new ConcurrentSkipListMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEstimator(ServiceReference<Estimator> ref, Estimator estimator) {
        estimators.put(ref, estimator);
    }

    void removeEstimator(ServiceReference<Estimator> ref) {
        estimators.remove(ref);
    }

    /**
     * Lists installed estimators.
     *
     * @param json print JSON
     * @return the listing
     */
    @Descriptor("list the transferability estimators installed (name, description, supported tasks, providing bundle)")
    public String estimators(
            @Descriptor("print a JSON array instead of a table") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        List<Map<String, Object>> rows = new ArrayList<>();
        estimators.forEach((ref, e) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", e.name());
            row.put("description", e.description());
            row.put("tasks", e.supportedTasks().stream().sorted().map(TaskType::displayName).collect(Collectors.toList()));
            Bundle b = ref.getBundle();
            row.put("bundle", b == null ? "?" : b.getSymbolicName() + " " + b.getVersion());
            rows.add(row);
        });
        rows.sort(Comparator.comparing(r -> (String) r.get("name")));
        if (json) {
            return Render.json(rows);
        }
        if (rows.isEmpty()) {
            return "no estimators installed";
        }
        List<List<Object>> cells = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            cells.add(List.of(r.get("name"), r.get("description"), String.join(",", shortTasks(r.get("tasks"))), r.get("bundle")));
        }
        return Render.table(List.of("NAME", "DESCRIPTION", "TASKS", "BUNDLE"), cells);
    }

    private static List<String> shortTasks(Object tasks) {
        List<String> out = new ArrayList<>();
        for (Object t : (List<?>) tasks) {
            out.add(String.valueOf(t).replace("-classification", "-cls").replace("-regression", "-reg"));
        }
        return out;
    }
}
