package lmwb.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;
import lmwb.api.Provenance;
import lmwb.api.TaskType;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.data.DatasetOptions;
import lmwb.api.data.Split;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.training.RunResult;
import lmwb.api.training.Trainer;
import lmwb.api.training.TrainingRequest;
import lmwb.api.training.TrainingResult;
import lmwb.djl.DjlContext;
import lmwb.encoders.spi.TrainableEncoder;
import lmwb.encoders.spi.TrainableEncoderFactory;
import lmwb.training.spi.Combiner;
import lmwb.training.spi.ParameterStore;
import lmwb.training.spi.TaskHead;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Trains a multi-encoder with a task head: frozen encoders on cached embeddings (combiner and head only),
 * or fine-tuned encoders through DJL autograd with a learning rate per encoder. Every run starts from the
 * base weights with its own seed ({@code seed + k}); the combiner's parameters always train at the head's
 * learning rate.
 */
@Component(service = Trainer.class)
public class TrainingService implements Trainer {
    private final DatasetCatalog catalog;
    private final EmbeddingService embeddings;
    private final TrainableEncoderFactory encoders;
    /** The installed task heads and combiners. */
    private final InstalledParts parts = new InstalledParts();

    /**
     * @param catalog the datasets
     * @param embeddings resolves models (the one resolution path) and embeds frozen features through the cache
     * @param encoders opens trainable encoders
     */
    @Activate
    public TrainingService(@Reference DatasetCatalog catalog, @Reference EmbeddingService embeddings,
            @Reference TrainableEncoderFactory encoders) {
        this.catalog = catalog;
        this.embeddings = embeddings;
        this.encoders = encoders;
    }

    /**
     * Installs a task head (DS binds every installed one, and each plug-in head as it arrives; the component
     * itself stays, so a hot-deployed plug-in never takes training away for a moment).
     *
     * @param head the head
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addHead(TaskHead head) {
        parts.addHead(head);
    }

    /** @param head a head whose bundle went away */
    public void removeHead(TaskHead head) {
        parts.removeHead(head);
    }

    /**
     * Installs a combiner (as {@link #addHead}).
     *
     * @param combiner the combiner
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addCombiner(Combiner combiner) {
        parts.addCombiner(combiner);
    }

    /** @param combiner a combiner whose bundle went away */
    public void removeCombiner(Combiner combiner) {
        parts.removeCombiner(combiner);
    }

    @Override
    public TrainingResult train(TrainingRequest request, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        checkSetup(request);
        Dataset dataset = catalog.load(request.dataset(),
                DatasetOptions.DEFAULTS.withSeed(request.seed()).withDownsample(request.downsample())
                        .withEncoding(request.encoding()), progress);
        return train(request, dataset, progress, cancel);
    }

