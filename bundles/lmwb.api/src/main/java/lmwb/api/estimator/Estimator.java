package lmwb.api.estimator;

import java.util.Optional;
import java.util.Set;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.TaskType;

/**
 * A transferability estimator: scores an N×D embedding matrix against the labels of its N samples.
 * Higher scores mean the embeddings suit the task better. Implementations are registered as OSGi
 * services with the {@link #NAME} property set to {@link #name()}.
 *
 * <p>Implementations must be thread-safe and stateless between calls; invalid input is refused with an
 * {@link IllegalArgumentException} whose message says what is wrong and what to do.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface Estimator {
    /** Service property carrying the estimator's name (a {@code String}). */
    String NAME = "lmwb.estimator.name";

    /** @return the short unique name users type, e.g. {@code logme} */
    String name();

    /** @return a one-line description for listings */
    String description();

    /** @return the task types this estimator can score */
    Set<TaskType> supportedTasks();

    /**
     * @return whether {@link #supportedTasks()} includes a classification task type
     */
    default boolean supportsClassification() {
        return supportedTasks().stream().anyMatch(t -> !t.isRegression());
    }

    /**
     * @return whether {@link #supportedTasks()} includes a regression task type
     */
    default boolean supportsRegression() {
        return supportedTasks().stream().anyMatch(TaskType::isRegression);
    }

    /**
     * Says, before any embedding is computed, whether this estimator can score these labels at all: for
     * example at least 2 distinct classes for a classification estimator, or more samples than {@code k}
     * for k-nearest-neighbours. The ranker asks every chosen estimator before it embeds anything, so that a
     * dataset no estimator can score fails in seconds rather than after the forward passes. The default
     * accepts everything ({@link #score} still refuses what it cannot score).
     *
     * @param labels the labels that will be scored, one per sample
     * @param options the options that will be passed to {@link #score}
     * @return empty when the labels can be scored; otherwise one line saying what is missing and what to do,
     *     starting with the estimator's name
     * @since 1.1
     */
    default Optional<String> checkLabels(Labels labels, EstimatorOptions options) {
        return Optional.empty();
    }

    /**
     * Scores the embeddings against the labels.
     *
     * @param embeddings N×D matrix, one row per sample
     * @param labels N labels (class ids or regression targets)
     * @param options estimator options (see {@link EstimatorOptions}); unknown keys are refused
     * @param cancel checked between units of work
     * @return the score
     * @throws UnsupportedTaskException if the label kind is not supported (e.g. regression for H-score)
     * @throws IllegalArgumentException for invalid input: shape mismatch, non-finite values, too few classes
     */
    Score score(FloatMatrix embeddings, Labels labels, EstimatorOptions options, CancellationToken cancel);

    /**
     * Scores with default options and no cancellation.
     *
     * @param embeddings N×D matrix
     * @param labels N labels
     * @return the score
     */
    default Score score(FloatMatrix embeddings, Labels labels) {
        return score(embeddings, labels, EstimatorOptions.NONE, CancellationToken.NONE);
    }
}
