package lmwb.datasets.inspect;

import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.capability.Capability;
import lmwb.api.capability.RunContext;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.data.DatasetInfo;
import lmwb.api.data.DatasetRequest;
import lmwb.api.data.Example;
import lmwb.api.data.Split;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code dataset}: loads a catalogue dataset or a file and says what lmwb understood: task type, columns, splits,
 * label distribution, a few examples and the rows cleaning dropped.
 */
@Component(property = Capability.NAME + "=dataset")
public class DatasetInspection implements Capability<DatasetRequest, DatasetInfo> {
    static final int EXAMPLES = 5;
    private final DatasetCatalog catalog;

    /** @param catalog the datasets */
    @Activate
    public DatasetInspection(@Reference DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public String name() {
        return "dataset";
    }

    @Override
    public String description() {
        return "show how lmwb reads a dataset: size, splits, task type, columns, label distribution, examples, dropped rows";
    }

    @Override
    public Class<DatasetRequest> requestType() {
        return DatasetRequest.class;
    }

    @Override
    public DatasetInfo run(DatasetRequest request, RunContext context) throws Exception {
        return describe(catalog.load(request.dataset(), request.options(), context.progress()));
    }

    static DatasetInfo describe(Dataset d) {
        Map<String, Integer> splits = new LinkedHashMap<>();
        d.splits().forEach((s, ex) -> splits.put(s.displayName(), ex.size()));
        Map<String, Long> columns = new LinkedHashMap<>();
        Map<String, Long> dropped = new LinkedHashMap<>();
        Map<String, Long> notes = new LinkedHashMap<>();
        d.report().forEach((k, v) -> {
            if (k.startsWith("column.")) {
                columns.put(k.substring(7), v);
            } else if (k.startsWith("dropped.")) {
                dropped.put(k.substring(8), v);
            } else {
                notes.put(k, v);
            }
        });
        List<Example> all = d.allExamples();
        Map<String, Double> targets = null;
        Map<String, Long> labels = null;
        if (d.taskType().isRegression()) {
            DoubleSummaryStatistics st = all.stream().mapToDouble(Example::target).summaryStatistics();
            targets = new LinkedHashMap<>();
            targets.put("min", st.getMin());
            targets.put("mean", st.getAverage());
            targets.put("max", st.getMax());
        } else {
            long[] counts = new long[d.labelMap().size()];
            for (Example e : all) {
                if (d.taskType().isTokenLevel()) {
                    for (int i = 0; i < e.tagCount(); i++) {
                        counts[e.tag(i)]++;
                    }
                } else {
                    counts[e.label()]++;
                }
            }
            labels = new LinkedHashMap<>();
            for (int i = 0; i < counts.length; i++) {
                labels.put(d.labelMap().name(i), counts[i]);
            }
        }
        List<DatasetInfo.Shown> examples = new ArrayList<>();
        Split first = d.splits().keySet().stream().findFirst().orElse(Split.TRAIN);
        List<Example> firstSplit = d.examples(first);
        for (Example e : firstSplit.subList(0, Math.min(EXAMPLES, firstSplit.size()))) {
            if (d.taskType().isTokenLevel()) {
                List<String> tokens = new ArrayList<>();
                for (int i = 0; i < e.tagCount(); i++) {
                    tokens.add(e.words().get(i) + "/" + d.labelMap().name(e.tag(i)));
                }
                examples.add(new DatasetInfo.Shown(null, null, null, String.join(" ", tokens)));
            } else {
                String label = d.taskType().isRegression() ? Double.toString(e.target()) : d.labelMap().name(e.label());
                examples.add(new DatasetInfo.Shown(e.text(), e.pairText(), label, null));
            }
        }
        return new DatasetInfo(DatasetInfo.KIND, d.name(), d.taskType().displayName(), d.size(), splits, columns,
                d.contentHash(), targets, labels, examples, dropped, notes);
    }
}
