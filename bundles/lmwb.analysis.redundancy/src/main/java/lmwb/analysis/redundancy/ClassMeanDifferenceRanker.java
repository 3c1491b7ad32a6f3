package lmwb.analysis.redundancy;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.analysis.NeuronRanker;
import lmwb.common.stats.Correlations;
import org.osgi.service.component.annotations.Component;

/**
 * Probeless neuron ranking (Antverg and Belinkov, ICLR 2022): a neuron's score is the sum over all pairs of
 * classes of the absolute difference of its class means, {@code Σ_{c<c'} |μ_c − μ_c'|}; no classifier is
 * trained. For regression targets the score is the absolute Pearson correlation with the target (a constant
 * neuron, whose correlation is undefined, scores 0 and ranks last). Ties keep
 * the lower index first.
 */
@Component(service = NeuronRanker.class, property = NeuronRanker.NAME_PROPERTY + "=" + ClassMeanDifferenceRanker.NAME)
public class ClassMeanDifferenceRanker implements NeuronRanker {
    /** The ranker's name. */
    public static final String NAME = "class-mean-difference";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "probeless: sum of pairwise class-mean differences per neuron (Antverg & Belinkov 2022)";
    }

    @Override
    public int[] rank(FloatMatrix activations, Labels labels, long seed) {
        double[] score = scores(activations, labels);
        return IntStream.range(0, score.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -score[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * @param x N × D activations
     * @param labels N labels
     * @return the score of each neuron
     */
    static double[] scores(FloatMatrix x, Labels labels) {
        int n = x.rows();
        int d = x.cols();
        if (labels.size() != n) {
            throw new IllegalArgumentException(n + " activation rows but " + labels.size() + " labels");
        }
        float[] v = x.toArray();
        if (labels.isRegression()) {
            double[] y = labels.values();
            double[] out = new double[d];
            for (int j = 0; j < d; j++) {
                double[] col = new double[n];
                for (int i = 0; i < n; i++) {
                    col[i] = v[i * d + j];
                }
                double r = Correlations.pearson(col, y);
                out[j] = Double.isNaN(r) ? 0 : Math.abs(r);
            }
            return out;
        }
        int c = labels.classCount();
        int[] ids = labels.classIds();
        double[][] mean = new double[c][d];
        int[] count = new int[c];
        for (int i = 0; i < n; i++) {
            count[ids[i]]++;
            double[] m = mean[ids[i]];
            for (int j = 0; j < d; j++) {
                m[j] += v[i * d + j];
            }
        }
        int[] present = IntStream.range(0, c).filter(k -> count[k] > 0).toArray();
        for (int k : present) {
            for (int j = 0; j < d; j++) {
                mean[k][j] /= count[k];
            }
        }
        double[] out = new double[d];
        for (int a = 0; a < present.length; a++) {
            for (int b = a + 1; b < present.length; b++) {
                double[] ma = mean[present[a]];
                double[] mb = mean[present[b]];
                for (int j = 0; j < d; j++) {
                    out[j] += Math.abs(ma[j] - mb[j]);
                }
            }
        }
        return Arrays.copyOf(out, d);
    }
}
