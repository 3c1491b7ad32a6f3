package lmwb.api.diagnostics;

import java.util.List;
import lmwb.api.Provenance;
import lmwb.api.capability.CapabilityResult;

/** What every diagnostic's result carries besides its own table and summary. */
@org.osgi.annotation.versioning.ConsumerType
public interface DiagnosticResult extends CapabilityResult {
    /** @return the diagnosed dataset */
    DiagnosedDataset dataset();

    /** @return what users should know: dropped rows, renormalised probabilities, truncated inputs */
    List<String> notes();

    /** @return how to reproduce it */
    Provenance provenance();
}
