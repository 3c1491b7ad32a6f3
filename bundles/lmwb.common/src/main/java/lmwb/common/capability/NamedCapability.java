package lmwb.common.capability;

import lmwb.api.capability.Capability;
import lmwb.api.capability.CapabilityResult;

/**
 * A capability that is given its name, description and request type once, in its constructor: the part of
 * {@link Capability} that every component would otherwise write out as three identical accessors. Subclasses
 * (the stored analyses, the dataset diagnostics) add how they run.
 *
 * @param <Q> the request record
 * @param <R> the result
 */
public abstract class NamedCapability<Q extends Record, R extends CapabilityResult> implements Capability<Q, R> {
    private final String name;
    private final String description;
    private final Class<Q> requestType;

    /**
     * @param name the command name
     * @param description one line for listings and {@code --help}
     * @param requestType the request record type
     */
    protected NamedCapability(String name, String description, Class<Q> requestType) {
        this.name = name;
        this.description = description;
        this.requestType = requestType;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Class<Q> requestType() {
        return requestType;
    }
}
