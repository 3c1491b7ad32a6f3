package lmwb.api.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import lmwb.api.TaskType;
import lmwb.api.data.Example;
import org.junit.jupiter.api.Test;

/** The one Example → EmbeddingInput conversion (ranking, embedding export and training use it alike). */
class EmbeddingInputTest {
    @Test
    void aPairTaskExampleWithoutASecondTextIsAPairWithAnEmptySecondText() {
        // the documented rule: never a single text (EmbedCommand did that) and never an error (TaskData did that)
        assertEquals(EmbeddingInput.pair("a question", ""),
                EmbeddingInput.of(Example.classified("a question", 0), TaskType.PAIR_CLASSIFICATION));
        assertEquals(EmbeddingInput.pair("a", "b"),
                EmbeddingInput.of(Example.classifiedPair("a", "b", 1), TaskType.PAIR_CLASSIFICATION));
    }

    @Test
    void textAndTokenTasks() {
        assertEquals(EmbeddingInput.text("good film"),
                EmbeddingInput.of(Example.classified("good film", 1), TaskType.TEXT_CLASSIFICATION));
        assertEquals(EmbeddingInput.words(List.of("New", "York")),
                EmbeddingInput.of(Example.tagged(List.of("New", "York"), new int[] {1, 2}), TaskType.TOKEN_CLASSIFICATION));
    }
}
