package lmwb.api.training;

import java.io.IOException;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;

/** Trains a (multi-)encoder with a task head on a dataset. */
@org.osgi.annotation.versioning.ProviderType
public interface Trainer {
    /**
     * @param request what to train
     * @param progress per step: stage {@code run r/K epoch e/E loss x dev y}, done/total steps
     * @param cancel checked between steps
     * @return the runs and their test scores
     * @throws IOException when data or models cannot be read or the checkpoint cannot be written
     * @throws IllegalArgumentException for bad options (unknown head, metric, model or dataset)
     */
    TrainingResult train(TrainingRequest request, ProgressListener progress, CancellationToken cancel)
            throws IOException;
}
