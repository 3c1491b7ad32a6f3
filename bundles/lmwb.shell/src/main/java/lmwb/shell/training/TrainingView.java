package lmwb.shell.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.results.StoredResult;
import lmwb.api.training.EpochLog;
import lmwb.api.training.Prediction;
import lmwb.api.training.PredictionResult;
import lmwb.api.training.RunResult;
import lmwb.api.training.TrainingResult;
import lmwb.shell.Render;

/** The tables of {@code train} and {@code predict} results. */
public final class TrainingView {
    private TrainingView() {
    }

    /**
     * @param r a training
     * @param stored where it is stored, or {@code null}
     * @return per run and mean ± std, the majority baseline, and where the checkpoints are
     */
    public static String table(TrainingResult r, StoredResult stored) {
        List<String> metrics = new ArrayList<>(r.mean().keySet());
        metrics.sort(null);
        List<String> headers = new ArrayList<>(List.of("run", "seed", "best epoch", "dev " + r.metric(), "ex/s"));
        metrics.forEach(m -> headers.add("test " + m));
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < r.runs().size(); i++) {
            RunResult run = r.runs().get(i);
            double exs = run.epochs().stream().mapToDouble(EpochLog::examplesPerSecond).average().orElse(Double.NaN);
            List<Object> row = new ArrayList<>(List.of(i + 1, run.seed(), run.bestEpoch(),
                    Render.number(run.bestDevScore()), Render.number(exs)));
            metrics.forEach(m -> row.add(Render.number(run.test().get(m))));
            rows.add(row);
        }
        List<Object> mean = new ArrayList<>(List.of("mean ± std", "", "", "", ""));
        metrics.forEach(m -> mean.add(Render.number(r.mean().get(m)) + " ± " + Render.number(r.std().get(m))));
        rows.add(mean);
        List<Object> base = new ArrayList<>(List.of("majority baseline", "", "", "", ""));
        metrics.forEach(m -> base.add(Render.number(r.baseline().getOrDefault(m, Double.NaN))));
        rows.add(base);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (String split : List.of("train", "dev", "test")) {
            if (r.splitSizes().containsKey(split)) {
                sizes.put(split, r.splitSizes().get(split));
            }
        }
        r.splitSizes().forEach(sizes::putIfAbsent);
        StringBuilder s = new StringBuilder(r.head() + " on " + r.taskType() + ", splits " + sizes
                + ", selection by dev " + r.metric() + "\n" + Render.table(headers, rows));
        s.append(dmeWeights(r.runs()));
        if (stored != null) {
            s.append("\nstored as ").append(stored.id());
            for (RunResult run : r.runs()) {
                if (run.checkpoint() != null) {
                    s.append("\ncheckpoint: ").append(stored.directory().resolve(run.checkpoint())).append("  (predict "
                            + "--checkpoint ").append(stored.id()).append(r.runs().size() > 1 ? "/" + run.checkpoint() : "")
                            .append(')');
                }
            }
        }
        return s.toString();
    }

    /** One line per model: its mean DME weight α over the test split in each seed's run; empty without weights. */
    private static String dmeWeights(List<RunResult> runs) {
        List<RunResult> weighed = runs.stream().filter(run -> run.dmeWeights() != null).toList();
        if (weighed.isEmpty()) {
            return "";
        }
        List<String> headers = new ArrayList<>(List.of("model"));
        weighed.forEach(run -> headers.add("α seed " + run.seed()));
        List<List<Object>> rows = new ArrayList<>();
        for (String model : weighed.get(0).dmeWeights().keySet()) {
            List<Object> row = new ArrayList<>(List.of(model));
            weighed.forEach(run -> row.add(Render.number(run.dmeWeights().get(model))));
            rows.add(row);
        }
        return "\nDME weight of each model, mean over the test split:\n" + Render.table(headers, rows);
    }

    /**
     * @param r a batch of predictions
     * @param stored where it is stored, or {@code null}
     * @return one row per input: the prediction, its score and each model's weight
     */
    public static String table(PredictionResult r, StoredResult stored) {
        List<Prediction> predictions = r.predictions();
        List<String> models = predictions.isEmpty() ? List.of() : new ArrayList<>(predictions.get(0).modelWeights().keySet());
        List<String> headers = new ArrayList<>(List.of("input", "prediction", "score"));
        models.forEach(m -> headers.add("α " + m));
        List<List<Object>> rows = new ArrayList<>();
        for (Prediction p : predictions) {
            String label = p.labels().isEmpty() ? "" : String.join(" ", p.labels());
            double score = p.scores().length == 0 ? Double.NaN
                    : p.labels().size() == 1 ? max(p.scores()) : p.scores()[0];
            List<Object> row = new ArrayList<>(List.of(abbreviate(p.text()), label, Render.number(score)));
            models.forEach(m -> row.add(Render.number(p.modelWeights().get(m))));
            rows.add(row);
        }
        return Render.table(headers, rows) + (stored == null ? "" : "\nstored as " + stored.id());
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
