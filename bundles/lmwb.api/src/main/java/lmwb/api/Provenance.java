package lmwb.api;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable record of where a result came from: the component and its configuration, the content hashes
 * of its inputs (dataset, model artifact), the seed, and the versions involved. A result is reproducible
 * from its provenance.
 *
 * @param component the component that produced the result, e.g. {@code estimator:logme}
 * @param configuration the component's effective configuration
 * @param inputs content hashes of the inputs, e.g. {@code dataset -> sha256:...}
 * @param seed the random seed used, or {@code null} when nothing random happened
 * @param versions versions of lmwb and of engines involved
 * @param created when the result was produced
 * @param user who ran it ({@code local} for a local command line), or {@code null} where not recorded
 * @param host the machine it ran on, or {@code null} where not recorded
 */
public record Provenance(String component, Map<String, String> configuration, Map<String, String> inputs,
        Long seed, Map<String, String> versions, Instant created, String user, String host) {

    /**
     * A provenance without user and host (written before they were recorded).
     *
     * @param component the producing component
     * @param configuration its effective configuration
     * @param inputs content hashes of the inputs
     * @param seed the seed, or {@code null}
     * @param versions versions involved
     * @param created when
     */
    public Provenance(String component, Map<String, String> configuration, Map<String, String> inputs,
            Long seed, Map<String, String> versions, Instant created) {
        this(component, configuration, inputs, seed, versions, created, null, null);
    }

    /** Validates and freezes the maps. */
    public Provenance {
        Objects.requireNonNull(component, "component");
        configuration = Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        Objects.requireNonNull(created, "created");
    }

    /**
     * @param component the producing component
     * @return a builder
     */
    public static Builder builder(String component) {
        return new Builder(component);
    }

    /** Builds a {@link Provenance}. */
    public static final class Builder {
        private final String component;
        private final Map<String, String> configuration = new LinkedHashMap<>();
        private final Map<String, String> inputs = new LinkedHashMap<>();
        private final Map<String, String> versions = new LinkedHashMap<>();
        private Long seed;
        private String user;
        private String host;

        private Builder(String component) {
            this.component = component;
        }

        /**
         * @param key configuration key
         * @param value its effective value
         * @return this builder
         */
        public Builder config(String key, Object value) {
            configuration.put(key, String.valueOf(value));
            return this;
        }

        /**
         * @param name input role, e.g. {@code dataset}
         * @param hash the input's content hash
         * @return this builder
         */
        public Builder input(String name, String hash) {
            inputs.put(name, hash);
            return this;
        }

        /**
         * @param seed the seed used
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param name component or engine name
         * @param version its version
         * @return this builder
         */
        public Builder version(String name, String version) {
            versions.put(name, version);
            return this;
        }

        /**
         * @param who the user who ran it
         * @param where the host it ran on
         * @return this builder
         */
        public Builder ranBy(String who, String where) {
            this.user = who;
            this.host = where;
            return this;
        }

        /**
         * @param all name → version
         * @return this builder
         */
        public Builder versions(Map<String, String> all) {
            versions.putAll(all);
            return this;
        }

        /** @return the provenance, stamped with the current time */
        public Provenance build() {
            return new Provenance(component, configuration, inputs, seed, versions, Instant.now(), user, host);
        }
    }
}
