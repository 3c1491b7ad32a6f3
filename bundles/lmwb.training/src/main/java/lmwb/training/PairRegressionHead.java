package lmwb.training;

import lmwb.api.TaskType;
import lmwb.training.spi.TaskHead;
import org.osgi.service.component.annotations.Component;

/** The {@code pair-regression} head: two texts encoded natively as a pair, one real value: mean squared error. */
@Component(service = TaskHead.class, property = TaskHead.NAME + "=pair-regression")
public class PairRegressionHead extends LinearHead {
    @Override
    public String name() {
        return "pair-regression";
    }

    @Override
    public boolean supports(TaskType type) {
        return type == TaskType.PAIR_REGRESSION;
    }

    @Override
    boolean classifies() {
        return false;
    }
}
