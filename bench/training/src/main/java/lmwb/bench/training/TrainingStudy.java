package lmwb.bench.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressEvent;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.ModelSource;
import lmwb.api.training.TrainingRequest;
import lmwb.api.training.TrainingResult;
import lmwb.datasets.catalog.BuiltinDatasetProvider;
import lmwb.datasets.catalog.DatasetCatalogService;
import lmwb.encoders.trainable.DjlTrainableEncoderFactory;
import lmwb.common.json.Json;

/**
 * The measured study behind {@code bundles/lmwb.training/RESULTS.md}, run outside a framework with the real
 * built-in datasets and models: {@code bench/training/run.sh train OUT_JSON DATASET MODELS COMBINE FROZEN
 * DOWNSAMPLE EPOCHS RUNS [LR] [MAXLEN] [BATCH] [CKPT_DIR]}. Writes the result JSON to OUT_JSON and a
 * summary to stdout.
 */
public final class TrainingStudy {
    private TrainingStudy() {
    }

    /**
     * @param a the arguments above
     * @throws Exception when the study fails
     */
    public static void main(String[] a) throws Exception {
        Path out = Path.of(a[0]);
        String dataset = a[1];
        List<String> models = Arrays.asList(a[2].split(","));
        String combine = a[3];
        boolean frozen = Boolean.parseBoolean(a[4]);
        double downsample = Double.parseDouble(a[5]);
        int epochs = Integer.parseInt(a[6]);
        int runs = Integer.parseInt(a[7]);
        double lr = a.length > 8 ? Double.parseDouble(a[8]) : 2e-5;
        int maxLen = a.length > 9 ? Integer.parseInt(a[9]) : 64;
        int batch = a.length > 10 ? Integer.parseInt(a[10]) : 16;
        String ckpt = a.length > 11 ? a[11] : null;
        ModelSource source = StudyServices.builtinModels();
        EmbeddingService embeddings = StudyServices.embeddings(source);
        DatasetCatalogService catalog = new DatasetCatalogService();
        catalog.addProvider(new BuiltinDatasetProvider(), Map.of());
        TrainingRequest req = TrainingRequest.defaults(dataset, models)
                .withSetup(combine, "auto", frozen)
                .withLearningRates(List.of(lr), frozen ? 1e-3 : 1e-3)
                .withSchedule(epochs, batch, maxLen, downsample, 42, runs, 3, "auto")
                .withOut(ckpt);
        long t0 = System.nanoTime();
        ProgressListener progress = new ProgressListener() {
            private long last;

            @Override
            public void onProgress(ProgressEvent e) {
                long now = System.nanoTime();
                if (now - last > 5_000_000_000L || e.done() == e.total()) {
                    last = now;
                    System.err.println(e.stage() + " " + e.done() + "/" + e.total());
                }
            }
        };
        TrainingResult r = StudyServices.trainer(catalog, embeddings, new DjlTrainableEncoderFactory(),
                StudyServices.HEADS, StudyServices.COMBINERS).train(req, progress, CancellationToken.NONE);
        double secs = (System.nanoTime() - t0) / 1e9;
        Files.writeString(out, Json.PRETTY.toJson(r));
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%s %s %s frozen=%s splits=%s total %.0f s", dataset, models, combine,
                frozen, r.splitSizes(), secs));
        lines.add("metric " + r.metric() + " mean " + r.mean() + " std " + r.std());
        lines.add("baseline " + r.baseline());
        r.runs().forEach(run -> lines.add("seed " + run.seed() + " best epoch " + run.bestEpoch() + " dev "
                + run.bestDevScore() + " test " + run.test() + " epochs " + run.epochs()));
        lines.forEach(System.out::println);
    }
}
