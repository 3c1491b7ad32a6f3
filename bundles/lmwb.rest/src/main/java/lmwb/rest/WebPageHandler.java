package lmwb.rest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import lmwb.api.web.WebContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the web page's static files ({@code GET /} and {@code /static/...}) from the {@link WebContent} service,
 * when one is installed, with headers that keep the page to its own origin: a Content-Security-Policy that allows
 * scripts, styles, images and connections from this server only (nothing from a CDN), no framing, no sniffing.
 * These files hold no data and need no sign-in; the data comes from {@code /api}, which does.
 */
final class WebPageHandler extends Handler.Abstract {
    /** The page's Content-Security-Policy. Chart.js sets canvas sizes through style attributes. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png", "ico", "image/x-icon", "woff2", "font/woff2", "json", "application/json",
            "map", "application/json");

    private final Supplier<WebContent> content;

    /** @param content the installed web page, or {@code null} from the supplier when there is none */
    WebPageHandler(Supplier<WebContent> content) {
        this.content = content;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return false;
        }
        if (!path.equals("/") && !path.startsWith("/static/")) {
            return false;
        }
        String relative = path.substring(1);
        if (relative.contains("..") || relative.contains("//") || relative.contains("\\")) {
            return false;
        }
        WebContent web = content.get();
        Optional<URL> url = web == null ? Optional.empty() : web.resource(relative);
        if (url.isEmpty()) {
            return false;
        }
        byte[] body;
        try (InputStream in = url.get().openStream()) {
            body = in.readAllBytes();
        }
        String name = relative.isEmpty() ? "index.html" : relative;
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TYPES.getOrDefault(ext, "application/octet-stream"));
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("X-Frame-Options", "DENY");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.write(true, method.equals("HEAD") ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
        return true;
    }
}
