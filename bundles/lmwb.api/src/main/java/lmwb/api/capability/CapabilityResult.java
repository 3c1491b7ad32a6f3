package lmwb.api.capability;

/**
 * What every capability's result says about itself: where it is stored and what kind it is. The rest of a result
 * is the capability's own typed record, written as JSON by the one codec.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface CapabilityResult {
    /** @return the result-store id, or {@code null} for a capability whose results are not stored */
    String resultId();

    /** @return the result kind, e.g. {@code ranking}, {@code training}, {@code embedding} */
    String kind();
}
