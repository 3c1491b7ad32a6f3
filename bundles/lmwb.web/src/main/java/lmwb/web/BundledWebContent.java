package lmwb.web;

import java.net.URL;
import java.util.Optional;
import java.util.regex.Pattern;
import lmwb.api.web.WebContent;
import org.osgi.service.component.annotations.Component;

/**
 * The web page's files, from this bundle: {@code web/index.html} for {@code /}, {@code web/static/...} for
 * {@code /static/...}, and the front-end libraries of WebJars (Chart.js) at their webjar paths,
 * {@code /static/webjars/...} → {@code META-INF/resources/webjars/...}.
 */
@Component
public class BundledWebContent implements WebContent {
    /** Letters, digits, dots, dashes and underscores in slash-separated names; no {@code ..}. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    private static final String WEBJARS = "static/webjars/";

    @Override
    public Optional<URL> resource(String path) {
        String entry;
        if (path.isEmpty()) {
            entry = "web/index.html";
        } else if (!SAFE.matcher(path).matches() || path.contains("..")) {
            return Optional.empty();
        } else if (path.startsWith(WEBJARS)) {
            entry = "META-INF/resources/webjars/" + path.substring(WEBJARS.length());
        } else if (path.startsWith("static/")) {
            entry = "web/" + path;
        } else {
            return Optional.empty();
        }
        // the bundle's own class loader: its entries (web/ and META-INF/resources are no imported packages)
        return Optional.ofNullable(BundledWebContent.class.getClassLoader().getResource(entry));
    }
}
