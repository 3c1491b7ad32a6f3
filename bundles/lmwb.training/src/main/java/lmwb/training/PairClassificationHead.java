package lmwb.training;

import lmwb.api.TaskType;
import lmwb.training.spi.TaskHead;
import org.osgi.service.component.annotations.Component;

/** The {@code pair-classification} head: two texts encoded natively as one pair sequence (token types), one class. */
@Component(service = TaskHead.class, property = TaskHead.NAME + "=pair-classification")
public class PairClassificationHead extends LinearHead {
    @Override
    public String name() {
        return "pair-classification";
    }

    @Override
    public boolean supports(TaskType type) {
        return type == TaskType.PAIR_CLASSIFICATION;
    }

    @Override
    boolean classifies() {
        return true;
    }
}
