package lmwb.common.svg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes small standalone SVG documents: line charts, heatmaps and scatters. Values that are not finite
 * are left out of lines and scatters and drawn grey in heatmaps; every drawn point and cell carries a
 * {@code <title>} tooltip with its exact value, and every text is XML-escaped.
 */
public final class SvgPlot {
    private static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final String GREY = "#999999";
    private static final int WIDTH = 760;
    private static final int PANEL_HEIGHT = 400;
    private static final int LEFT = 70;
    private static final int RIGHT = 210;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private SvgPlot() {
    }

    /**
     * One line of a chart.
     *
     * @param name the legend entry
     * @param x x value per point
     * @param y y value per point, as many as {@code x}; points whose y is not finite are skipped
     * @param colourKey series with the same key share a colour (for example one family of models)
     * @param dashed whether the line is dashed
     * @param pointNames per point its tooltip prefix, or {@code null} for the series name
     */
    public record Series(String name, double[] x, double[] y, String colourKey, boolean dashed, List<String> pointNames) {
        /**
         * Checks the lengths.
         *
         * @throws IllegalArgumentException when x, y and the point names differ in length
         */
        public Series {
            Objects.requireNonNull(name, "name");
            if (x.length != y.length || pointNames != null && pointNames.size() != x.length) {
                throw new IllegalArgumentException("series " + name + ": " + x.length + " x values, " + y.length
                        + " y values" + (pointNames == null ? "" : ", " + pointNames.size() + " point names"));
            }
        }

        /**
         * A solid series coloured by its own name.
         *
         * @param name the legend entry
         * @param x x values
         * @param y y values
         */
        public Series(String name, double[] x, double[] y) {
            this(name, x, y, name, false, null);
        }
    }

    /**
     * One panel of line chart.
     *
     * @param title the panel's title
     * @param xLabel the x axis's name
     * @param yLabel the y axis's name
     * @param xTicks labels along the x axis by position (for example every layer, or "first layer" at 0)
     * @param series the lines
     * @param yMin bottom of the y axis, or {@code NaN} for the data's minimum less 5% of the range
     * @param yMax top of the y axis, or {@code NaN} for the data's maximum plus 5% of the range
     */
    public record LineChart(String title, String xLabel, String yLabel, Map<Double, String> xTicks, List<Series> series,
            double yMin, double yMax) {
    }

    /**
     * One line chart.
     *
     * @param chart the chart
     * @return the SVG document
     */
    public static String lines(LineChart chart) {
        return lines(List.of(chart));
    }

