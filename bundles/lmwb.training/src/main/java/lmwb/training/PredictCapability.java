package lmwb.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lmwb.api.capability.Capability;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.capability.RunContext;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultStore;
import lmwb.api.training.Prediction;
import lmwb.api.training.PredictRequest;
import lmwb.api.training.PredictionResult;
import lmwb.api.training.Predictor;
import lmwb.common.capability.StoredCheckpoints;
import lmwb.common.json.Json;
import lmwb.djl.DjlContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code predict}: labels or scores from a checkpoint (a stored training result or a folder), with each model's
 * weight where the combiner weighs them; the batch is stored as kind {@value PredictionResult#KIND}.
 */
@Component(property = Capability.NAME + "=predict")
public class PredictCapability implements Capability<PredictRequest, PredictionResult> {
    private final Predictor predictor;
    private final ResultStore store;
    private final ProvenanceRecorder provenance;

    /**
     * @param predictor loads checkpoints and predicts
     * @param store finds training results and stores the predictions
     * @param provenance fills versions, host, user and options
     */
    @Activate
    public PredictCapability(@Reference Predictor predictor, @Reference ResultStore store,
            @Reference ProvenanceRecorder provenance) {
        this.predictor = predictor;
        this.store = store;
        this.provenance = provenance;
    }

    @Override
    public String name() {
        return "predict";
    }

    @Override
    public String description() {
        return "predict with a training checkpoint (a stored training result or a 'train --out' folder): labels with "
                + "probabilities or scores, and each model's weight per input";
    }

    @Override
    public Class<PredictRequest> requestType() {
        return PredictRequest.class;
    }

    @Override
    public PredictionResult run(PredictRequest request, RunContext context) throws IOException {
        DjlContext.device(request.device());
        List<EmbeddingInput> inputs = inputs(request);
        Located checkpoint = locate(request.checkpoint());
        context.cancel().throwIfCancelled();
        List<Prediction> predictions = predictor.predict(checkpoint.folder(), inputs, request.device());
        try (ResultStore.PendingResult pending = store.begin(PredictionResult.KIND)) {
            PredictionResult result = new PredictionResult(pending.id(), checkpoint.folder().toString(),
                    checkpoint.training(), request.device(), predictions, provenance.begin(name(), request, context)
                            .input("checkpoint", checkpoint.training() != null ? checkpoint.training()
                                    : checkpoint.folder().toString()).build());
            String summary = "predict " + predictions.size() + " input" + (predictions.size() == 1 ? "" : "s") + " with "
                    + (checkpoint.training() != null ? checkpoint.training() : checkpoint.folder().toString());
            pending.commit(new ResultMetadata(summary, context.user(), null, List.of(), List.of(), context.jobId()),
                    Json.COMPACT.toJson(result));
            return result;
        }
    }

    /** A checkpoint folder and the training result it belongs to, if any. */
    record Located(Path folder, String training) {
    }

    /**
     * A folder that exists is taken as it is; otherwise {@code ID} or {@code ID/seed-N} names a stored training result.
     */
    Located locate(String checkpoint) throws IOException {
        Path folder = Path.of(checkpoint);
        if (Files.isDirectory(folder)) {
            return new Located(folder, null);
        }
        return StoredCheckpoints.locate(store, checkpoint, "--checkpoint")
                .map(l -> new Located(l.folder(), l.training()))
                .orElseThrow(() -> new IllegalArgumentException("--checkpoint " + checkpoint + " is neither a folder "
                        + "nor a stored training result; give a folder written by 'train --out' or an id from "
                        + "'results --kind training'"));
    }

    /** One input per {@code --text} and per non-blank line of {@code --file}; a tab or " ||| " separates a pair. */
    static List<EmbeddingInput> inputs(PredictRequest request) throws IOException {
        List<String> lines = new ArrayList<>();
        if (request.text() != null) {
            lines.add(request.text());
        }
        if (request.file() != null) {
            Path f = Path.of(request.file());
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException("--file " + request.file() + " does not exist");
            }
            Files.readAllLines(f, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).forEach(lines::add);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("--file " + request.file() + " has no inputs (no non-blank line)");
        }
        List<EmbeddingInput> inputs = new ArrayList<>();
        for (String l : lines) {
            String[] parts = l.contains("\t") ? l.split("\t", 2) : l.split(" \\|\\|\\| ", 2);
            inputs.add(parts.length == 2 ? EmbeddingInput.pair(parts[0], parts[1]) : EmbeddingInput.text(l));
        }
        return inputs;
    }
}
