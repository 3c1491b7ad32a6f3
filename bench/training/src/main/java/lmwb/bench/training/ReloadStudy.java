package lmwb.bench.training;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.ModelSource;
import lmwb.api.training.Prediction;
import lmwb.datasets.catalog.BuiltinDatasetProvider;
import lmwb.datasets.catalog.DatasetCatalogService;
import lmwb.encoders.trainable.DjlTrainableEncoderFactory;
import lmwb.training.TestSplitEvaluation;

/**
 * Reloads a checkpoint in a fresh JVM and evaluates it on the trainer's test split:
 * {@code bench/training/run.sh reload CKPT DATASET DOWNSAMPLE SEED [N]} prints the test metrics and the first N predictions
 * with the DME weight of each model.
 */
public final class ReloadStudy {
    private ReloadStudy() {
    }

    /**
     * @param a the arguments above
     * @throws Exception when the study fails
     */
    public static void main(String[] a) throws Exception {
        ModelSource source = StudyServices.builtinModels();
        EmbeddingService embeddings = StudyServices.embeddings(source);
        DatasetCatalogService catalog = new DatasetCatalogService();
        catalog.addProvider(new BuiltinDatasetProvider(), Map.of());
        var predictor = StudyServices.predictor(embeddings, new DjlTrainableEncoderFactory(), StudyServices.HEADS,
                StudyServices.COMBINERS);
        TestSplitEvaluation r = TestSplitEvaluation.of(catalog, predictor, a[1], Double.parseDouble(a[2]),
                Long.parseLong(a[3]), Path.of(a[0]));
        System.out.println("reloaded test metrics " + r.metrics());
        Map<String, Double> meanAlpha = new java.util.LinkedHashMap<>();
        Map<String, Integer> preferred = new java.util.LinkedHashMap<>();
        for (Prediction x : r.predictions()) {
            x.modelWeights().forEach((m, w) -> meanAlpha.merge(m, w / r.predictions().size(), Double::sum));
            x.modelWeights().entrySet().stream().max(Map.Entry.comparingByValue())
                    .ifPresent(e -> preferred.merge(e.getKey(), 1, Integer::sum));
        }
        System.out.println("mean DME weight over " + r.predictions().size() + " test inputs " + meanAlpha
                + "; inputs where each model has the larger weight " + preferred);
        int n = a.length > 4 ? Integer.parseInt(a[4]) : 10;
        List<Prediction> p = r.predictions();
        for (int i = 0; i < Math.min(n, p.size()); i++) {
            Prediction x = p.get(i);
            System.out.println(String.format(Locale.ROOT, "%s\t%s\t%.6f\t%s", x.labels(), x.modelWeights(),
                    x.scores()[0], x.text()));
        }
    }
}
