package lmwb.analysis.redundancy;

import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.analysis.NeuronRanker;
import org.osgi.service.component.annotations.Component;

/**
 * The paper's neuron ranking as a service: trains the elastic-net probe with the paper's settings and the
 * given seed, then orders neurons by {@link WeightMassRanking probe-weight mass}.
 */
@Component(service = NeuronRanker.class, property = NeuronRanker.NAME_PROPERTY + "=" + WeightMassRanker.NAME)
public class WeightMassRanker implements NeuronRanker {
    /** The ranker's name. */
    public static final String NAME = "weight-mass";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "probe-weight mass of an elastic-net linear probe (Dalvi et al. 2019/2020, NeuroX)";
    }

    @Override
    public int[] rank(FloatMatrix activations, Labels labels, long seed) {
        LinearProbe probe = LinearProbe.train(activations, labels, LinearProbe.Settings.PAPER.withSeed(seed));
        return WeightMassRanking.order(probe.weights(), WeightMassRanking.PAPER_STRIDE);
    }
}
