package lmwb.ranker;

import lmwb.api.capability.Capability;
import lmwb.api.capability.RunContext;
import lmwb.api.rank.RankResult;
import lmwb.api.rank.Ranker;
import lmwb.api.rank.ValidateRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code validate}: a ranking checked against the cross-validated linear probe (stored as kind {@code validation}). */
@Component(property = Capability.NAME + "=validate")
public class ValidateCapability implements Capability<ValidateRequest, RankResult> {
    private final Ranker ranker;

    /** @param ranker the ranking pipeline */
    @Activate
    public ValidateCapability(@Reference Ranker ranker) {
        this.ranker = ranker;
    }

    @Override
    public String name() {
        return "validate";
    }

    @Override
    public String description() {
        return "rank and check how well each estimator predicts a cross-validated linear probe (Pearson, Spearman, Kendall)";
    }

    @Override
    public Class<ValidateRequest> requestType() {
        return ValidateRequest.class;
    }

    @Override
    public RankResult run(ValidateRequest request, RunContext context) throws Exception {
        return ranker.rank(request.toRankRequest(), context);
    }
}
