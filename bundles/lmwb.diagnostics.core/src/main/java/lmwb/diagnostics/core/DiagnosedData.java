package lmwb.diagnostics.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import lmwb.api.FloatMatrix;
import lmwb.api.TaskType;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.capability.RunContext;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.data.DatasetOptions;
import lmwb.api.data.Example;
import lmwb.api.diagnostics.DiagnosedDataset;
import lmwb.api.diagnostics.DiagnosticData;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.LanguageModel;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelDescriptor;
import lmwb.api.encoder.ModelOptions;

/**
 * A classification dataset as a diagnostic reads it: its examples (after cleaning and downsampling), their class
 * ids, and — when models are asked for — every layer's embeddings from the embedding service (and so its cache),
 * several models concatenated column-wise.
 *
 * @param dataset the dataset
 * @param examples the examples diagnosed, in order
 * @param classes each example's class id
 * @param models the models embedded (empty when none were asked for)
 * @param modelHashes each model's artifact hash (or why there is none)
 * @param layers features by layer key: {@value DiagnosticData#MEAN} and negative layer numbers ({@code -1} = last;
 *     with several models of different depths, the layers all of them have, counted from the last)
 * @param notes what users should know (dropped rows, truncated inputs)
 */
public record DiagnosedData(Dataset dataset, List<Example> examples, int[] classes, List<String> models,
        Map<String, String> modelHashes, Map<String, FloatMatrix> layers, List<String> notes) {

    /**
     * Loads a classification dataset and checks it can be diagnosed: at least two classes given, each at least
     * {@code minPerClass} times.
     *
     * @param catalog datasets
     * @param reference dataset name or file ({@code null} = the catalogue's default)
     * @param options dataset options
     * @param diagnostic the diagnostic's name (for messages)
     * @param minPerClass the fewest examples each given class needs
     * @param context progress
     * @return the data, without embeddings
     * @throws IOException when the dataset cannot be read
     */
    public static DiagnosedData load(DatasetCatalog catalog, String reference, DatasetOptions options, String diagnostic,
            int minPerClass, RunContext context) throws IOException {
        String ref = reference != null ? reference : catalog.defaultDataset();
        Dataset dataset = catalog.load(ref, options, context.progress());
        TaskType task = dataset.taskType();
        if (task.isRegression() || task.isTokenLevel()) {
            throw new IllegalArgumentException(diagnostic + " needs a text or pair classification dataset; " + dataset.name()
                    + " is " + task.displayName());
        }
        List<Example> examples = dataset.allExamples();
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("dataset " + dataset.name() + " has no examples after cleaning");
        }
        int[] classes = examples.stream().mapToInt(Example::label).toArray();
        checkClasses(dataset.name(), classes, Math.max(dataset.labelMap().size(), max(classes) + 1), dataset.labelMap().names(),
                diagnostic, minPerClass);
        List<String> notes = new ArrayList<>();
        dataset.report().forEach((k, v) -> {
            if (v > 0 && k.startsWith("dropped")) {
                notes.add(k + ": " + v);
            }
        });
        return new DiagnosedData(dataset, examples, classes, List.of(), Map.of(), Map.of(), notes);
    }

    /**
     * Refuses labels that cannot be diagnosed: fewer than two distinct classes, a class with fewer than
     * {@code minPerClass} examples.
     *
     * @param source what the labels belong to (for messages)
     * @param classes class id per example
     * @param classCount number of classes of the label space
     * @param names label names by id (may be shorter than classCount)
     * @param diagnostic the diagnostic's name
     * @param minPerClass fewest examples per given class
     */
    public static void checkClasses(String source, int[] classes, int classCount, List<String> names, String diagnostic,
            int minPerClass) {
        int[] counts = new int[Math.max(classCount, max(classes) + 1)];
        for (int c : classes) {
            counts[c]++;
        }
        int distinct = 0;
        int only = -1;
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0) {
                distinct++;
                only = c;
            }
        }
        if (distinct < 2) {
            throw new IllegalArgumentException(source + " has a single class ('" + name(names, only) + "', " + classes.length
                    + " examples); " + diagnostic + " needs at least two classes");
        }
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0 && counts[c] < minPerClass) {
                throw new IllegalArgumentException(source + ": class '" + name(names, c) + "' has " + counts[c] + " example"
                        + (counts[c] == 1 ? "" : "s") + "; " + diagnostic + " needs at least " + minPerClass
                        + " per class (its held-out probe must see every class in training); drop it or add examples");
            }
        }
    }

    /**
     * Adds the embeddings of the given models (all layers and the layer mean, through the embedding service and
     * its cache).
     *
     * @param embeddings the embedding service
     * @param data the request's dataset and embedding options
     * @param context progress and cancellation
     * @return this data with {@link #layers()}, {@link #models()} and {@link #modelHashes()}
     * @throws IOException when a model cannot be read
     */
    public DiagnosedData embed(EmbeddingService embeddings, DiagnosticData data, RunContext context) throws IOException {
        List<String> notesOut = new ArrayList<>(notes);
        List<String> models = new ArrayList<>(new LinkedHashSet<>(data.models()));
        if (models.isEmpty()) {
            List<String> defaults = embeddings.defaultModels();
            if (defaults.isEmpty()) {
                throw new IllegalArgumentException("no --models given and no default model available; run 'lmwb models'");
            }
            models.add(defaults.get(0));
            notesOut.add("no --models given: using " + defaults.get(0));
        }
        List<EmbeddingInput> inputs = examples.stream().map(e -> EmbeddingInput.of(e, dataset.taskType())).toList();
        Map<String, String> hashes = new LinkedHashMap<>();
        List<TreeMap<String, FloatMatrix>> perModel = new ArrayList<>();
        for (String model : models) {
            context.cancel().throwIfCancelled();
            int layerCount = layerCount(embeddings, model, data.device());
            List<Integer> wanted = new ArrayList<>();
            for (int l = 1; l <= layerCount; l++) {
                wanted.add(l);
            }
            EmbeddingRequest request = new EmbeddingRequest(inputs, wanted, true, data.subwordPooling(), data.sentencePooling(),
                    data.pairEncoding(), data.batchSize());
            LayerEmbeddings emb = embeddings.embed(model, request, dataset.contentHash(), new ModelOptions(data.device(), Double.NaN),
                    context.progress(), context.cancel());
            hashes.put(model, ProvenanceRecorder.modelHash(emb.provenance() == null ? null : emb.provenance().inputs().get("model"),
                    "the embedding service reported no artifact hash for " + model));
            if (emb.truncatedInputs() > 0) {
                notesOut.add(model + ": " + emb.truncatedInputs() + " inputs truncated at the model's maximum length");
            }
            TreeMap<String, FloatMatrix> byKey = new TreeMap<>();
            emb.layers().forEach((l, m) -> byKey.put(Integer.toString(l - layerCount - 1), m));
            emb.mean().ifPresent(m -> byKey.put(DiagnosticData.MEAN, m));
            for (FloatMatrix m : byKey.values()) {
                if (m.rows() != examples.size()) {
                    throw new IllegalStateException(model + " produced " + m.rows() + " rows for " + examples.size() + " examples");
                }
            }
            perModel.add(byKey);
        }
        Map<String, FloatMatrix> layersOut = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(perModel.get(0).keySet());
        keys.removeIf(k -> perModel.stream().anyMatch(m -> !m.containsKey(k)));
        keys.sort((a, b) -> a.equals(DiagnosticData.MEAN) ? 1 : b.equals(DiagnosticData.MEAN) ? -1
                : Integer.compare(Integer.parseInt(b), Integer.parseInt(a)));
        for (String k : keys) {
            layersOut.put(k, concatenate(perModel.stream().map(m -> m.get(k)).toList()));
        }
        return new DiagnosedData(dataset, examples, classes, List.copyOf(models), hashes, layersOut, notesOut);
    }

    /**
     * @param layer {@code mean} or a layer number (negative from the last, positive from the first)
     * @return the features of that layer
     */
    public FloatMatrix features(String layer) {
        return layers.get(layerKey(layer));
    }

    /**
     * @param layer {@code mean} or a layer number
     * @return its key in {@link #layers()}: {@code mean} or a negative number
     * @throws IllegalArgumentException for a layer the models do not have
     */
    public String layerKey(String layer) {
        if (layer.equals(DiagnosticData.MEAN)) {
            return layer;
        }
        int l = Integer.parseInt(layer);
        int depth = layers.size() - (layers.containsKey(DiagnosticData.MEAN) ? 1 : 0);
        int key = l < 0 ? l : l - depth - 1;
        if (key >= 0 || !layers.containsKey(Integer.toString(key))) {
            throw new IllegalArgumentException("--layer " + layer + " is not a layer of " + String.join(", ", models) + " (layers 1.."
                    + depth + ", or -1..-" + depth + " from the last)");
        }
        return Integer.toString(key);
    }

    /** @return the number of classes of the label space */
    public int classCount() {
        return Math.max(dataset.labelMap().size(), max(classes) + 1);
    }

    /** @return the diagnosed dataset as results describe it */
    public DiagnosedDataset describe() {
        List<String> names = new ArrayList<>(dataset.labelMap().names());
        for (int c = names.size(); c < classCount(); c++) {
            names.add(Integer.toString(c));
        }
        return new DiagnosedDataset(dataset.name(), dataset.contentHash(), dataset.taskType().displayName(), examples.size(), names);
    }

    /**
     * @param i an example
     * @return its text (a pair as {@code first ‖ second})
     */
    public String text(int i) {
        Example e = examples.get(i);
        return e.pairText() == null ? e.text() : e.text() + " ‖ " + e.pairText();
    }

    private static int layerCount(EmbeddingService embeddings, String model, String device) throws IOException {
        Optional<ModelDescriptor> known = embeddings.models().stream().filter(d -> d.reference().equals(model) && d.layers() > 0)
                .findFirst();
        if (known.isPresent()) {
            return known.get().layers();
        }
        try (LanguageModel lm = embeddings.open(model, new ModelOptions(device, Double.NaN))) {
            return lm.info().layers();
        }
    }

    /**
     * @param parts matrices with the same rows
     * @return their columns side by side
     */
    public static FloatMatrix concatenate(List<FloatMatrix> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int rows = parts.get(0).rows();
        int cols = parts.stream().mapToInt(FloatMatrix::cols).sum();
        float[] out = new float[rows * cols];
        int offset = 0;
        for (FloatMatrix m : parts) {
            float[] v = m.toArray();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(v, r * m.cols(), out, r * cols + offset, m.cols());
            }
            offset += m.cols();
        }
        return FloatMatrix.wrap(rows, cols, out);
    }

    private static int max(int[] v) {
        int m = -1;
        for (int x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static String name(List<String> names, int id) {
        return id >= 0 && id < names.size() ? names.get(id) : Integer.toString(id);
    }
}
