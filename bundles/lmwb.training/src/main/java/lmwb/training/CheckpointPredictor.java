package lmwb.training;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;
import lmwb.api.TaskType;
import lmwb.api.data.Split;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.training.Prediction;
import lmwb.api.training.Predictor;
import lmwb.djl.DjlContext;
import lmwb.encoders.spi.NamedTensor;
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
 * Predicts with a checkpoint in a fresh runtime: re-opens the base models (checking their content hashes),
 * applies the fine-tuned encoder weights when there are any, and restores the combiner (the installed
 * service of the checkpoint's combiner name) and head from {@code model.safetensors}. Where the combiner
 * weighs the models (DME), each prediction carries each model's weight α.
 */
@Component(service = Predictor.class)
public class CheckpointPredictor implements Predictor {
    private final EmbeddingService embeddings;
    private final TrainableEncoderFactory encoders;
    /** The installed task heads and combiners. */
    private final InstalledParts parts = new InstalledParts();

    /**
     * @param embeddings resolves the checkpoint's models (the one resolution path) and embeds frozen features
     * @param encoders opens trainable encoders for fine-tuned checkpoints
     */
    @Activate
    public CheckpointPredictor(@Reference EmbeddingService embeddings, @Reference TrainableEncoderFactory encoders) {
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
    public List<Prediction> predict(Path folder, List<EmbeddingInput> inputs, String device) throws IOException {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to predict: give --text or --file with at least one line");
        }
        Device on = DjlContext.device(device);
        Path checkpoint = Checkpoints.locate(folder);
        ModelSpec spec = Checkpoints.read(checkpoint);
        TaskType type = TaskType.valueOf(spec.taskType());
        TaskHead head = parts.head(spec.head(), type);
        Combiner combiner = parts.combiner(spec.combine());
        Map<Split, List<EmbeddingInput>> in = new EnumMap<>(Split.class);
        List<EmbeddingInput> checked = new ArrayList<>();
        for (EmbeddingInput e : inputs) {
            checked.add(TaskData.input(type, e.text(), e.pair(), e.words().isEmpty() && type.isTokenLevel()
                    ? List.of(e.text().trim().split("\\s+")) : e.words()));
        }
        in.put(Split.TEST, checked);
        List<String> models = spec.encoders().stream().map(ModelSpec.EncoderRef::reference).toList();
        List<TrainableEncoder> opened = new ArrayList<>();
        Features features;
        try {
            if (spec.frozen()) {
                FrozenFeatures ff = new FrozenFeatures(embeddings, models, in, null, spec.sentencePooling(), spec.layer(),
                        type.isTokenLevel(), 32, device, ProgressListener.NONE, CancellationToken.NONE);
                for (ModelSpec.EncoderRef r : spec.encoders()) {
                    checkHash(r, ff.modelHashes().get(r.reference()));
                }
                features = ff;
            } else {
                for (ModelSpec.EncoderRef r : spec.encoders()) {
                    ModelArtifact a = embeddings.resolve(r.reference(), ProgressListener.NONE);
                    checkHash(r, a.contentHash());
                    opened.add(encoders.open(a, checkpoint.resolve(r.weights()), device, 0f, spec.maxLength()));
                }
                features = new FineTunedFeatures(opened, in, spec.sentencePooling(), spec.layer(),
                        type.isTokenLevel());
            }
            Map<String, NamedTensor> weights = encoders.readSafetensors(checkpoint.resolve(Checkpoints.WEIGHTS));
            Features f = features;
            TrainingLoop.Evaluation eval = DjlContext.call(() -> {
                try (ParameterStore store = new ParameterStore(NDManager.newBaseManager(on))) {
                    for (NamedTensor t : weights.values()) {
                        store.create(t.name(), ParameterStore.HEAD_GROUP, t.shape(), t.data());
                    }
                    Network net = new Network(combiner, new Combiner.Options(spec.layerNorm()), spec.combineDropout(),
                            head, store, spec.outputs());
                    return TrainingLoop.evaluate(net, f, Split.TEST, checked.size(), 32);
                }
            });
            return predictions(spec, type, checked, eval, models);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("prediction failed: " + e.getMessage(), e);
        } finally {
            opened.forEach(TrainableEncoder::close);
        }
    }

    private static void checkHash(ModelSpec.EncoderRef r, String actual) throws IOException {
        if (r.contentHash() != null && !r.contentHash().isEmpty() && !r.contentHash().equals(actual)) {
            throw new IOException("model '" + r.reference() + "' now resolves to weights " + actual
                    + " but the checkpoint was trained on " + r.contentHash() + "; restore that model version");
        }
    }

    static List<Prediction> predictions(ModelSpec spec, TaskType type, List<EmbeddingInput> inputs,
            TrainingLoop.Evaluation eval, List<String> models) {
        List<Prediction> out = new ArrayList<>();
        int row = 0;
        for (int i = 0; i < inputs.size(); i++) {
            EmbeddingInput in = inputs.get(i);
            String text = in.pair() == null ? in.text() : in.text() + "\t" + in.pair();
            Map<String, Double> weights = new LinkedHashMap<>();
            if (eval.alpha() != null && !type.isTokenLevel()) {
                for (int m = 0; m < models.size(); m++) {
                    weights.put(models.get(m), (double) eval.alpha()[i][m]);
                }
            }
            if (type.isTokenLevel()) {
                List<String> tags = new ArrayList<>();
                for (int w = 0; w < in.words().size(); w++, row++) {
                    tags.add(spec.labels().get(TrainingLoop.argmax(eval.outputs()[row])));
                }
                out.add(new Prediction(text, tags, new double[0], weights));
            } else if (type.isRegression()) {
                out.add(new Prediction(text, List.of(), new double[] {eval.outputs()[i][0]}, weights));
                row++;
            } else {
                float[] logits = eval.outputs()[i];
                double max = Double.NEGATIVE_INFINITY;
                for (float v : logits) {
                    max = Math.max(max, v);
                }
                double[] p = new double[logits.length];
                double sum = 0;
                for (int c = 0; c < p.length; c++) {
                    p[c] = Math.exp(logits[c] - max);
                    sum += p[c];
                }
                for (int c = 0; c < p.length; c++) {
                    p[c] /= sum;
                }
                out.add(new Prediction(text, List.of(spec.labels().get(TrainingLoop.argmax(logits))), p, weights));
                row++;
            }
        }
        return out;
    }

    /** @return whether a folder looks like a checkpoint */
    static boolean isCheckpoint(Path dir) {
        return Files.isRegularFile(dir.resolve(Checkpoints.DESCRIPTION));
    }
}
