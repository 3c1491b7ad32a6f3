package lmwb.huggingface.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The Hugging Face settings lmwb shares with Python's {@code huggingface_hub}, read the same way: the hub
 * cache folder, the hub endpoint, offline mode and the access token.
 *
 * <p>Cache folder, first match wins: the component's configured folder; the system property
 * {@value #HOME_PROPERTY} (an {@code HF_HOME} override, cache in its {@code hub} folder); {@code HF_HUB_CACHE}
 * (or the older {@code HUGGINGFACE_HUB_CACHE}); {@code $HF_HOME/hub}; {@code $XDG_CACHE_HOME/huggingface/hub};
 * {@code ~/.cache/huggingface/hub}.
 *
 * @param cacheDir the hub cache folder (holds {@code models--ORG--NAME})
 * @param endpoint the hub address, without a trailing slash
 * @param offline whether {@code HF_HUB_OFFLINE} forbids contacting the hub
 */
record HubSettings(Path cacheDir, URI endpoint, boolean offline) {

    /**
     * The public Hugging Face hub, used when neither the configuration nor {@code HF_ENDPOINT} names
     * another. This is the only place the address is written.
     */
    static final String PUBLIC_ENDPOINT = "https://huggingface.co";

    /** System property that overrides {@code HF_HOME} (and {@code HF_HUB_CACHE}), e.g. for tests. */
    static final String HOME_PROPERTY = "lmwb.hf.home";

    private static final Set<String> TRUE_VALUES = Set.of("1", "ON", "YES", "TRUE");

    /**
     * @param env where variables and properties are read
     * @param configuredCacheDir a cache folder from the component configuration, or empty
     * @param configuredEndpoint a hub address from the component configuration, or empty
     * @return the settings
     * @throws IllegalArgumentException when a folder or address is malformed (message names its origin)
     */
    static HubSettings from(Environment env, String configuredCacheDir, String configuredEndpoint) {
        Path hfHome = hfHome(env);
        Path cache;
        if (configuredCacheDir != null && !configuredCacheDir.isBlank()) {
            cache = path(configuredCacheDir, "configuration cacheDir", env);
        } else if (env.property(HOME_PROPERTY) != null) {
            cache = hfHome.resolve("hub");
        } else if (env.variable("HF_HUB_CACHE") != null) {
            cache = path(env.variable("HF_HUB_CACHE"), "HF_HUB_CACHE", env);
        } else if (env.variable("HUGGINGFACE_HUB_CACHE") != null) {
            cache = path(env.variable("HUGGINGFACE_HUB_CACHE"), "HUGGINGFACE_HUB_CACHE", env);
        } else {
            cache = hfHome.resolve("hub");
        }
        URI endpoint;
        if (configuredEndpoint != null && !configuredEndpoint.isBlank()) {
            endpoint = endpoint(configuredEndpoint, "configuration endpoint");
        } else if (env.variable("HF_ENDPOINT") != null) {
            endpoint = endpoint(env.variable("HF_ENDPOINT"), "HF_ENDPOINT");
        } else {
            endpoint = endpoint(PUBLIC_ENDPOINT, "the default endpoint");
        }
        String offline = env.variable("HF_HUB_OFFLINE");
        boolean isOffline = offline != null && TRUE_VALUES.contains(offline.toUpperCase(Locale.ROOT));
        return new HubSettings(cache, endpoint, isOffline);
    }

    private static Path hfHome(Environment env) {
        if (env.property(HOME_PROPERTY) != null) {
            return path(env.property(HOME_PROPERTY), "system property " + HOME_PROPERTY, env);
        }
        if (env.variable("HF_HOME") != null) {
            return path(env.variable("HF_HOME"), "HF_HOME", env);
        }
        if (env.variable("XDG_CACHE_HOME") != null) {
            return path(env.variable("XDG_CACHE_HOME"), "XDG_CACHE_HOME", env).resolve("huggingface");
        }
        return Path.of(env.property("user.home"), ".cache", "huggingface");
    }

    /**
     * The access token for private or gated models, read when needed (not at activation, so that an
     * unreadable token file only fails downloads): {@code HF_TOKEN}, else the file {@code HF_TOKEN_PATH},
     * else {@code $HF_HOME/token} (where {@code hf auth login} stores it). A configured token file comes first.
     *
     * @param env where variables and properties are read
     * @param configuredTokenFile a token file from the component configuration, or empty
     * @return the token, or {@code null}
     * @throws IllegalArgumentException when the token file exists but cannot be read
     */
    static String token(Environment env, String configuredTokenFile) {
        Path hfHome = hfHome(env);
        String token = env.variable("HF_TOKEN");
        if (token != null && configuredTokenFile.isBlank()) {
            return token;
        }
        Path file = !configuredTokenFile.isBlank() ? path(configuredTokenFile, "configuration tokenFile", env)
                : env.variable("HF_TOKEN_PATH") != null
                ? path(env.variable("HF_TOKEN_PATH"), "HF_TOKEN_PATH", env)
                : hfHome.resolve("token");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
            return stored.isEmpty() ? null : stored;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the Hugging Face token file " + file + ": " + e.getMessage()
                    + "; fix its permissions or set HF_TOKEN", e);
        }
    }

    static Path path(String value, String origin, Environment env) {
        String expanded = value;
        if (value.equals("~") || value.startsWith("~/")) {
            expanded = env.property("user.home") + value.substring(1);
        }
        try {
            return Path.of(expanded).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(origin + " '" + value + "' is not a valid path: " + e.getReason(), e);
        }
    }

    private static URI endpoint(String value, String origin) {
        String trimmed = value.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException(origin + " '" + value
                        + "' is not an http(s) address; use e.g. https://hub.example.org");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(origin + " '" + value + "' is not a valid address: " + e.getMessage(), e);
        }
    }
}
