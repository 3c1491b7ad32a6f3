package lmwb.shell.estimate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.Estimator;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.Score;
import lmwb.api.io.Npy;
import lmwb.shell.Render;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code lmwb:estimate}: scores an embedding matrix ({@code .npy}, or the numeric columns of a CSV) against
 * labels ({@code .npy}, or one column of a CSV) with one installed estimator; only the scoring is timed.
 */
@Component(service = EstimateCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=estimate"})
public class EstimateCommand {
    private final Map<ServiceReference<Estimator>, Estimator> estimators = new ConcurrentSkipListMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEstimator(ServiceReference<Estimator> ref, Estimator estimator) {
        estimators.put(ref, estimator);
    }

    void removeEstimator(ServiceReference<Estimator> ref) {
        estimators.remove(ref);
    }

    /**
     * Scores embeddings against labels.
     *
     * @param embeddings the embeddings file
     * @param labels the labels file
     * @param labelColumn the label column of a CSV labels file
     * @param estimator the estimator's name
     * @param regression whether the labels are real-valued targets
     * @param options estimator options
     * @param json print JSON
     * @return the score as a table or JSON
     * @throws IOException when a file cannot be read
     */
    @Descriptor("score an embedding matrix against labels with one estimator (see lmwb:estimators)")
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
            @Parameter(names = "--regression", presentValue = "true", absentValue = "false") boolean regression,
            @Descriptor("estimator options key=value[,key=value], e.g. k=5,metric=cosine")
            @Parameter(names = "--options", absentValue = "") String options,
            @Descriptor("print one JSON object instead of a table")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) throws IOException {
        if (embeddings.isEmpty() || labels.isEmpty() || estimator.isEmpty()) {
            throw new IllegalArgumentException("lmwb:estimate needs --embeddings FILE --labels FILE --estimator NAME");
        }
        Estimator e = find(estimator);
        EstimatorOptions opts = EstimatorOptions.parse(options);
        Path xf = existing(embeddings, "--embeddings");
        Path yf = existing(labels, "--labels");
        Labels y;
        List<String> classNames = null;
        CsvTable labelTable = null;
        if (isCsv(yf)) {
            if (labelColumn.isEmpty()) {
                throw new IllegalArgumentException("--labels " + yf + " is a CSV: name the label column with --label-column");
            }
            labelTable = CsvTable.read(yf);
            int col = labelTable.column(labelColumn);
            List<String> values = labelTable.values(col);
            if (regression) {
                double[] t = new double[values.size()];
                for (int i = 0; i < t.length; i++) {
                    t[i] = parseTarget(values.get(i), i, labelColumn);
                }
                y = Labels.regression(t);
            } else {
                classNames = new ArrayList<>(new TreeSet<>(values));
                int[] ids = new int[values.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = classNames.indexOf(values.get(i));
                }
                y = Labels.classes(ids);
            }
        } else {
            if (!labelColumn.isEmpty()) {
                throw new IllegalArgumentException("--label-column applies to CSV/TSV labels only, " + yf + " is not one");
            }
            y = Npy.readLabels(yf, regression);
        }
        FloatMatrix x;
        List<String> used = null;
        if (isCsv(xf)) {
            CsvTable t = xf.equals(yf) ? labelTable : CsvTable.read(xf);
            int skip = xf.equals(yf) ? t.column(labelColumn) : -1;
            List<Integer> cols = new ArrayList<>();
            used = new ArrayList<>();
            for (int c = 0; c < t.header().size(); c++) {
                if (c != skip && t.isNumeric(c)) {
                    cols.add(c);
                    used.add(t.header().get(c));
                }
            }
            if (cols.isEmpty()) {
                throw new IllegalArgumentException(xf + " has no numeric columns to use as embeddings");
            }
            float[] v = new float[t.rowCount() * cols.size()];
            for (int k = 0; k < cols.size(); k++) {
                List<String> col = t.values(cols.get(k));
                for (int i = 0; i < col.size(); i++) {
                    v[i * cols.size() + k] = Float.parseFloat(col.get(i));
                }
            }
            x = FloatMatrix.wrap(t.rowCount(), cols.size(), v);
        } else {
            x = Npy.readMatrix(xf);
        }

        long t0 = System.nanoTime();
        Score s = e.score(x, y, opts, new CancellationToken());
        double seconds = (System.nanoTime() - t0) / 1e9;

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("estimator", e.name());
        out.put("score", s.value());
        out.put("n", x.rows());
        out.put("dim", x.cols());
        out.put("classes", y.isRegression() ? 0 : y.distinctClasses());
        out.put("regression", y.isRegression());
        out.put("seconds", seconds);
        out.put("options", opts.asMap());
        out.put("embeddings", xf.toString());
        out.put("labels", yf.toString());
        if (used != null) {
            out.put("embedding_columns", used);
        }
        if (classNames != null) {
            out.put("class_names", classNames);
        }
        out.put("details", s.details());
        if (json) {
            return Render.json(out);
        }
        List<List<Object>> rows = new ArrayList<>();
        out.forEach((k, v) -> {
            if (!k.equals("details")) {
                rows.add(List.of(k, v instanceof Double d ? d : String.valueOf(v)));
            }
        });
        s.details().forEach((k, v) -> rows.add(List.of("details." + k, v)));
        return Render.table(List.of("FIELD", "VALUE"), rows);
    }

    private Estimator find(String name) {
        List<String> names = new ArrayList<>();
        for (Estimator e : estimators.values()) {
            if (e.name().equals(name)) {
                return e;
            }
            names.add(e.name());
        }
        names.sort(null);
        throw new IllegalArgumentException("unknown estimator '" + name + "'; installed: "
                + (names.isEmpty() ? "none" : String.join(", ", names)));
    }

    private static Path existing(String file, String option) {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(option + " " + file + ": no such file");
        }
        return p;
    }

    private static boolean isCsv(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".csv") || n.endsWith(".tsv");
    }

    private static double parseTarget(String v, int row, String column) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("column " + column + " row " + (row + 1) + ": '" + v
                    + "' is not a number (regression targets must be numeric)", ex);
        }
    }
}
