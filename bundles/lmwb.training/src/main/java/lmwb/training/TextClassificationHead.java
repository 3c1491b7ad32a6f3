package lmwb.training;

import lmwb.api.TaskType;
import lmwb.training.spi.TaskHead;
import org.osgi.service.component.annotations.Component;

/** The {@code text-classification} head: one text, one class: softmax cross-entropy. */
@Component(service = TaskHead.class, property = TaskHead.NAME + "=text-classification")
public class TextClassificationHead extends LinearHead {
    @Override
    public String name() {
        return "text-classification";
    }

    @Override
    public boolean supports(TaskType type) {
        return type == TaskType.TEXT_CLASSIFICATION;
    }

    @Override
    boolean classifies() {
        return true;
    }
}
