package lmwb.api.analysis;

import lmwb.api.FloatMatrix;
import lmwb.api.Labels;

/**
 * A neuron-ranking method: orders the columns (neurons) of an activation matrix by how important they are
 * for the labels, most important first. Implementations are DS services; the redundancy pipeline picks
 * one by {@link #name()}.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface NeuronRanker {
    /** Service property holding the ranker's name (also returned by {@link #name()}). */
    String NAME_PROPERTY = "lmwb.neuron.ranker";

    /** @return a short unique name users type, e.g. {@code weight-mass} */
    String name();

    /** @return one line: the method and where it comes from */
    String description();

    /**
     * Ranks the neurons.
     *
     * @param activations N samples × D neurons (training data only)
     * @param labels the N labels (class ids or regression targets)
     * @param seed seed for anything random the method does (e.g. training a probe)
     * @return a permutation of {@code 0..D-1}, most important neuron first
     * @throws IllegalArgumentException when the shapes disagree or the method cannot rank this kind of labels
     */
    int[] rank(FloatMatrix activations, Labels labels, long seed);
}
