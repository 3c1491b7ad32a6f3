package lmwb.training;

import lmwb.api.TaskType;
import lmwb.training.spi.TaskHead;
import org.osgi.service.component.annotations.Component;

/** The {@code text-regression} head: one text, one real value: mean squared error. */
@Component(service = TaskHead.class, property = TaskHead.NAME + "=text-regression")
public class TextRegressionHead extends LinearHead {
    @Override
    public String name() {
        return "text-regression";
    }

    @Override
    public boolean supports(TaskType type) {
        return type == TaskType.TEXT_REGRESSION;
    }

    @Override
    boolean classifies() {
        return false;
    }
}