    TrainingResult train(TrainingRequest request, Dataset dataset, ProgressListener progress,
            CancellationToken cancel) throws IOException {
        Combiner combiner = checkSetup(request);
        TaskData data = DataSplits.complete(dataset, request.seed());
        TaskType type = dataset.taskType();
        TaskHead head = parts.head(request.head(), type);
        String metric = metric(request.metric(), data);
        if (request.dynamics() && (type.isRegression() || type.isTokenLevel())) {
            throw new IllegalArgumentException("--dynamics records each example's probability of its gold label, so it needs a "
                    + "text or pair classification dataset; " + dataset.name() + " is " + type.displayName());
        }
        int outputs = head.outputs(dataset.labelMap().size());
        List<RunResult> runs = new ArrayList<>();
        FrozenFeatures frozen = null;
        if (request.frozen()) {
            frozen = new FrozenFeatures(embeddings, request.models(), data.inputs(), dataset.contentHash(),
                    request.sentencePooling(), request.layerIndex(), type.isTokenLevel(), request.batchSize(),
                    request.device(),
                    progress, cancel);
        }
        List<ModelSpec.EncoderRef> refs = new ArrayList<>();
        Map<String, Double> dropouts = new LinkedHashMap<>();
        for (int k = 0; k < request.runs(); k++) {
            long seed = request.seed() + k;
            String stage = "run " + (k + 1) + "/" + request.runs();
            RunResult r = oneRun(request, data, head, combiner, metric, outputs, frozen, seed, stage, progress, cancel,
                    refs, dropouts, dataset);
            runs.add(r);
        }
        Map<String, Double> mean = new LinkedHashMap<>();
        Map<String, Double> std = new LinkedHashMap<>();
        for (String m : runs.get(0).test().keySet()) {
            double[] v = runs.stream().mapToDouble(r -> r.test().get(m)).toArray();
            double[] ms = Metrics.meanStd(v);
            mean.put(m, ms[0]);
            std.put(m, ms[1]);
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (Split s : Split.values()) {
            sizes.put(s.displayName(), data.size(s));
        }
        Provenance.Builder p = Provenance.builder("trainer:multi-encoder")
                .config("combine", combiner.name())
                .config("head", head.name())
                .config("frozen", request.frozen())
                .config("device", request.device())
                .config("combine_dropout", request.combineDropout())
                .config("metric", metric)
                .config("lr", request.lr())
                .config("head_lr", request.headLr())
                .config("epochs", request.epochs())
                .config("batch_size", request.batchSize())
                .config("pooling", request.pooling())
                .config("layer", request.layer())
                .config("dropout", request.frozen() ? "none (frozen encoders)" : dropouts)
                .input(ProvenanceRecorder.DATASET, dataset.contentHash())
                .seed(request.seed());
        for (ModelSpec.EncoderRef r : refs) {
            p.input(ProvenanceRecorder.MODEL_PREFIX + r.reference(), ProvenanceRecorder.modelHash(r.contentHash(),
                    "the model source gives no content hash"));
        }
        return new TrainingResult(null, request, type.name(), head.name(), metric, sizes, runs, mean, std,
                baseline(data), p.build());
    }

    /**
     * Checks what can be checked before any data is read: the device is available and the combiner installed.
     */
    private Combiner checkSetup(TrainingRequest request) {
        DjlContext.device(request.device());
        return parts.combiner(request.combine());
    }

    private RunResult oneRun(TrainingRequest request, TaskData data, TaskHead head, Combiner combiner, String metric,
            int outputs, FrozenFeatures frozen, long seed, String stage, ProgressListener progress,
            CancellationToken cancel, List<ModelSpec.EncoderRef> refs, Map<String, Double> dropouts, Dataset dataset)
            throws IOException {
        List<TrainableEncoder> opened = new ArrayList<>();
        Features features = frozen;
        try {
            if (frozen == null) {
                // NaN: each model's own dropout from its config.json
                float dropout = (float) request.encoderDropout();
                for (String ref : request.models()) {
                    ModelArtifact a = embeddings.resolve(ref, progress);
                    TrainableEncoder e = encoders.open(a, null, request.device(), dropout, request.maxLength());
                    opened.add(e);
                    dropouts.put(ref, e.dropout());
                }
                features = new FineTunedFeatures(opened, data.inputs(), request.sentencePooling(), request.layerIndex(),
                        data.taskType().isTokenLevel());
            }
            Features f = features;
            return DjlContext.call(() -> {
                Device device = DjlContext.device(request.device());
                try (ParameterStore store = new ParameterStore(NDManager.newBaseManager(device))) {
                    Combiner.Options options = new Combiner.Options(request.layerNorm());
                    Random init = new Random(seed);
                    combiner.init(store, f.dims(), options, init);
                    head.init(store, combiner.outputDim(f.dims()), outputs, init);
                    Map<String, Double> rates = new LinkedHashMap<>();
                    rates.put(ParameterStore.HEAD_GROUP, request.headLr());
                    for (int i = 0; i < opened.size(); i++) {
                        String group = "encoder." + i;
                        rates.put(group, request.learningRate(i));
                        for (Map.Entry<String, NDArray> e : opened.get(i).parameters().entrySet()) {
                            if (reachable(e.getKey(), request.layerIndex(), opened.get(i).layers())) {
                                store.register(Checkpoints.encoderPrefix(i) + e.getKey(), group, e.getValue());
                            }
                        }
                    }
                    Network net = new Network(combiner, options, request.combineDropout(), head, store, outputs);
                    DynamicsRecorder dynamics = request.dynamics() ? new DynamicsRecorder(data) : null;
                    TrainingLoop loop = new TrainingLoop(net, f, data, new TrainingLoop.Settings(request.epochs(),
                            request.batchSize(), rates, request.warmup(), request.weightDecay(), request.clipNorm(),
                            request.patience(), metric, seed), dynamics);
                    RunResult r = loop.run(progress, cancel, stage);
                    if (dynamics != null && request.out() != null) {
                        dynamics.write(Path.of(request.out()).resolve(Checkpoints.SEED_PREFIX + seed), dataset, seed);
                    }
                    List<ModelSpec.EncoderRef> runRefs = new ArrayList<>();
                    for (int i = 0; i < request.models().size(); i++) {
                        String hash = frozen != null ? frozen.modelHashes().get(request.models().get(i))
                                : opened.get(i).contentHash();
                        runRefs.add(new ModelSpec.EncoderRef(request.models().get(i), hash,
                                frozen != null ? null : "encoder-" + i + ".safetensors"));
                    }
                    if (refs.isEmpty()) {
                        refs.addAll(runRefs);
                    }
                    String checkpoint = null;
                    if (request.out() != null) {
                        Path dir = Path.of(request.out()).resolve(Checkpoints.SEED_PREFIX + seed);
                        ModelSpec spec = new ModelSpec(ModelSpec.FORMAT, data.taskType().name(), head.name(),
                                data.labels().names(), combiner.name(),
                                request.layerNorm(), request.combineDropout(), request.pooling(), request.layerIndex(),
                                request.maxLength(), request.frozen(), seed, outputs, f.dims(), runRefs,
                                dataset.name(), dataset.contentHash(), metric, r.bestDevScore());
                        Checkpoints.save(dir, spec, store);
                        checkpoint = dir.toString();
                    }
                    Map<String, Double> dmeWeights = null;
                    double[] mean = loop.testWeights();
                    if (mean != null) {
                        dmeWeights = new LinkedHashMap<>();
                        for (int i = 0; i < mean.length; i++) {
                            dmeWeights.put(request.models().get(i), mean[i]);
                        }
                    }
                    return new RunResult(r.seed(), r.epochs(), r.bestEpoch(), r.bestDevScore(), r.test(),
                            r.stepLosses(), checkpoint, dmeWeights);
                }
            });
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("training failed: " + e.getMessage(), e);
        } finally {
            opened.forEach(TrainableEncoder::close);
        }
    }

    /**
     * Whether a parameter takes part in the pooled output: the layers above the pooled one get no gradient,
     * so they are left out of training (and out of the fine-tuned weights file, where the base values stay).
     */
    static boolean reachable(String name, Integer layer, int layers) {
        if (layer == null || !name.startsWith("encoder.layer.")) {
            return true;
        }
        int absolute = layer < 0 ? layers + 1 + layer : layer;
        int dot = name.indexOf('.', "encoder.layer.".length());
        int index = Integer.parseInt(name.substring("encoder.layer.".length(), dot));
        return index < absolute;
    }

    /** The selection metric: the given one, or MCC for classification, Spearman for regression, span F1 for BIO tags. */
    static String metric(String requested, TaskData data) {
        List<String> available = new ArrayList<>(data.taskType().isRegression() ? Metrics.REGRESSION
                : Metrics.CLASSIFICATION);
        boolean bio = data.labels().names().stream().anyMatch(n -> n.startsWith("B-") || n.startsWith("I-"));
        if (data.taskType().isTokenLevel()) {
            available.add("span_f1");
        }
        if (requested == null || requested.equals("auto")) {
            if (data.taskType().isRegression()) {
                return "spearman";
            }
            if (data.taskType().isTokenLevel()) {
                return bio ? "span_f1" : "macro_f1";
            }
            return "mcc";
        }
        if (!available.contains(requested)) {
            throw new IllegalArgumentException("metric '" + requested + "' does not apply to " + data.taskType()
                    + "; use one of " + available);
        }
        return requested;
    }

    /** Test metrics of predicting the training majority class (or the training mean for regression). */
    static Map<String, Double> baseline(TaskData data) {
        int nTrain = data.size(Split.TRAIN);
        int[] all = new int[nTrain];
        for (int i = 0; i < nTrain; i++) {
            all[i] = i;
        }
        float[] train = data.targets(Split.TRAIN, all);
        int nTest = data.size(Split.TEST);
        int[] test = new int[nTest];
        for (int i = 0; i < nTest; i++) {
            test[i] = i;
        }
        int rows = data.targets(Split.TEST, test).length;
        int k = data.taskType().isRegression() ? 1 : data.labels().size();
        float[] constant = new float[k];
        if (data.taskType().isRegression()) {
            double s = 0;
            for (float v : train) {
                s += v;
            }
            constant[0] = (float) (s / train.length);
        } else {
            int[] counts = new int[k];
            for (float v : train) {
                counts[(int) v]++;
            }
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (counts[c] > counts[best]) {
                    best = c;
                }
            }
            constant[best] = 1;
        }
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = constant;
        }
        return TrainingLoop.metrics(data, Split.TEST, new TrainingLoop.Evaluation(out, null));
    }
}
