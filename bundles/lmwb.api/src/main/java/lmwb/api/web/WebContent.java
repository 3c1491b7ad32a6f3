package lmwb.api.web;

import java.net.URL;
import java.util.Optional;

/**
 * Static files of the web page (HTML, scripts, styles, fonts), served by the HTTP server of {@code lmwb serve} at
 * {@code /} and {@code /static/...} to anyone, signed in or not: they must hold no data. Everything the page shows
 * comes from the REST API ({@code /api/...}), which checks the session and the user's role on every call.
 *
 * <p>The server asks the service with the highest ranking; without one, {@code /} answers 404 and the REST API
 * works as before.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface WebContent {
    /**
     * @param path the request path without the leading slash: {@code ""} for the page itself, or
     *     {@code static/...}; never holds {@code ..} segments (the server refuses those first)
     * @return the file's contents (a bundle entry), or empty when there is no such file
     */
    Optional<URL> resource(String path);
}
