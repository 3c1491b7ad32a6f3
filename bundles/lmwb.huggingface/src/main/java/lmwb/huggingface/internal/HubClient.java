package lmwb.huggingface.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lmwb.api.ProgressEvent;
import lmwb.api.ProgressListener;

/**
 * Talks to a Hugging Face hub the way {@code huggingface_hub} does: a {@code HEAD} on
 * {@code {endpoint}/{repo}/resolve/{revision}/{file}} for the commit, etag and size (following redirects
 * that stay on the same host, such as a renamed repository's; a redirect to another host is the LFS content
 * location, and the metadata is on that redirect response itself), then a {@code GET} of
 * the content, resumed with {@code Range} from a partial file and retried a bounded number of times.
 */
final class HubClient {
    private static final int MAX_REDIRECTS = 5;
    private static final int BUFFER = 64 << 10;
    private static final long PROGRESS_STEP_BYTES = 1 << 20;
    private static final long RETRY_PAUSE_MILLIS = 200;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern SAFE_ETAG = Pattern.compile("[A-Za-z0-9._-]+");
    private static final String USER_AGENT = "lmwb/0.1; java/" + Runtime.version().feature();

    private final URI endpoint;
    private final String token;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final int attempts;

    /**
     * What the hub says about one file.
     *
     * @param filename the repository file name
     * @param commit the commit the revision resolved to
     * @param etag the normalised etag: sha256 of the content for LFS files, git blob sha1 otherwise
     * @param size the content length, or -1 when the hub did not say
     * @param location where to {@code GET} the content
     */
    record FileMetadata(String filename, String commit, String etag, long size, URI location) {
    }

