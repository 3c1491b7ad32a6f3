package lmwb.training;

import java.util.List;
import java.util.Map;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.training.Predictor;
import lmwb.api.training.Trainer;
import lmwb.api.training.TrainingResult;
import lmwb.encoders.spi.TrainableEncoderFactory;

/** Wires the training services by hand for the measured study (test class path only). */
public final class StudyAccess {
    private StudyAccess() {
    }

    public static Trainer trainer(DatasetCatalog catalog, EmbeddingService embeddings, TrainableEncoderFactory factory) {
        return new TrainingService(catalog, embeddings, factory, FineTuneTest.HEADS, FineTuneTest.COMBINERS);
    }

    public static Predictor predictor(EmbeddingService embeddings, TrainableEncoderFactory factory) {
        return new CheckpointPredictor(embeddings, factory, FineTuneTest.HEADS, FineTuneTest.COMBINERS);
    }

    /**
     * Reloads a checkpoint and evaluates it on the test split the trainer used (same seed and downsampling).
     *
     * @return the test metrics of the reloaded model and the predictions
     */
    public static Map.Entry<Map<String, Double>, List<lmwb.api.training.Prediction>> reloadTest(
            DatasetCatalog catalog, Predictor predictor, String dataset, double downsample, long seed,
            java.nio.file.Path checkpoint) throws java.io.IOException {
        lmwb.api.data.Dataset d = catalog.load(dataset,
                lmwb.api.data.DatasetOptions.DEFAULTS.withSeed(seed).withDownsample(downsample),
                lmwb.api.ProgressListener.NONE);
        TaskData data = DataSplits.complete(d, seed);
        List<lmwb.api.encoder.EmbeddingInput> test = data.inputs().get(lmwb.api.data.Split.TEST);
        List<lmwb.api.training.Prediction> p = predictor.predict(checkpoint, test);
        float[][] out = new float[p.size()][];
        for (int i = 0; i < out.length; i++) {
            double[] sc = p.get(i).scores();
            out[i] = new float[sc.length];
            for (int c = 0; c < sc.length; c++) {
                out[i][c] = (float) sc[c];
            }
        }
        return Map.entry(TrainingLoop.metrics(data, lmwb.api.data.Split.TEST, new TrainingLoop.Evaluation(out, null)), p);
    }

    public static String json(TrainingResult r) {
        return Checkpoints.GSON.newBuilder().registerTypeAdapter(java.time.Instant.class,
                (com.google.gson.JsonSerializer<java.time.Instant>) (i, t, c) -> new com.google.gson.JsonPrimitive(
                        i.toString())).create().toJson(r);
    }
}
