package lmwb.api.estimator;

import java.util.List;

/**
 * An estimator whose score of one candidate depends on the other candidates of the same ranking: it computes raw
 * terms per embedding matrix ({@link #score}, the terms in {@link Score#details()}) and turns the raw scores of
 * all candidates into their final scores ({@link #combine}), e.g. by normalising each term across the candidates
 * as NCTI (Wang et al., ICCV 2023) min-max normalises its three terms across the models being ranked.
 *
 * <p>The ranker scores every candidate with {@link #score}, then calls {@link #combine} once per set of candidates
 * that it compares: every layer of every ranked model as one set, and the models' layer means as another. The
 * {@link Score#value()} that {@link #score} returns for one matrix alone is the estimator's un-normalised value
 * (the implementation says what it is); only {@link #combine}'s values are comparable with each other.
 *
 * @since 1.4
 */
@org.osgi.annotation.versioning.ConsumerType
public interface CrossCandidateEstimator extends Estimator {
    /**
     * @param raw the scores {@link #score} returned for the candidates of one set, in the ranker's order; a
     *     candidate that could not be scored has a non-finite value and no terms
     * @return each candidate's final score, in the same order (higher is better; non-finite for a candidate that
     *     could not be scored)
     */
    double[] combine(List<Score> raw);
}