    /**
     * @param endpoint hub address without a trailing slash
     * @param token bearer token sent to the hub's own host only, or {@code null}
     * @param connectTimeout connection timeout
     * @param readTimeout longest wait for any read
     * @param attempts tries per download (at least 1)
     */
    HubClient(URI endpoint, String token, Duration connectTimeout, Duration readTimeout, int attempts) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.token = token;
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
        this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
        this.attempts = attempts;
    }

    /** @return the hub address */
    URI endpoint() {
        return endpoint;
    }

    /**
     * @param repoId model id
     * @param revision branch, tag or commit
     * @param filename repository file name
     * @return {@code {endpoint}/{repoId}/resolve/{revision}/{filename}}
     */
    URI resolveUrl(String repoId, String revision, String filename) {
        StringBuilder path = new StringBuilder(endpoint.toString());
        for (String part : repoId.split("/")) {
            path.append('/').append(encode(part));
        }
        path.append("/resolve/").append(encode(revision));
        for (String part : filename.split("/")) {
            path.append('/').append(encode(part));
        }
        return URI.create(path.toString());
    }

    /**
     * @param repoId model id
     * @param revision branch, tag or commit
     * @param filename repository file name
     * @return the commit, etag, size and content location
     * @throws HubHttpException when the hub answers with an error status
     * @throws HubUnreachableException (with a short reason) when the hub cannot be contacted
     * @throws IOException when the answer lacks the headers of a hub
     */
    FileMetadata metadata(String repoId, String revision, String filename) throws IOException {
        URI url = resolveUrl(repoId, revision, filename);
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpURLConnection connection = open(url, "HEAD", 0);
            try {
                int status = status(connection);
                if (status >= 300 && status < 400) {
                    String location = connection.getHeaderField("Location");
                    if (location == null) {
                        throw new IOException("the hub answered " + url + " with HTTP " + status + " but no Location");
                    }
                    URI next = url.resolve(location);
                    if (next.getHost() != null && next.getHost().equalsIgnoreCase(url.getHost())) {
                        url = next;
                        continue;
                    }
                    return fileMetadata(connection, filename, url, next);
                }
                if (status == HttpURLConnection.HTTP_OK) {
                    return fileMetadata(connection, filename, url, url);
                }
                throw httpError(connection, status, url);
            } finally {
                connection.disconnect();
            }
        }
        throw new IOException("more than " + MAX_REDIRECTS + " redirects for " + resolveUrl(repoId, revision, filename));
    }

    private static FileMetadata fileMetadata(HttpURLConnection connection, String filename, URI url, URI location)
            throws IOException {
        String commit = connection.getHeaderField("X-Repo-Commit");
        if (commit == null || !ModelId.isCommit(commit.strip())) {
            throw new IOException(url + " answered without a valid X-Repo-Commit header (got '" + commit
                    + "'); is the endpoint a Hugging Face hub?");
        }
        String rawEtag = connection.getHeaderField("X-Linked-Etag");
        if (rawEtag == null) {
            rawEtag = connection.getHeaderField("ETag");
        }
        String etag = normaliseEtag(rawEtag);
        if (etag == null) {
            throw new IOException(url + " answered without a usable ETag (got '" + rawEtag
                    + "'); is the endpoint a Hugging Face hub?");
        }
        long size = parseSize(connection.getHeaderField("X-Linked-Size"));
        if (size < 0) {
            size = parseSize(connection.getHeaderField("Content-Length"));
        }
        return new FileMetadata(filename, commit.strip(), etag, size, location);
    }

    static String normaliseEtag(String raw) {
        if (raw == null) {
            return null;
        }
        String etag = raw.strip();
        if (etag.startsWith("W/")) {
            etag = etag.substring(2);
        }
        if (etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            etag = etag.substring(1, etag.length() - 1);
        }
        return SAFE_ETAG.matcher(etag).matches() ? etag : null;
    }

    private static long parseSize(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Downloads a file's content into {@code partial}, continuing from what it already holds. On return the
     * partial file holds the whole content (its checksum is not yet verified); on failure it keeps what was
     * received so that the next call resumes.
     *
     * @param file what to download
     * @param partial the {@code .incomplete} file
     * @param progress receives byte counts
     * @param stage the progress stage name
     * @throws IOException when every attempt failed or the hub refused the request
     */
    void download(FileMetadata file, Path partial, ProgressListener progress, String stage) throws IOException {
        long started = System.nanoTime();
        IOException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                fetch(file, partial, progress, stage, started);
                return;
            } catch (HubHttpException e) {
                if (e.status() < 500) {
                    throw e;
                }
                last = e;
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                last = e;
            }
            if (attempt < attempts) {
                try {
                    Thread.sleep(RETRY_PAUSE_MILLIS * attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    InterruptedIOException interrupted = new InterruptedIOException("download of " + file.filename()
                            + " interrupted; " + partial + " is kept and the next run resumes it");
                    interrupted.initCause(e);
                    throw interrupted;
                }
            }
        }
        throw new IOException("download of " + file.filename() + " failed after " + attempts + " attempt(s): "
                + last.getMessage() + "; the partial file " + partial + " is kept and the next run resumes it", last);
    }

    private void fetch(FileMetadata file, Path partial, ProgressListener progress, String stage, long started)
            throws IOException {
        long have = Files.isRegularFile(partial) ? Files.size(partial) : 0;
        long expected = file.size();
        if (expected >= 0 && have == expected) {
            return;
        }
        if (expected >= 0 && have > expected) {
            Files.delete(partial);
            have = 0;
        }
        URI url = file.location();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpURLConnection connection = open(url, "GET", have);
            try {
                int status = status(connection);
                if (status >= 300 && status < 400) {
                    String location = connection.getHeaderField("Location");
                    if (location == null) {
                        throw new IOException(url + " answered HTTP " + status + " without a Location");
                    }
                    url = url.resolve(location);
                    continue;
                }
                if (status == 416) {
                    Files.deleteIfExists(partial);
                    throw new IOException(url + " refused to resume at byte " + have + " (HTTP 416); restarting");
                }
                if (status == HttpURLConnection.HTTP_OK) {
                    have = 0;
                } else if (status == HttpURLConnection.HTTP_PARTIAL) {
                    long start = rangeStart(connection.getHeaderField("Content-Range"));
                    if (start != have) {
                        throw new IOException(url + " resumed at byte " + start + " instead of " + have);
                    }
                } else {
                    throw httpError(connection, status, url);
                }
                receive(connection, file, partial, have, progress, stage, started);
                return;
            } finally {
                connection.disconnect();
            }
        }
        throw new IOException("more than " + MAX_REDIRECTS + " redirects for " + file.location());
    }

    private void receive(HttpURLConnection connection, FileMetadata file, Path partial, long offset,
            ProgressListener progress, String stage, long started) throws IOException {
        long expected = file.size();
        long have = offset;
        long reported = have;
        progress.onProgress(new ProgressEvent(stage, have, expected, "bytes", System.nanoTime() - started));
        byte[] buffer = new byte[BUFFER];
        try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                InputStream in = connection.getInputStream()) {
            out.truncate(have);
            out.position(have);
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                have += n;
                if (expected >= 0 && have > expected) {
                    throw new IOException(file.filename() + " is longer than the " + expected + " bytes announced");
                }
                if (have - reported >= PROGRESS_STEP_BYTES) {
                    reported = have;
                    progress.onProgress(new ProgressEvent(stage, have, expected, "bytes", System.nanoTime() - started));
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("download of " + file.filename() + " interrupted at byte " + have
                            + "; " + partial + " is kept and the next run resumes it");
                }
            }
            out.force(true);
        } finally {
            if (have != reported) {
                progress.onProgress(new ProgressEvent(stage, have, expected, "bytes", System.nanoTime() - started));
            }
        }
        if (expected >= 0 && have < expected) {
            throw new IOException("the connection closed after " + have + " of " + expected + " bytes of "
                    + file.filename());
        }
    }

    private static long rangeStart(String contentRange) throws IOException {
        Matcher m = contentRange == null ? null : CONTENT_RANGE.matcher(contentRange.strip());
        if (m == null || !m.matches()) {
            throw new IOException("HTTP 206 with a malformed Content-Range '" + contentRange + "'");
        }
        return Long.parseLong(m.group(1));
    }

    private HttpURLConnection open(URI url, String method, long rangeStart) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(connectTimeoutMillis);
        connection.setReadTimeout(readTimeoutMillis);
        connection.setRequestProperty("User-Agent", USER_AGENT);
        connection.setRequestProperty("Accept-Encoding", "identity");
        if (rangeStart > 0) {
            connection.setRequestProperty("Range", "bytes=" + rangeStart + "-");
        }
        if (token != null && sameOrigin(url)) {
            connection.setRequestProperty("Authorization", "Bearer " + token);
        }
        return connection;
    }

    private boolean sameOrigin(URI url) {
        return endpoint.getScheme().equalsIgnoreCase(url.getScheme())
                && endpoint.getHost().equalsIgnoreCase(url.getHost())
                && port(endpoint) == port(url);
    }

    private static int port(URI url) {
        if (url.getPort() >= 0) {
            return url.getPort();
        }
        return url.getScheme().toLowerCase(Locale.ROOT).equals("https") ? 443 : 80;
    }

    private int status(HttpURLConnection connection) throws IOException {
        try {
            return connection.getResponseCode();
        } catch (IOException e) {
            // Refused, unresolvable, timed out, reset or TLS failure: no answer came from the hub at all.
            throw unreachable(e);
        }
    }

    private HubUnreachableException unreachable(IOException cause) {
        String reason = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new HubUnreachableException(reason, cause);
    }

    private static HubHttpException httpError(HttpURLConnection connection, int status, URI url) {
        return new HubHttpException(status, connection.getHeaderField("X-Error-Code"),
                connection.getHeaderField("X-Error-Message"), url);
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
