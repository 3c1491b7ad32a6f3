package lmwb.shell.estimate;

import java.util.ArrayList;
import java.util.List;
import lmwb.api.estimator.EstimateResult;
import lmwb.api.results.StoredResult;
import lmwb.shell.Render;
import lmwb.shell.core.Invocation;
import lmwb.shell.core.Options;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code lmwb:estimate}: options → {@code EstimateRequest} → the {@code estimate} capability → a field table or JSON. */
@Component(service = EstimateCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=estimate"})
public class EstimateCommand {
    private final Invocation invocation;

    /** @param invocation runs capabilities */
    @Activate
    public EstimateCommand(@Reference Invocation invocation) {
        this.invocation = invocation;
    }

    /**
     * Scores embeddings against labels.
     *
     * @return the score as a table or JSON
     * @throws Exception on failure
     */
    @Descriptor("score an embedding matrix against labels with one estimator (see lmwb:estimators); the result is stored")
    public String estimate(
            @Descriptor("embeddings: N x D .npy (float32/float64), or a CSV/TSV whose numeric columns (minus the label column) are used")
            @Parameter(names = "--embeddings", absentValue = "") String embeddings,
            @Descriptor("labels: .npy vector of N class ids or targets, or a CSV/TSV with --label-column")
            @Parameter(names = "--labels", absentValue = "") String labels,
            @Descriptor("label column of a CSV/TSV labels file; text classes are numbered in sorted order")
            @Parameter(names = "--label-column", absentValue = "") String labelColumn,
            @Descriptor("estimator name, e.g. logme, hscore, knn, probe")
            @Parameter(names = "--estimator", absentValue = "") String estimator,
            @Descriptor("labels are real-valued regression targets")
            @Parameter(names = "--regression", presentValue = "true", absentValue = "") String regression,
            @Descriptor("estimator options key=value[,key=value], e.g. k=5,metric=cosine")
            @Parameter(names = "--options", absentValue = "") String options,
            @Descriptor("read the request from this JSON file; options given here override it")
            @Parameter(names = "--request", absentValue = "") String request,
            @Descriptor("print the stored result as JSON")
            @Parameter(names = "--json", presentValue = "true", absentValue = "") String json) throws Exception {
        Options given = Options.given().option("--embeddings", embeddings).option("--labels", labels)
                .option("--label-column", labelColumn).option("--estimator", estimator).option("--regression", regression)
                .option("--options", options);
        return invocation.call("estimate", given).request(request).render(json);
    }

    /**
     * @param r an estimate
     * @param stored where it is stored, or {@code null}
     * @return its fields, one row each
     */
    public static String table(EstimateResult r, StoredResult stored) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("estimator", r.estimator()));
        rows.add(List.of("score", r.score()));
        rows.add(List.of("n", r.n()));
        rows.add(List.of("dim", r.dim()));
        rows.add(List.of("classes", r.classes()));
        rows.add(List.of("regression", r.regression()));
        rows.add(List.of("seconds", r.seconds()));
        rows.add(List.of("options", r.options()));
        rows.add(List.of("embeddings", r.embeddings()));
        rows.add(List.of("labels", r.labels()));
        if (r.embeddingColumns() != null) {
            rows.add(List.of("embedding_columns", r.embeddingColumns()));
        }
        if (r.classNames() != null) {
            rows.add(List.of("class_names", r.classNames()));
        }
        if (r.details() != null) {
            r.details().forEach((k, v) -> rows.add(List.of("details." + k, v)));
        }
        rows.add(List.of("stored as", r.resultId()));
        return Render.table(List.of("FIELD", "VALUE"), rows);
    }
}