    /**
     * Line charts stacked top to bottom in one document.
     *
     * @param panels the charts, at least one
     * @return the SVG document
     */
    public static String lines(List<LineChart> panels) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("a line plot needs at least one panel");
        }
        StringBuilder s = header(WIDTH, panels.size() * PANEL_HEIGHT + 10);
        for (int p = 0; p < panels.size(); p++) {
            panel(s, panels.get(p), p * PANEL_HEIGHT);
        }
        return s.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder s, LineChart c, int y0) {
        double[] yRange = yRange(c);
        double yLo = yRange[0];
        double yHi = yRange[1];
        double xLo = Double.POSITIVE_INFINITY;
        double xHi = Double.NEGATIVE_INFINITY;
        for (Series r : c.series()) {
            for (double v : r.x()) {
                xLo = Math.min(xLo, v);
                xHi = Math.max(xHi, v);
            }
        }
        for (double v : c.xTicks().keySet()) {
            xLo = Math.min(xLo, v);
            xHi = Math.max(xHi, v);
        }
        if (!(xHi > xLo)) {
            xLo = Double.isFinite(xLo) ? xLo : 0;
            xHi = xLo + 1;
        }
        int pw = WIDTH - LEFT - RIGHT;
        int ph = PANEL_HEIGHT - TOP - BOTTOM;
        int top = y0 + TOP;
        Scale sx = new Scale(xLo, xHi, LEFT, LEFT + pw);
        Scale sy = new Scale(yLo, yHi, top + ph, top);
        s.append(text(LEFT, y0 + 24, c.title(), "font-size=\"14\" font-weight=\"bold\""));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
                LEFT, top, pw, ph));
        for (int t = 0; t <= 4; t++) {
            double v = yLo + (yHi - yLo) * t / 4;
            double py = sy.map(v);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, py, LEFT + pw, py));
            s.append(text(LEFT - 6, py + 4, String.format(Locale.ROOT, "%.4g", v), "text-anchor=\"end\""));
        }
        for (Map.Entry<Double, String> t : c.xTicks().entrySet()) {
            s.append(text(sx.map(t.getKey()), top + ph + 16, t.getValue(), "text-anchor=\"middle\""));
        }
        s.append(text(LEFT + pw / 2.0, top + ph + 38, c.xLabel(), "text-anchor=\"middle\""));
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">"
                + "%s</text>%n", top + ph / 2, top + ph / 2, escape(c.yLabel())));
        Map<String, String> colours = new LinkedHashMap<>();
        int legendY = top + 12;
        for (Series r : c.series()) {
            String colour = colours.computeIfAbsent(r.colourKey(), k -> PALETTE[colours.size() % PALETTE.length]);
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < r.x().length; i++) {
                double v = r.y()[i];
                if (!Double.isFinite(v)) {
                    continue;
                }
                double px = sx.map(r.x()[i]);
                double py = sy.map(v);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                String name = r.pointNames() == null ? r.name() : r.pointNames().get(i);
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>%s: %.6g"
                        + "</title></circle>%n", px, py, colour, escape(name), v));
            }
            s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s>"
                    + "<title>%s</title></polyline>%n", pts.toString().trim(), colour,
                    r.dashed() ? " stroke-dasharray=\"6,4\"" : "", escape(r.name())));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"%s/>%n",
                    LEFT + pw + 10, legendY - 4, LEFT + pw + 28, legendY - 4, colour,
                    r.dashed() ? " stroke-dasharray=\"4,2\"" : ""));
            s.append(text(LEFT + pw + 32, legendY, r.name(), ""));
            legendY += 18;
        }
    }

    private static double[] yRange(LineChart c) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series r : c.series()) {
            for (double v : r.y()) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(hi >= lo)) {
            lo = 0;
            hi = 1;
        }
        if (hi == lo) {
            hi = lo + 1e-9 + Math.abs(lo) * 1e-6;
        }
        double pad = (hi - lo) * 0.05;
        double yLo = Double.isNaN(c.yMin()) ? lo - pad : c.yMin();
        double yHi = Double.isNaN(c.yMax()) ? hi + pad : c.yMax();
        if (!(yHi > yLo)) {
            yHi = yLo + 1;
        }
        return new double[] {yLo, yHi};
    }

    /**
     * A heatmap with a colour bar from {@code min} (dark blue) to {@code max} (yellow); cells at least 30
     * pixels wide also print their value.
     *
     * @param title the title
     * @param rowLabel the y axis's name
     * @param colLabel the x axis's name
     * @param rowNames one name per row
     * @param colNames one name per column
     * @param values rows × cols, values that are not finite drawn grey
     * @param min value of the darkest colour
     * @param max value of the brightest colour
     * @return the SVG document
     */
    public static String heatmap(String title, String rowLabel, String colLabel, List<String> rowNames,
            List<String> colNames, double[][] values, double min, double max) {
        int rows = rowNames.size();
        int cols = colNames.size();
        if (values.length != rows) {
            throw new IllegalArgumentException("heatmap: " + values.length + " rows of values for " + rows + " row names");
        }
        int cell = Math.max(22, Math.min(48, 560 / Math.max(1, Math.max(rows, cols))));
        int left = 90;
        int top = 50;
        StringBuilder s = header(left + cols * cell + 120, top + rows * cell + 70);
        s.append(text(left, 24, title, "font-size=\"14\" font-weight=\"bold\""));
        for (int i = 0; i < rows; i++) {
            if (values[i].length != cols) {
                throw new IllegalArgumentException("heatmap: row " + i + " has " + values[i].length + " values for "
                        + cols + " column names");
            }
            for (int j = 0; j < cols; j++) {
                double v = values[i][j];
                int x = left + j * cell;
                int y = top + i * cell;
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
                        + "<title>%s / %s: %.4f</title></rect>%n", x, y, cell, cell, ramp(v, min, max),
                        escape(rowNames.get(i)), escape(colNames.get(j)), v));
                if (cell >= 30 && Double.isFinite(v)) {
                    double f = (v - min) / (max - min);
                    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"9\" "
                            + "fill=\"%s\">%.2f</text>%n", x + cell / 2, y + cell / 2 + 3, f > 0.6 ? "black" : "white", v));
                }
            }
            s.append(text(left - 4, top + i * cell + cell / 2.0 + 4, rowNames.get(i), "text-anchor=\"end\""));
        }
        for (int j = 0; j < cols; j++) {
            s.append(text(left + j * cell + cell / 2.0, top + rows * cell + 14, colNames.get(j), "text-anchor=\"middle\""));
        }
        s.append(text(left + cols * cell / 2.0, top + rows * cell + 34, colLabel, "text-anchor=\"middle\""));
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">"
                + "%s</text>%n", top + rows * cell / 2, top + rows * cell / 2, escape(rowLabel)));
        int barX = left + cols * cell + 30;
        int barH = rows * cell;
        s.append("<g>\n");
        for (int k = 0; k < 50; k++) {
            double v = max - (max - min) * k / 49.0;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"16\" height=\"%.1f\" fill=\"%s\"/>%n",
                    barX, top + barH * k / 50.0, barH / 50.0 + 0.5, ramp(v, min, max)));
        }
        s.append("</g>\n");
        s.append(text(barX + 20, top + 8, String.format(Locale.ROOT, "%.2f", max), ""));
        s.append(text(barX + 20, top + barH, String.format(Locale.ROOT, "%.2f", min), ""));
        return s.append("</svg>\n").toString();
    }

    /**
     * A scatter of labelled points, coloured by group (a {@code null} group is grey and called "unknown").
     *
     * @param title the title
     * @param xLabel the x axis's name
     * @param yLabel the y axis's name
     * @param xy the points, each {x, y}
     * @param groups per point its group, or {@code null}
     * @param names per point its name for the tooltip
     * @return the SVG document
     */
    public static String scatter(String title, String xLabel, String yLabel, double[][] xy, String[] groups,
            String[] names) {
        if (groups.length != xy.length || names.length != xy.length) {
            throw new IllegalArgumentException("scatter: " + xy.length + " points, " + groups.length + " groups, "
                    + names.length + " names");
        }
        Map<String, String> colours = new LinkedHashMap<>();
        double[] xs = new double[xy.length];
        double[] ys = new double[xy.length];
        for (int i = 0; i < xy.length; i++) {
            String key = groups[i] == null ? "unknown" : groups[i];
            colours.computeIfAbsent(key, k -> k.equals("unknown") ? GREY : PALETTE[paletteIndex(colours)]);
            xs[i] = xy[i][0];
            ys[i] = xy[i][1];
        }
        int pw = WIDTH - LEFT - RIGHT;
        int ph = PANEL_HEIGHT - TOP - BOTTOM;
        Scale sx = Scale.padded(xs, LEFT, LEFT + pw);
        Scale sy = Scale.padded(ys, TOP + ph, TOP);
        StringBuilder s = header(WIDTH, PANEL_HEIGHT + 10);
        s.append(text(LEFT, 24, title, "font-size=\"14\" font-weight=\"bold\""));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
                LEFT, TOP, pw, ph));
        s.append(text(LEFT + pw / 2.0, TOP + ph + 38, xLabel, "text-anchor=\"middle\""));
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">"
                + "%s</text>%n", TOP + ph / 2, TOP + ph / 2, escape(yLabel)));
        for (int i = 0; i < xy.length; i++) {
            if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) {
                continue;
            }
            String key = groups[i] == null ? "unknown" : groups[i];
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"6\" fill=\"%s\" fill-opacity=\"0.8\">"
                    + "<title>%s (%s)</title></circle>%n", sx.map(xs[i]), sy.map(ys[i]), colours.get(key),
                    escape(names[i]), escape(key)));
        }
        int y = TOP + 12;
        for (Map.Entry<String, String> e : colours.entrySet()) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    LEFT + pw + 10, y - 10, e.getValue()));
            s.append(text(LEFT + pw + 28, y, e.getKey(), ""));
            y += 18;
        }
        return s.append("</svg>\n").toString();
    }

    private static int paletteIndex(Map<String, String> colours) {
        int used = 0;
        for (String c : colours.values()) {
            used += c.equals(GREY) ? 0 : 1;
        }
        return used % PALETTE.length;
    }

    /**
     * XML-escapes a text for an SVG element or attribute.
     *
     * @param t the text
     * @return the text with {@code & < > "} escaped
     */
    public static String escape(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static StringBuilder header(int width, int height) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", width, height));
        return s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    }

    private static String text(double x, double y, String content, String attrs) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s>%s</text>%n", x, y, attrs, escape(content));
    }

    /** Viridis-like ramp through five anchors; values that are not finite are grey. */
    private static String ramp(double v, double min, double max) {
        if (!Double.isFinite(v)) {
            return "#cccccc";
        }
        double f = max > min ? Math.max(0, Math.min(1, (v - min) / (max - min))) : 0.5;
        int[][] a = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
        double p = f * (a.length - 1);
        int i = Math.min(a.length - 2, (int) p);
        double t = p - i;
        int r = (int) Math.round(a[i][0] + t * (a[i + 1][0] - a[i][0]));
        int g = (int) Math.round(a[i][1] + t * (a[i + 1][1] - a[i][1]));
        int b = (int) Math.round(a[i][2] + t * (a[i + 1][2] - a[i][2]));
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    /** A linear map from data to pixels. */
    private record Scale(double lo, double hi, double from, double to) {
        static Scale padded(double[] v, double from, double to) {
            List<Double> finite = new ArrayList<>();
            for (double x : v) {
                if (Double.isFinite(x)) {
                    finite.add(x);
                }
            }
            double lo = finite.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double hi = finite.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double pad = hi > lo ? (hi - lo) * 0.05 : 1;
            return new Scale(lo - pad, hi + pad, from, to);
        }

        double map(double x) {
            return from + (x - lo) / (hi - lo) * (to - from);
        }
    }
}
