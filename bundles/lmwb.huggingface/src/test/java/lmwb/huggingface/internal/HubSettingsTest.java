package lmwb.huggingface.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the settings come from, in huggingface_hub's order (constants.py). */
class HubSettingsTest {
    @TempDir
    Path tmp;

    private HubSettings settings(Map<String, String> vars, Map<String, String> props) {
        Map<String, String> withHome = new java.util.HashMap<>(props);
        withHome.putIfAbsent("user.home", tmp.resolve("user").toString());
        return HubSettings.from(Environment.of(vars, withHome), "", "");
    }

    @Test
    void cacheFolderPrecedence() {
        Path user = tmp.resolve("user");
        assertEquals(user.resolve(".cache/huggingface/hub"), settings(Map.of(), Map.of()).cacheDir());
        assertEquals(tmp.resolve("xdg/huggingface/hub"),
                settings(Map.of("XDG_CACHE_HOME", tmp.resolve("xdg").toString()), Map.of()).cacheDir());
        assertEquals(tmp.resolve("hf/hub"), settings(Map.of("HF_HOME", tmp.resolve("hf").toString(),
                "XDG_CACHE_HOME", tmp.resolve("xdg").toString()), Map.of()).cacheDir());
        assertEquals(tmp.resolve("cache"), settings(Map.of("HF_HOME", tmp.resolve("hf").toString(),
                "HF_HUB_CACHE", tmp.resolve("cache").toString()), Map.of()).cacheDir());
        assertEquals(tmp.resolve("prop/hub"), settings(Map.of("HF_HUB_CACHE", tmp.resolve("cache").toString()),
                Map.of(HubSettings.HOME_PROPERTY, tmp.resolve("prop").toString())).cacheDir());
        assertEquals(user.resolve("hf/hub"), settings(Map.of("HF_HOME", "~/hf"), Map.of()).cacheDir());
        assertEquals(tmp.resolve("configured"), HubSettings.from(Environment.of(Map.of("HF_HUB_CACHE", "/elsewhere"),
                Map.of()), tmp.resolve("configured").toString(), "").cacheDir());
    }

    @Test
    void endpointOfflineModeAndToken() throws IOException {
        HubSettings defaults = settings(Map.of(), Map.of());
        assertEquals(URI.create(HubSettings.PUBLIC_ENDPOINT), defaults.endpoint());
        assertFalse(defaults.offline());
        assertNull(HubSettings.token(Environment.of(Map.of(), Map.of("user.home", tmp.resolve("user").toString())), ""));

        HubSettings mirror = settings(Map.of("HF_ENDPOINT", "http://127.0.0.1:8080/", "HF_HUB_OFFLINE", "yes",
                "HF_TOKEN", "hf_test"), Map.of());
        assertEquals(URI.create("http://127.0.0.1:8080"), mirror.endpoint());
        assertTrue(mirror.offline());
        assertEquals("hf_test", HubSettings.token(Environment.of(Map.of("HF_TOKEN", "hf_test"), Map.of()), ""));
        assertFalse(settings(Map.of("HF_HUB_OFFLINE", "0"), Map.of()).offline());

        Files.createDirectories(tmp.resolve("hf"));
        Files.writeString(tmp.resolve("hf/token"), "hf_from_file\n");
        assertEquals("hf_from_file", HubSettings.token(Environment.of(Map.of("HF_HOME", tmp.resolve("hf").toString()),
                Map.of()), ""));
        // A configured token file wins over HF_TOKEN, as the configured cache folder wins over HF_HUB_CACHE.
        assertEquals("hf_from_file", HubSettings.token(Environment.of(Map.of("HF_TOKEN", "hf_test"), Map.of()),
                tmp.resolve("hf/token").toString()));
    }

    @Test
    void malformedEndpointsNameTheirOrigin() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("HF_ENDPOINT", "ftp://mirror"), Map.of()));
        assertTrue(e.getMessage().startsWith("HF_ENDPOINT 'ftp://mirror' is not an http(s) address"), e.getMessage());
    }
}
