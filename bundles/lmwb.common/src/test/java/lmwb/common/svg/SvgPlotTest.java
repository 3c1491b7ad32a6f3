package lmwb.common.svg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** Checks what the plots show by parsing them as XML: lines, points, cells and labels. */
class SvgPlotTest {
    static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> texts(Document d, String tag) {
        NodeList n = d.getElementsByTagName(tag);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.getLength(); i++) {
            out.add(n.item(i).getTextContent());
        }
        return out;
    }

    @Test
    void linePanelsShowOneLinePerSeriesAndOnePointPerFiniteValue() throws Exception {
        SvgPlot.Series a = new SvgPlot.Series("a<1>", new double[] {0, 1, 2}, new double[] {1, Double.NaN, 3});
        SvgPlot.Series b = new SvgPlot.Series("b", new double[] {0, 2}, new double[] {2, 2}, "b", true,
                List.of("b layer 0", "b layer 1"));
        Map<Double, String> ticks = new TreeMap<>(Map.of(0.0, "first", 2.0, "last"));
        String svg = SvgPlot.lines(List.of(new SvgPlot.LineChart("one", "x", "y", ticks, List.of(a, b), Double.NaN, Double.NaN),
                new SvgPlot.LineChart("two", "x", "y", ticks, List.of(a), 0, 5)));
        Document d = parse(svg);
        assertEquals(3, d.getElementsByTagName("polyline").getLength(), "2 lines in panel one, 1 in panel two");
        assertEquals(2 + 2 + 2, d.getElementsByTagName("circle").getLength(), "the NaN of a is not drawn");
        List<String> text = texts(d, "text");
        assertTrue(text.containsAll(List.of("one", "two", "first", "last", "a<1>", "b")), text.toString());
        assertTrue(texts(d, "title").contains("b layer 1: 2.00000"), texts(d, "title").toString());
        assertTrue(svg.contains("stroke-dasharray"), "b is dashed");
    }

    @Test
    void heatmapHasOneCellPerValueAndItsLabels() throws Exception {
        String svg = SvgPlot.heatmap("cka", "rows", "cols", List.of("r0", "r1"), List.of("c0", "c1", "c2"),
                new double[][] {{0, 0.5, 1}, {Double.NaN, 0.25, 0.75}}, 0, 1);
        Document d = parse(svg);
        List<String> titles = texts(d, "title");
        assertEquals(6, titles.size(), "one tooltip per cell");
        assertTrue(titles.contains("r1 / c2: 0.7500"), titles.toString());
        assertTrue(svg.contains("fill=\"#cccccc\""), "NaN cell is grey");
        assertTrue(texts(d, "text").containsAll(List.of("cka", "rows", "cols", "r0", "r1", "c0", "c1", "c2")));
    }

    @Test
    void scatterHasOnePointPerRowAndALegendPerGroup() throws Exception {
        String svg = SvgPlot.scatter("pca", "component 1", "component 2", new double[][] {{0, 0}, {1, 2}, {3, 1}},
                new String[] {"sst2", null, "sst2"}, new String[] {"m1", "m2", "m3"});
        Document d = parse(svg);
        assertEquals(3, d.getElementsByTagName("circle").getLength());
        assertTrue(texts(d, "title").containsAll(List.of("m1 (sst2)", "m2 (unknown)", "m3 (sst2)")));
        assertTrue(texts(d, "text").containsAll(List.of("pca", "component 1", "component 2", "sst2", "unknown")));
        assertThrows(IllegalArgumentException.class, () -> SvgPlot.scatter("t", "x", "y", new double[][] {{0, 0}},
                new String[0], new String[] {"m"}));
    }
}
