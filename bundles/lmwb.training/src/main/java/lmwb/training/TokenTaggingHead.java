package lmwb.training;

import lmwb.api.TaskType;
import lmwb.training.spi.TaskHead;
import org.osgi.service.component.annotations.Component;

/** The {@code token-tagging} head: one tag per word, on the first sub-word's vector of each word (special tokens never carry a label). */
@Component(service = TaskHead.class, property = TaskHead.NAME + "=token-tagging")
public class TokenTaggingHead extends LinearHead {
    @Override
    public String name() {
        return "token-tagging";
    }

    @Override
    public boolean supports(TaskType type) {
        return type == TaskType.TOKEN_CLASSIFICATION;
    }

    @Override
    boolean classifies() {
        return true;
    }
}
