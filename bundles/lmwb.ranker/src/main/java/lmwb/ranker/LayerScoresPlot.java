package lmwb.ranker;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import lmwb.api.rank.EstimatorRanking;
import lmwb.api.rank.ModelScore;

/**
 * Draws per-layer scores per model as a standalone SVG line chart (one panel per estimator), readable in any
 * browser without lmwb. The x axis is the relative depth of the layer (first → last transformer layer), so
 * models with different layer counts share one panel.
 */
final class LayerScoresPlot {
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
        "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int PANEL_W = 640;
    private static final int PANEL_H = 340;
    private static final int LEFT = 70;
    private static final int RIGHT = 200;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private LayerScoresPlot() {
    }

    static String svg(String title, List<EstimatorRanking> rankings) {
        int height = rankings.size() * PANEL_H + 10;
        int width = PANEL_W;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        for (int p = 0; p < rankings.size(); p++) {
            panel(s, title, rankings.get(p), p * PANEL_H);
        }
        return s.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder s, String title, EstimatorRanking ranking, int y0) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (ModelScore m : ranking.models()) {
            for (double v : m.layerScores().values()) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (!(max >= min)) {
            min = 0;
            max = 1;
        }
        if (max == min) {
            max = min + 1e-9 + Math.abs(min) * 1e-6;
        }
        double pad = (max - min) * 0.05;
        min -= pad;
        max += pad;
        int plotW = PANEL_W - LEFT - RIGHT;
        int plotH = PANEL_H - TOP - BOTTOM;
        int top = y0 + TOP;
        s.append(text(LEFT, y0 + 22, esc(title + " — " + ranking.estimator() + " per layer"), "font-size=\"14\" font-weight=\"bold\""));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>\n",
                LEFT, top, plotW, plotH));
        for (int t = 0; t <= 4; t++) {
            double v = min + (max - min) * t / 4;
            double yy = top + plotH - plotH * (double) t / 4;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", LEFT, yy,
                    LEFT + plotW, yy));
            s.append(text(LEFT - 6, yy + 4, String.format(Locale.ROOT, "%.4g", v), "text-anchor=\"end\""));
        }
        s.append(text(LEFT, top + plotH + 18, "first layer", ""));
        s.append(text(LEFT + plotW, top + plotH + 18, "last layer", "text-anchor=\"end\""));
        s.append(text(LEFT + plotW / 2, top + plotH + 36, "relative depth (layer / L)", "text-anchor=\"middle\""));
        int color = 0;
        for (ModelScore m : ranking.models()) {
            String c = COLORS[color++ % COLORS.length];
            Map<Integer, Double> layers = m.layerScores();
            int count = layers.size();
            StringBuilder pts = new StringBuilder();
            int i = 0;
            for (Map.Entry<Integer, Double> e : layers.entrySet()) {
                double xx = LEFT + (count == 1 ? plotW : plotW * (double) i / (count - 1));
                double v = e.getValue();
                if (Double.isFinite(v)) {
                    double yy = top + plotH - plotH * (v - min) / (max - min);
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", xx, yy));
                    s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>%s layer %d: %.6g</title></circle>\n",
                            xx, yy, c, esc(m.model()), e.getKey(), v));
                }
                i++;
            }
            s.append("<polyline fill=\"none\" stroke=\"").append(c).append("\" stroke-width=\"2\" points=\"").append(pts).append("\"/>\n");
            int ly = top + 14 + (color - 1) * 18;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>\n",
                    LEFT + plotW + 10, ly - 4, LEFT + plotW + 28, ly - 4, c));
            s.append(text(LEFT + plotW + 32, ly, esc(m.model()), ""));
        }
    }

    private static String text(double x, double y, String content, String attrs) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s>%s</text>\n", x, y, attrs, content);
    }

    private static String esc(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
