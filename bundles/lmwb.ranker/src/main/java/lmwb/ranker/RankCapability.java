package lmwb.ranker;

import lmwb.api.capability.Capability;
import lmwb.api.capability.RunContext;
import lmwb.api.rank.RankRequest;
import lmwb.api.rank.RankResult;
import lmwb.api.rank.Ranker;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code rank}: ranks models and their layers for a dataset with transferability estimators. */
@Component(property = Capability.NAME + "=rank")
public class RankCapability implements Capability<RankRequest, RankResult> {
    private final Ranker ranker;

    /** @param ranker the ranking pipeline */
    @Activate
    public RankCapability(@Reference Ranker ranker) {
        this.ranker = ranker;
    }

    @Override
    public String name() {
        return "rank";
    }

    @Override
    public String description() {
        return "rank pretrained models and their layers for a dataset with transferability estimators (no fine-tuning)";
    }

    @Override
    public Class<RankRequest> requestType() {
        return RankRequest.class;
    }

    @Override
    public RankResult run(RankRequest request, RunContext context) throws Exception {
        return ranker.rank(request, context);
    }
}
