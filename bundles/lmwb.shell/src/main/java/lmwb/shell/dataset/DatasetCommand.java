package lmwb.shell.dataset;

import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.data.DatasetOptions;
import lmwb.api.data.Example;
import lmwb.api.data.Split;
import lmwb.shell.ConsoleProgress;
import lmwb.shell.Render;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code lmwb:dataset}: loads a catalogue dataset or a file and shows what lmwb understood: task type,
 * columns, splits, label distribution, a few examples and the rows cleaning dropped.
 */
@Component(service = DatasetCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=dataset"})
public class DatasetCommand {
    private static final int EXAMPLES = 5;
    private static final int MAX_LABELS = 30;

    @Reference
    private DatasetCatalog catalog;

    /**
     * Describes a dataset.
     *
     * @param text text column override
     * @param pair pair column override
     * @param label label column override
     * @param task task type override
     * @param downsample fraction or count
     * @param seed seed for downsampling
     * @param encoding the file's text encoding
     * @param keepBio keep B-/I- tag prefixes
     * @param json print JSON
     * @param reference catalogue name or path
     * @return the description
     * @throws Exception when the dataset cannot be read
     */
    @Descriptor("show how lmwb reads a dataset: size, splits, task type, columns, label distribution, examples, dropped rows")
    public String dataset(
            @Descriptor("text column (CoNLL: 0-based word column index)") @Parameter(names = "--text-column", absentValue = "") String text,
            @Descriptor("second text column of pair tasks") @Parameter(names = "--pair-column", absentValue = "") String pair,
            @Descriptor("label column (CoNLL: 0-based tag column index)") @Parameter(names = "--label-column", absentValue = "") String label,
            @Descriptor("task type: text-classification, pair-classification, text-regression, pair-regression, token-classification")
            @Parameter(names = "--task", absentValue = "") String task,
            @Descriptor("keep a fraction (0, 1] or a count > 1 of the examples (stratified for classification)")
            @Parameter(names = "--downsample", absentValue = "1") double downsample,
            @Descriptor("seed for downsampling") @Parameter(names = "--seed", absentValue = "42") long seed,
            @Descriptor("text encoding of the dataset file: utf-8 (default), latin-1, cp1252, utf-16, or any Java charset name") @Parameter(names = "--encoding", absentValue = "utf-8") String encoding,
            @Descriptor("keep B-/I- prefixes of tags instead of merging them") @Parameter(names = "--keep-bio", presentValue = "true", absentValue = "false") boolean keepBio,
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("catalogue name (see lmwb:datasets) or path to a file or directory") String reference) throws Exception {
        DatasetOptions options = new DatasetOptions(blankToNull(text), blankToNull(pair), blankToNull(label), blankToNull(task),
                !keepBio, seed, downsample, encoding);
        Dataset d = catalog.load(reference, options, new ConsoleProgress());
        Map<String, Object> info = describe(d);
        return json ? Render.json(info) : render(info);
    }

    static Map<String, Object> describe(Dataset d) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", d.name());
        info.put("task", d.taskType().displayName());
        info.put("size", d.size());
        Map<String, Integer> splits = new LinkedHashMap<>();
        d.splits().forEach((s, ex) -> splits.put(s.displayName(), ex.size()));
        info.put("splits", splits);
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
        info.put("columns", columns);
        info.put("contentHash", d.contentHash());
        List<Example> all = d.allExamples();
        if (d.taskType().isRegression()) {
            DoubleSummaryStatistics st = all.stream().mapToDouble(Example::target).summaryStatistics();
            info.put("targets", Map.of("min", st.getMin(), "mean", st.getAverage(), "max", st.getMax()));
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
            Map<String, Long> dist = new LinkedHashMap<>();
            for (int i = 0; i < counts.length; i++) {
                dist.put(d.labelMap().name(i), counts[i]);
            }
            info.put("labels", dist);
        }
        List<Map<String, Object>> examples = new ArrayList<>();
        Split first = d.splits().keySet().stream().findFirst().orElse(Split.TRAIN);
        for (Example e : d.examples(first).subList(0, Math.min(EXAMPLES, d.examples(first).size()))) {
            Map<String, Object> ex = new LinkedHashMap<>();
            if (d.taskType().isTokenLevel()) {
                List<String> tokens = new ArrayList<>();
                for (int i = 0; i < e.tagCount(); i++) {
                    tokens.add(e.words().get(i) + "/" + d.labelMap().name(e.tag(i)));
                }
                ex.put("tokens", String.join(" ", tokens));
            } else {
                ex.put("text", e.text());
                if (e.pairText() != null) {
                    ex.put("pair", e.pairText());
                }
                ex.put("label", d.taskType().isRegression() ? (Object) e.target() : d.labelMap().name(e.label()));
            }
            examples.add(ex);
        }
        info.put("examples", examples);
        info.put("dropped", dropped);
        info.put("report", notes);
        return info;
    }

    @SuppressWarnings("unchecked")
    private static String render(Map<String, Object> info) {
        StringBuilder sb = new StringBuilder();
        sb.append("dataset   ").append(info.get("name")).append('\n');
        sb.append("task      ").append(info.get("task")).append('\n');
        sb.append("size      ").append(info.get("size")).append("  ").append(info.get("splits")).append('\n');
        Map<String, Long> columns = (Map<String, Long>) info.get("columns");
        if (!columns.isEmpty()) {
            List<String> cols = new ArrayList<>();
            columns.forEach((k, v) -> cols.add(k + " (#" + v + ")"));
            sb.append("columns   ").append(String.join(", ", cols)).append('\n');
        }
        sb.append("hash      ").append(info.get("contentHash")).append('\n');
        Map<String, Long> dropped = (Map<String, Long>) info.get("dropped");
        sb.append("dropped   ").append(dropped.isEmpty() ? "none" : dropped.toString()).append('\n');
        if (info.containsKey("targets")) {
            Map<String, Double> t = (Map<String, Double>) info.get("targets");
            sb.append("targets   min ").append(Render.number(t.get("min"))).append("  mean ").append(Render.number(t.get("mean")))
                    .append("  max ").append(Render.number(t.get("max"))).append('\n');
        } else {
            Map<String, Long> labels = (Map<String, Long>) info.get("labels");
            long total = labels.values().stream().mapToLong(Long::longValue).sum();
            List<Map.Entry<String, Long>> top = new ArrayList<>(labels.entrySet());
            top.sort(Map.Entry.<String, Long>comparingByValue().reversed());
            sb.append("labels    ").append(labels.size()).append(labels.size() > MAX_LABELS ? " (most frequent " + MAX_LABELS + ")" : "")
                    .append('\n');
            List<List<Object>> rows = new ArrayList<>();
            for (Map.Entry<String, Long> e : top.subList(0, Math.min(MAX_LABELS, top.size()))) {
                rows.add(List.of(e.getKey(), e.getValue(), String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * e.getValue() / total)));
            }
            sb.append(Render.table(List.of("LABEL", "COUNT", "SHARE"), rows));
        }
        sb.append("examples\n");
        for (Map<String, Object> ex : (List<Map<String, Object>>) info.get("examples")) {
            sb.append("  ").append(ex.containsKey("tokens") ? ex.get("tokens")
                    : "[" + ex.get("label") + "] " + ex.get("text") + (ex.containsKey("pair") ? " ||| " + ex.get("pair") : ""))
                    .append('\n');
        }
        return sb.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
