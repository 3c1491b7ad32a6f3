package lmwb.analysis.redundancy;

import java.util.List;
import java.util.Locale;

/** Small hand-written standalone SVG plots: a labelled heatmap and a line chart. */
final class Svg {
    private Svg() {
    }

    /**
     * A heatmap with a colour bar from {@code min} (dark blue) to {@code max} (yellow).
     *
     * @param title the title
     * @param rowLabel the y-axis label
     * @param colLabel the x-axis label
     * @param rowNames one name per row
     * @param colNames one name per column
     * @param values rows × cols, NaN drawn grey
     * @param min value of the darkest colour
     * @param max value of the brightest colour
     * @return the SVG document
     */
    static String heatmap(String title, String rowLabel, String colLabel, List<String> rowNames, List<String> colNames,
            double[][] values, double min, double max) {
        int rows = rowNames.size();
        int cols = colNames.size();
        int cell = Math.max(22, Math.min(48, 560 / Math.max(rows, cols)));
        int left = 90;
        int top = 50;
        int width = left + cols * cell + 120;
        int height = top + rows * cell + 70;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", width, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"14\">%s</text>%n", left, esc(title)));
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double v = values[i][j];
                int x = left + j * cell;
                int y = top + i * cell;
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
                        + "<title>%s / %s: %.4f</title></rect>%n", x, y, cell, cell, colour(v, min, max),
                        esc(rowNames.get(i)), esc(colNames.get(j)), v));
                if (cell >= 30 && Double.isFinite(v)) {
                    double f = (v - min) / (max - min);
                    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"9\" "
                            + "fill=\"%s\">%.2f</text>%n", x + cell / 2, y + cell / 2 + 3, f > 0.6 ? "black" : "white", v));
                }
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", left - 4,
                    top + i * cell + cell / 2 + 4, esc(rowNames.get(i))));
        }
        for (int j = 0; j < cols; j++) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    left + j * cell + cell / 2, top + rows * cell + 14, esc(colNames.get(j))));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                left + cols * cell / 2, top + rows * cell + 34, esc(colLabel)));
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">"
                + "%s</text>%n", top + rows * cell / 2, top + rows * cell / 2, esc(rowLabel)));
        int barX = left + cols * cell + 30;
        int barH = rows * cell;
        for (int k = 0; k < 50; k++) {
            double v = max - (max - min) * k / 49.0;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"16\" height=\"%.1f\" fill=\"%s\"/>%n",
                    barX, top + barH * k / 50.0, barH / 50.0 + 0.5, colour(v, min, max)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%.2f</text>%n", barX + 20, top + 8, max));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%.2f</text>%n", barX + 20, top + barH, min));
        s.append("</svg>\n");
        return s.toString();
    }

    /**
     * A line chart over a shared x axis; each series has its own y range scaled into the plot (min..max of
     * {@code yMin}/{@code yMax}).
     *
     * @param title the title
     * @param xLabel x-axis label
     * @param yLabel y-axis label
     * @param x x values
     * @param names series names
     * @param series series values (NaN skipped)
     * @param yMin bottom of the y axis
     * @param yMax top of the y axis
     * @return the SVG document
     */
    static String lines(String title, String xLabel, String yLabel, double[] x, List<String> names, List<double[]> series,
            double yMin, double yMax) {
        int w = 640;
        int h = 400;
        int left = 70;
        int right = 180;
        int top = 40;
        int bottom = 50;
        double xMin = x[0];
        double xMax = x[x.length - 1];
        if (xMax == xMin) {
            xMax = xMin + 1;
        }
        String[] palette = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"};
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", w, h));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\">%s</text>%n", left, esc(title)));
        int pw = w - left - right;
        int ph = h - top - bottom;
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#888\"/>%n", left, top, pw, ph));
        for (int k = 0; k <= 4; k++) {
            double v = yMin + (yMax - yMin) * k / 4;
            double y = top + ph - ph * k / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n", left, left + pw, y, y, left - 4, y + 4, v));
        }
        for (double xv : x) {
            double px = left + pw * (xv - xMin) / (xMax - xMin);
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px,
                    top + ph + 14, trim(xv)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", left + pw / 2,
                h - 12, esc(xLabel)));
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">"
                + "%s</text>%n", top + ph / 2, top + ph / 2, esc(yLabel)));
        for (int k = 0; k < series.size(); k++) {
            String c = palette[k % palette.length];
            StringBuilder pts = new StringBuilder();
            double[] ys = series.get(k);
            for (int i = 0; i < x.length; i++) {
                if (!Double.isFinite(ys[i])) {
                    continue;
                }
                double px = left + pw * (x[i] - xMin) / (xMax - xMin);
                double py = top + ph - ph * (ys[i] - yMin) / (yMax - yMin);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>%n", px, py, c));
            }
            s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    pts.toString().trim(), c));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", left + pw + 12, top + 10 + k * 18, c, left + pw + 28,
                    top + 14 + k * 18, esc(names.get(k))));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2g", v);
    }

    /** Viridis-like ramp through five anchors. */
    private static String colour(double v, double min, double max) {
        if (!Double.isFinite(v)) {
            return "#cccccc";
        }
        double f = Math.max(0, Math.min(1, (v - min) / (max - min)));
        int[][] a = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
        double p = f * (a.length - 1);
        int i = Math.min(a.length - 2, (int) p);
        double t = p - i;
        int r = (int) Math.round(a[i][0] + t * (a[i + 1][0] - a[i][0]));
        int g = (int) Math.round(a[i][1] + t * (a[i + 1][1] - a[i][1]));
        int b = (int) Math.round(a[i][2] + t * (a[i + 1][2] - a[i][2]));
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
