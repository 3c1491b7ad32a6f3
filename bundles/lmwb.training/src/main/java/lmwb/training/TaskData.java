package lmwb.training;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import lmwb.api.TaskType;
import lmwb.api.data.Example;
import lmwb.api.data.LabelMap;
import lmwb.api.data.Split;
import lmwb.api.encoder.EmbeddingInput;

/**
 * A dataset's examples as inputs and targets per split.
 *
 * @param taskType the task
 * @param labels the label map (empty for regression)
 * @param examples examples per split (train, dev, test all present)
 */
record TaskData(TaskType taskType, LabelMap labels, Map<Split, List<Example>> examples) {

    /** @return the encoder inputs per split */
    Map<Split, List<EmbeddingInput>> inputs() {
        Map<Split, List<EmbeddingInput>> out = new EnumMap<>(Split.class);
        examples.forEach((s, list) -> {
            List<EmbeddingInput> in = new ArrayList<>(list.size());
            for (Example e : list) {
                in.add(EmbeddingInput.of(e, taskType));
            }
            out.put(s, in);
        });
        return out;
    }

    /**
     * A prediction input typed by the user (not a dataset example, which {@link EmbeddingInput#of} converts): a pair
     * task needs both texts.
     */
    static EmbeddingInput input(TaskType type, String text, String pair, List<String> words) {
        if (type.isTokenLevel()) {
            return EmbeddingInput.words(words);
        }
        if (type.isPair()) {
            if (pair == null) {
                throw new IllegalArgumentException("a " + type + " input needs a second text; separate the texts with a tab");
            }
            return EmbeddingInput.pair(text, pair);
        }
        return EmbeddingInput.text(text);
    }

    /**
     * @param split a split
     * @param indices examples of it
     * @return the targets of their rows (class ids or values as floats; tags of every word for token tasks)
     */
    float[] targets(Split split, int[] indices) {
        List<Example> list = examples.get(split);
        if (taskType.isTokenLevel()) {
            int n = 0;
            for (int i : indices) {
                n += list.get(i).tagCount();
            }
            float[] t = new float[n];
            int k = 0;
            for (int i : indices) {
                Example e = list.get(i);
                for (int w = 0; w < e.tagCount(); w++) {
                    t[k++] = e.tag(w);
                }
            }
            return t;
        }
        float[] t = new float[indices.length];
        for (int j = 0; j < indices.length; j++) {
            Example e = list.get(indices[j]);
            t[j] = taskType.isRegression() ? (float) e.target() : e.label();
        }
        return t;
    }

    int size(Split split) {
        return examples.get(split).size();
    }
}
