package lmwb.ranker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lmwb.api.rank.EstimatorRanking;
import lmwb.api.rank.ModelScore;
import lmwb.common.svg.SvgPlot;

/**
 * Per-layer scores per model as a standalone SVG line chart (one panel per estimator), drawn by
 * {@link SvgPlot}. The x axis is the relative depth of the layer (first → last transformer layer), so models
 * with different layer counts share one panel.
 */
final class LayerScoresPlot {
    private static final Map<Double, String> DEPTH_TICKS = Map.of(0.0, "first layer", 1.0, "last layer");

    private LayerScoresPlot() {
    }

    static String svg(String title, List<EstimatorRanking> rankings) {
        List<SvgPlot.LineChart> panels = new ArrayList<>();
        for (EstimatorRanking ranking : rankings) {
            List<SvgPlot.Series> series = new ArrayList<>();
            for (ModelScore m : ranking.models()) {
                Map<Integer, Double> layers = m.layerScores();
                int count = layers.size();
                double[] x = new double[count];
                double[] y = new double[count];
                List<String> names = new ArrayList<>();
                int i = 0;
                for (Map.Entry<Integer, Double> e : layers.entrySet()) {
                    x[i] = count == 1 ? 1 : (double) i / (count - 1);
                    y[i] = e.getValue();
                    names.add(m.model() + " layer " + e.getKey());
                    i++;
                }
                series.add(new SvgPlot.Series(m.model(), x, y, m.model(), false, names));
            }
            panels.add(new SvgPlot.LineChart(title + " — " + ranking.estimator() + " per layer", "relative depth (layer / L)",
                    ranking.estimator(), DEPTH_TICKS, series, Double.NaN, Double.NaN));
        }
        return SvgPlot.lines(panels);
    }
}
