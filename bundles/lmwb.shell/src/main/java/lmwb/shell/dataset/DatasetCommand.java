package lmwb.shell.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lmwb.api.data.DatasetInfo;
import lmwb.api.results.StoredResult;
import lmwb.shell.Render;
import lmwb.shell.core.Invocation;
import lmwb.shell.core.Options;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code lmwb:dataset}: options → {@code DatasetRequest} → the {@code dataset} capability → what lmwb understood. */
@Component(service = DatasetCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=dataset"})
public class DatasetCommand {
    static final int MAX_LABELS = 30;
    private final Invocation invocation;

    /** @param invocation runs capabilities */
    @Activate
    public DatasetCommand(@Reference Invocation invocation) {
        this.invocation = invocation;
    }

    /**
     * Describes a dataset.
     *
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
            @Parameter(names = "--downsample", absentValue = "") String downsample,
            @Descriptor("seed for downsampling (default 42)") @Parameter(names = "--seed", absentValue = "") String seed,
            @Descriptor("text encoding of the dataset file: utf-8 (default), latin-1, cp1252, utf-16, or any Java charset name") @Parameter(names = "--encoding", absentValue = "") String encoding,
            @Descriptor("keep B-/I- prefixes of tags instead of merging them") @Parameter(names = "--keep-bio", presentValue = "true", absentValue = "") String keepBio,
            @Descriptor("read the request from this JSON file; options given here override it") @Parameter(names = "--request", absentValue = "") String request,
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "") String json,
            @Descriptor("catalogue name (see lmwb:datasets) or path to a file or directory") String reference) throws Exception {
        Options given = Options.given().option("--dataset", reference).option("--text-column", text).option("--pair-column", pair)
                .option("--label-column", label).option("--task", task).option("--downsample", downsample).option("--seed", seed)
                .option("--encoding", encoding).option("--keep-bio", keepBio);
        return invocation.call("dataset", given).request(request).render(json);
    }

    /**
     * @param info what lmwb understood of a dataset
     * @param stored {@code null} (not stored)
     * @return it for people
     */
    public static String table(DatasetInfo info, StoredResult stored) {
        StringBuilder sb = new StringBuilder();
        sb.append("dataset   ").append(info.name()).append('\n');
        sb.append("task      ").append(info.task()).append('\n');
        sb.append("size      ").append(info.size()).append("  ").append(info.splits()).append('\n');
        if (!info.columns().isEmpty()) {
            List<String> cols = new ArrayList<>();
            info.columns().forEach((k, v) -> cols.add(k + " (#" + v + ")"));
            sb.append("columns   ").append(String.join(", ", cols)).append('\n');
        }
        sb.append("hash      ").append(info.contentHash()).append('\n');
        sb.append("dropped   ").append(info.dropped().isEmpty() ? "none" : info.dropped().toString()).append('\n');
        if (info.targets() != null) {
            Map<String, Double> t = info.targets();
            sb.append("targets   min ").append(Render.number(t.get("min"))).append("  mean ").append(Render.number(t.get("mean")))
                    .append("  max ").append(Render.number(t.get("max"))).append('\n');
        } else if (info.labels() != null) {
            Map<String, Long> labels = info.labels();
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
        for (DatasetInfo.Shown ex : info.examples()) {
            sb.append("  ").append(ex.tokens() != null ? ex.tokens()
                    : "[" + ex.label() + "] " + ex.text() + (ex.pair() != null ? " ||| " + ex.pair() : "")).append('\n');
        }
        return sb.toString();
    }
}
