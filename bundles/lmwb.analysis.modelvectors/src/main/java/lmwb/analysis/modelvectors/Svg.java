package lmwb.analysis.modelvectors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small self-contained SVG plots: a labelled scatter and lines against depth. */
final class Svg {
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int W = 820;
    private static final int H = 480;
    private static final int PAD = 60;

    private Svg() {
    }

    /**
     * @param title the title
     * @param xy 2-D points
     * @param labels per point its label ({@code null}: grey, "unknown")
     * @param names per point a short name for the tooltip
     * @return the SVG document
     */
    static String scatter(String title, double[][] xy, String[] labels, String[] names) {
        Map<String, String> colour = new LinkedHashMap<>();
        for (String l : labels) {
            String key = l == null ? "unknown" : l;
            colour.computeIfAbsent(key, k -> k.equals("unknown") ? "#999999" : COLOURS[colour.size() % COLOURS.length]);
        }
        double[] xs = new double[xy.length];
        double[] ys = new double[xy.length];
        for (int i = 0; i < xy.length; i++) {
            xs[i] = xy[i][0];
            ys[i] = xy[i][1];
        }
        Scale sx = Scale.of(xs, PAD, W - PAD - 200);
        Scale sy = Scale.of(ys, H - PAD, PAD);
        StringBuilder s = header(title);
        axes(s, "component 1", "component 2");
        for (int i = 0; i < xy.length; i++) {
            String key = labels[i] == null ? "unknown" : labels[i];
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"6\" fill=\"%s\" fill-opacity=\"0.8\">"
                    + "<title>%s (%s)</title></circle>%n", sx.map(xs[i]), sy.map(ys[i]), colour.get(key),
                    escape(names[i]), escape(key)));
        }
        legend(s, colour);
        return s.append("</svg>\n").toString();
    }

    /**
     * @param title the title
     * @param yLabel the y axis's name
     * @param series per series name its y value per layer (x = layer index)
     * @param dashed series drawn dashed
     * @return the SVG document
     */
    static String lines(String title, String yLabel, Map<String, double[]> series, List<String> dashed) {
        List<Double> all = new ArrayList<>();
        int layers = 0;
        for (double[] v : series.values()) {
            for (double x : v) {
                all.add(x);
            }
            layers = Math.max(layers, v.length);
        }
        double[] ys = all.stream().mapToDouble(Double::doubleValue).toArray();
        double max = 0;
        for (double y : ys) {
            max = Math.max(max, y);
        }
        Scale sx = new Scale(0, Math.max(1, layers - 1), PAD, W - PAD - 200);
        Scale sy = new Scale(0, max == 0 ? 1 : max * 1.05, H - PAD, PAD);
        StringBuilder s = header(title);
        axes(s, "layer", yLabel);
        for (int l = 0; l < layers; l++) {
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d</text>%n",
                    sx.map(l), H - PAD + 15, l));
        }
        for (int t = 0; t <= 4; t++) {
            double v = sy.lo + (sy.hi - sy.lo) * t / 4;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.3g</text>%n",
                    PAD - 5, sy.map(v) + 4, v));
        }
        Map<String, String> colour = new LinkedHashMap<>();
        Map<String, String> familyColour = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            String family = e.getKey().split(" ")[0];
            String c = familyColour.computeIfAbsent(family, k -> COLOURS[familyColour.size() % COLOURS.length]);
            colour.put(e.getKey(), c);
            StringBuilder pts = new StringBuilder();
            double[] v = e.getValue();
            for (int l = 0; l < v.length; l++) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", sx.map(l), sy.map(v[l])));
            }
            s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s>"
                    + "<title>%s</title></polyline>%n", pts.toString().trim(), c,
                    dashed.contains(e.getKey()) ? " stroke-dasharray=\"6,4\"" : "", escape(e.getKey())));
        }
        legend(s, colour);
        return s.append("</svg>\n").toString();
    }

    private static StringBuilder header(String title) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", W, H));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"25\" font-size=\"13\" text-anchor=\"middle\">%s</text>%n",
                W / 2, escape(title)));
        return s;
    }

    private static void axes(StringBuilder s, String x, String y) {
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                PAD, H - PAD, W - PAD - 200, H - PAD));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                PAD, PAD, PAD, H - PAD));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>%n",
                (W - 200) / 2, H - 20, escape(x)));
        s.append(String.format(Locale.ROOT, "<text x=\"15\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 15 %d)\">%s</text>%n", H / 2, H / 2, escape(y)));
    }

    private static void legend(StringBuilder s, Map<String, String> colour) {
        int y = PAD;
        for (Map.Entry<String, String> e : colour.entrySet()) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n", W - 200, y, e.getValue(), W - 183, y + 10,
                    escape(e.getKey())));
            y += 18;
        }
    }

    static String escape(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A linear map from data to pixels. */
    private record Scale(double lo, double hi, double from, double to) {
        static Scale of(double[] v, double from, double to) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double x : v) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            double pad = hi > lo ? (hi - lo) * 0.05 : 1;
            return new Scale(lo - pad, hi + pad, from, to);
        }

        double map(double x) {
            return from + (x - lo) / (hi - lo) * (to - from);
        }
    }
}
