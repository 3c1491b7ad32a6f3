package lmwb.training;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lmwb.api.Provenance;
import lmwb.api.capability.Capability;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.capability.RunContext;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultStore;
import lmwb.api.training.RunResult;
import lmwb.api.training.Trainer;
import lmwb.api.training.TrainingRequest;
import lmwb.api.training.TrainingResult;
import lmwb.common.json.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code train}: trains, and stores the run in the result store as kind {@value TrainingResult#KIND} with each run's
 * best checkpoint in the result's folder ({@code seed-<seed>/}); {@code predict} takes the result's id. The trainer
 * writes the checkpoints straight into the result's staging folder, so a training that fails or is cancelled (or a
 * process that is killed) leaves nothing behind. The request's {@code out} is not written here: the command line
 * copies the stored result there.
 */
@Component(property = Capability.NAME + "=train")
public class TrainCapability implements Capability<TrainingRequest, TrainingResult> {
    private final Trainer trainer;
    private final ResultStore store;
    private final ProvenanceRecorder provenance;

    /**
     * @param trainer the trainer
     * @param store where the run is stored
     * @param provenance fills versions, host, user and options
     */
    @Activate
    public TrainCapability(@Reference Trainer trainer, @Reference ResultStore store,
            @Reference ProvenanceRecorder provenance) {
        this.trainer = trainer;
        this.store = store;
        this.provenance = provenance;
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String description() {
        return "fine-tune one or several language models together (concat, mean, DME or a plug-in combiner) with a "
                + "task head; test scores (mean ± std over runs) against the majority-class baseline";
    }

    @Override
    public Class<TrainingRequest> requestType() {
        return TrainingRequest.class;
    }

    @Override
    public TrainingResult run(TrainingRequest request, RunContext context) throws IOException {
        try (ResultStore.PendingResult pending = store.begin(TrainingResult.KIND)) {
            TrainingResult trained = trainer.train(request.withOut(pending.directory().toString()), context.progress(),
                    context.cancel());
            List<String> checkpoints = new ArrayList<>();
            for (RunResult r : trained.runs()) {
                checkpoints.add(r.checkpoint() == null ? null : Checkpoints.SEED_PREFIX + r.seed());
            }
            TrainingResult result = new TrainingResult(pending.id(), request, trained.taskType(), trained.head(),
                    trained.metric(), trained.splitSizes(), trained.runs(), trained.mean(), trained.std(),
                    trained.baseline(), merged(provenance.begin(name(), request, context), trained.provenance()))
                    .stored(pending.id(), request, checkpoints);
            pending.commit(new ResultMetadata(summary(result), context.user(), request.dataset(), request.models(),
                    List.of(), context.jobId()), Json.COMPACT.toJson(result));
            return result;
        }
    }

    /** The recorder's provenance (versions, host, user, options) plus what the trainer recorded. */
    static Provenance merged(Provenance.Builder recorded, Provenance trainer) {
        trainer.configuration().forEach(recorded::config);
        trainer.inputs().forEach(recorded::input);
        if (trainer.seed() != null) {
            recorded.seed(trainer.seed());
        }
        return recorded.build();
    }

    static String summary(TrainingResult r) {
        TrainingRequest q = r.request();
        Map<String, Double> mean = r.mean();
        return String.format(Locale.ROOT, "train %s on %s (%s%s): test %s %.4f ± %.4f", String.join("+", q.models()),
                q.dataset(), q.combine(), q.frozen() ? ", frozen" : "", r.metric(), mean.get(r.metric()),
                r.std().get(r.metric()));
    }
}
