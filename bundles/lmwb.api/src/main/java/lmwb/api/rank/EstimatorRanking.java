package lmwb.api.rank;

import java.util.List;

/**
 * The ranking of models by one estimator, best first, with its validation against the probe if requested.
 *
 * @param estimator the estimator's name
 * @param models the models, best first
 * @param validation correlations with the probe; empty when not validated
 */
public record EstimatorRanking(String estimator, List<ModelScore> models, List<Correlation> validation) {

    /** Freezes the lists. */
    public EstimatorRanking {
        models = List.copyOf(models);
        validation = List.copyOf(validation);
    }
}
