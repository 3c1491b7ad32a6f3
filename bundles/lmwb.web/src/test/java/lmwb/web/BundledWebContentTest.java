package lmwb.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The page's files resolve the way the HTTP server asks for them: the page, its own scripts and styles, and the
 * webjar libraries it names (so the Chart.js version in index.html is the one bundled); nothing outside.
 * (The page itself is tested in a real browser by lmwb.web.browsertest.)
 */
class BundledWebContentTest {
    private final BundledWebContent web = new BundledWebContent();

    private static String read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyScriptAndStyleThePageNamesIsServed() throws Exception {
        String page = read(web.resource("").orElseThrow());
        Matcher m = Pattern.compile("(?:src|href)=\"/(static/[^\"]+)\"").matcher(page);
        List<String> named = new ArrayList<>();
        while (m.find()) {
            named.add(m.group(1));
        }
        assertEquals(List.of("static/app.css", "static/webjars/chart.js/4.4.1/dist/chart.umd.js", "static/app.js"), named);
        for (String path : named) {
            Optional<URL> url = web.resource(path);
            assertTrue(url.isPresent(), path + " is named by index.html but not served");
            assertTrue(read(url.get()).length() > 1000, path + " is nearly empty");
        }
        assertTrue(read(web.resource("static/webjars/chart.js/4.4.1/dist/chart.umd.js").orElseThrow())
                .contains("Chart.js v4.4.1"), "the webjar's own build");
    }

    @Test
    void thePageLoadsNothingFromOtherHosts() throws Exception {
        for (String path : List.of("", "static/app.js", "static/app.css")) {
            // the SVG namespace is a name that createElementNS needs, not a location: nothing is loaded from it
            String text = read(web.resource(path).orElseThrow()).replace("'http://www.w3.org/2000/svg'", "");
            assertTrue(!text.contains("http://") && !text.contains("https://") && !text.contains("//cdn"),
                    path + " names another host");
        }
    }

    @Test
    void nothingOutsideThePageIsServed() {
        for (String path : List.of("static/../lmwb/web/BundledWebContent.class", "lmwb/web/BundledWebContent.class",
                "web/index.html", "static/", "static//app.js", "static/nothing.js", "META-INF/MANIFEST.MF",
                "static/webjars/../../lmwb/web/BundledWebContent.class", "/etc/passwd", "static/app.js\\..")) {
            assertEquals(Optional.empty(), web.resource(path), path);
        }
    }
}
