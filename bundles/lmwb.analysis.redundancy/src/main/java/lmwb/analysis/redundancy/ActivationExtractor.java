package lmwb.analysis.redundancy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.ProgressListener;
import lmwb.api.TaskType;
import lmwb.api.data.Example;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.LanguageModel;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelDescriptor;
import lmwb.api.encoder.ModelOptions;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;

/**
 * Per-layer activations for the analysis, through the embedding service and its on-disk cache: one
 * sentence vector per example ([CLS] as in the paper, or the mean of the words) for sentence tasks, one
 * vector per word (mean of its sub-words) for token tasks, for layers 0..L.
 */
final class ActivationExtractor {
    /**
     * Extracted activations.
     *
     * @param activations layers 0..L for every row
     * @param labels one label per row (token tasks: the tags of the words the model kept)
     * @param rowsPerExample rows each example contributed (1 for sentence tasks)
     * @param modelHash the model weights' hash
     * @param tokens real tokens encoded
     * @param truncated examples cut at the model's maximum length
     * @param fromCache whether no forward pass was needed
     * @param seconds wall time of the extraction
     */
    record Extracted(Activations activations, Labels labels, int[] rowsPerExample, String modelHash, long tokens,
            int truncated, boolean fromCache, double seconds) {
    }

    private ActivationExtractor() {
    }

    /**
     * @param service the embedding service
     * @param model a model reference
     * @param options device
     * @return the number of transformer layers L
     * @throws IOException when the model cannot be opened
     */
    static int layerCount(EmbeddingService service, String model, ModelOptions options) throws IOException {
        for (ModelDescriptor d : service.models()) {
            if (d.reference().equalsIgnoreCase(model) && d.layers() > 0) {
                return d.layers();
            }
        }
        try (LanguageModel m = service.open(model, options)) {
            return m.info().layers();
        }
    }

    /**
     * @param examples examples
     * @param task the task type
     * @return the embedding inputs
     */
    static List<EmbeddingInput> inputs(List<Example> examples, TaskType task) {
        List<EmbeddingInput> inputs = new ArrayList<>(examples.size());
        for (Example e : examples) {
            inputs.add(EmbeddingInput.of(e, task));
        }
        return inputs;
    }

    /**
     * @param layers L
     * @param upTo the highest layer wanted
     * @param inputs the inputs
     * @param task the task type
     * @param pooling sentence pooling for sentence tasks
     * @return a request for layers 0..upTo
     */
    static EmbeddingRequest request(int upTo, List<EmbeddingInput> inputs, TaskType task, SentencePooling pooling) {
        List<Integer> wanted = new ArrayList<>();
        for (int l = 0; l <= upTo; l++) {
            wanted.add(l);
        }
        return new EmbeddingRequest(inputs, wanted, false, SubwordPooling.MEAN,
                task.isTokenLevel() ? SentencePooling.NONE : pooling, PairEncoding.NATIVE,
                EmbeddingRequest.DEFAULT_BATCH_SIZE);
    }

    static Extracted extract(EmbeddingService service, String model, String datasetHash, TaskType task,
            List<Example> examples, SentencePooling pooling, boolean float16, ModelOptions options,
            ProgressListener progress, CancellationToken cancel) throws IOException {
        if (!task.isTokenLevel() && pooling != SentencePooling.CLS && pooling != SentencePooling.MEAN) {
            throw new IllegalArgumentException("sentence vectors for the analysis are cls or mean, got "
                    + pooling.name().toLowerCase(java.util.Locale.ROOT));
        }
        long start = System.nanoTime();
        int layers = layerCount(service, model, options);
        EmbeddingRequest request = request(layers, inputs(examples, task), task, pooling);
        LayerEmbeddings e = service.embed(model, request, datasetHash, options, progress, cancel);
        List<FloatMatrix> matrices = new ArrayList<>();
        for (int l = 0; l <= layers; l++) {
            matrices.add(e.layer(l));
        }
        int[] rowsPerExample;
        Labels labels;
        if (task.isTokenLevel()) {
            rowsPerExample = e.wordsPerInput();
            List<Integer> tags = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                // Words past the model's maximum length have no vector: their tags are dropped too.
                for (int w = 0; w < rowsPerExample[i]; w++) {
                    tags.add(examples.get(i).tag(w));
                }
            }
            labels = Labels.classes(tags.stream().mapToInt(Integer::intValue).toArray());
        } else {
            rowsPerExample = new int[examples.size()];
            java.util.Arrays.fill(rowsPerExample, 1);
            labels = task.isRegression()
                    ? Labels.regression(examples.stream().mapToDouble(Example::target).toArray())
                    : Labels.classes(examples.stream().mapToInt(Example::label).toArray());
        }
        if (labels.size() != matrices.get(0).rows()) {
            throw new IllegalStateException("the encoder returned " + matrices.get(0).rows() + " rows for "
                    + labels.size() + " labels");
        }
        String modelHash = e.provenance().inputs().getOrDefault("model", "unknown");
        return new Extracted(Activations.of(matrices, float16), labels, rowsPerExample, modelHash, e.tokens(),
                e.truncatedInputs(), e.fromCache(), (System.nanoTime() - start) / 1e9);
    }
}
