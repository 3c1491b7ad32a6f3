package lmwb.estimators.estimate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.Provenance;
import lmwb.api.capability.Capability;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.capability.RunContext;
import lmwb.api.data.TableFiles;
import lmwb.api.data.TextTable;
import lmwb.api.estimator.EstimateRequest;
import lmwb.api.estimator.EstimateResult;
import lmwb.api.estimator.Estimator;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.Score;
import lmwb.api.io.Npy;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultStore;
import lmwb.common.json.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code estimate}: scores an embedding matrix ({@code .npy}, or the numeric columns of a CSV/TSV) against labels
 * ({@code .npy}, or one column of a CSV/TSV) with one installed estimator; only the scoring is timed. The result is
 * stored (kind {@value EstimateResult#KIND}) with provenance: the SHA-256 of both files, the options, the versions.
 */
@Component(property = Capability.NAME + "=estimate")
public class EstimateCapability implements Capability<EstimateRequest, EstimateResult> {
    private final List<Estimator> estimators = new CopyOnWriteArrayList<>();
    private final TableFiles tables;
    private final ResultStore store;
    private final ProvenanceRecorder provenance;

    /**
     * @param tables reads CSV/TSV files
     * @param store where estimates are kept
     * @param provenance fills versions, host, user and options
     */
    @Activate
    public EstimateCapability(@Reference TableFiles tables, @Reference ResultStore store,
            @Reference ProvenanceRecorder provenance) {
        this.tables = tables;
        this.store = store;
        this.provenance = provenance;
    }

    /** @param estimator an installed estimator */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addEstimator(Estimator estimator) {
        estimators.add(estimator);
    }

    /** @param estimator an estimator going away */
    public void removeEstimator(Estimator estimator) {
        estimators.remove(estimator);
    }

    @Override
    public String name() {
        return "estimate";
    }

    @Override
    public String description() {
        return "score an embedding matrix against labels with one estimator (see lmwb:estimators)";
    }

    @Override
    public Class<EstimateRequest> requestType() {
        return EstimateRequest.class;
    }

    @Override
    public EstimateResult run(EstimateRequest q, RunContext context) throws Exception {
        Estimator e = find(q.estimator());
        EstimatorOptions opts = EstimatorOptions.of(q.options());
        Path xf = existing(q.embeddings(), "--embeddings");
        Path yf = existing(q.labels(), "--labels");
        Labels y;
        List<String> classNames = null;
        TextTable labelTable = null;
        if (TableFiles.isTable(yf)) {
            if (q.labelColumn() == null) {
                throw new IllegalArgumentException("--labels " + yf + " is a CSV: name the label column with --label-column");
            }
            labelTable = tables.read(yf);
            List<String> values = labelTable.values(labelTable.column(q.labelColumn()));
            if (q.regression()) {
                double[] t = new double[values.size()];
                for (int i = 0; i < t.length; i++) {
                    t[i] = target(values.get(i), i, q.labelColumn());
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
            if (q.labelColumn() != null) {
                throw new IllegalArgumentException("--label-column applies to CSV/TSV labels only, " + yf + " is not one");
            }
            y = Npy.readLabels(yf, q.regression());
        }
        FloatMatrix x;
        List<String> used = null;
        if (TableFiles.isTable(xf)) {
            TextTable t = xf.equals(yf) ? labelTable : tables.read(xf);
            int skip = xf.equals(yf) ? t.column(q.labelColumn()) : -1;
            List<Integer> cols = new ArrayList<>();
            used = new ArrayList<>();
            for (int c = 0; c < t.columns().size(); c++) {
                if (c != skip && t.isNumeric(c)) {
                    cols.add(c);
                    used.add(t.columns().get(c));
                }
            }
            if (cols.isEmpty()) {
                throw new IllegalArgumentException(xf + " has no numeric columns to use as embeddings");
            }
            int rows = t.rows().size();
            float[] v = new float[rows * cols.size()];
            for (int k = 0; k < cols.size(); k++) {
                List<String> col = t.values(cols.get(k));
                for (int i = 0; i < rows; i++) {
                    v[i * cols.size() + k] = Float.parseFloat(col.get(i).trim());
                }
            }
            x = FloatMatrix.wrap(rows, cols.size(), v);
        } else {
            x = Npy.readMatrix(xf);
        }
        context.cancel().throwIfCancelled();
        long t0 = System.nanoTime();
        Score s = e.score(x, y, opts, context.cancel());
        double seconds = (System.nanoTime() - t0) / 1e9;

        Provenance p = provenance.begin("estimate", q, context).input("embeddings", sha256(xf)).input("labels", sha256(yf))
                .build();
        try (ResultStore.PendingResult pending = store.begin(EstimateResult.KIND)) {
            EstimateResult r = new EstimateResult(pending.id(), EstimateResult.KIND, e.name(), s.value(), x.rows(), x.cols(),
                    y.isRegression() ? 0 : y.distinctClasses(), y.isRegression(), seconds, opts.asMap(), xf.toString(),
                    yf.toString(), used, classNames, s.details(), p);
            pending.commit(new ResultMetadata("estimate " + e.name() + " = " + s.value() + " on " + xf.getFileName() + " ("
                    + x.rows() + " x " + x.cols() + ")", context.user(), yf.toString(), List.of(), List.of(e.name()),
                    context.jobId()), Json.COMPACT_WITH_NULLS.toJson(r));
            return r;
        }
    }

    private Estimator find(String name) {
        List<String> names = new ArrayList<>();
        for (Estimator e : estimators) {
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

    private static double target(String v, int row, String column) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("column " + column + " row " + (row + 1) + ": '" + v
                    + "' is not a number (regression targets must be numeric)", ex);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return "sha256:" + HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
