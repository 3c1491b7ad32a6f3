package lmwb.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lmwb.api.ProgressListener;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.data.DatasetOptions;
import lmwb.api.data.Split;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.training.Prediction;
import lmwb.api.training.Predictor;

/**
 * A reloaded checkpoint scored on the test split its trainer used: the same dataset, seed and downsampling
 * give the same split (the missing dev and test splits are cut from train as {@link TrainingService} cuts
 * them), so the metrics must equal the training result's test metrics. Used by the reload study in
 * {@code bench/training}.
 *
 * @param metrics every metric of the task on the test split, keyed as in the training result
 * @param predictions the predictions, in test-split order
 */
public record TestSplitEvaluation(Map<String, Double> metrics, List<Prediction> predictions) {

    /**
     * @param catalog where the dataset is loaded from
     * @param predictor the predictor that reloads the checkpoint
     * @param dataset the dataset the checkpoint was trained on
     * @param downsample the training request's downsampling
     * @param seed the training run's seed
     * @param checkpoint the checkpoint folder
     * @return the test metrics and predictions of the reloaded model
     * @throws IOException when the checkpoint cannot be read
     */
    public static TestSplitEvaluation of(DatasetCatalog catalog, Predictor predictor, String dataset,
            double downsample, long seed, Path checkpoint) throws IOException {
        Dataset loaded = catalog.load(dataset, DatasetOptions.DEFAULTS.withSeed(seed).withDownsample(downsample),
                ProgressListener.NONE);
        TaskData data = DataSplits.complete(loaded, seed);
        List<EmbeddingInput> test = data.inputs().get(Split.TEST);
        List<Prediction> predictions = predictor.predict(checkpoint, test);
        float[][] outputs = new float[predictions.size()][];
        for (int i = 0; i < outputs.length; i++) {
            double[] scores = predictions.get(i).scores();
            outputs[i] = new float[scores.length];
            for (int c = 0; c < scores.length; c++) {
                outputs[i][c] = (float) scores[c];
            }
        }
        return new TestSplitEvaluation(TrainingLoop.metrics(data, Split.TEST, new TrainingLoop.Evaluation(outputs, null)),
                List.copyOf(predictions));
    }
}
