package lmwb.training;

import java.util.List;
import lmwb.api.encoder.SentencePooling;

/**
 * The JSON description of a checkpoint ({@code model.json}); the weights are in
 * {@code model.safetensors} (combiner and head) and, for fine-tuned encoders, {@code encoder-<i>.safetensors}
 * with the canonical Hugging Face parameter names of the base model.
 *
 * @param format always {@value #FORMAT}
 * @param taskType the task type name
 * @param head the head's name
 * @param labels label names in class-id order (empty for regression)
 * @param combine the combiner's name (concat, mean, dme or a plug-in's)
 * @param layerNorm whether DME normalises
 * @param combineDropout dropout on m (training only)
 * @param pooling cls, mean or max: the lowercase name of the request's {@link SentencePooling}
 * @param layer the pooled layer or {@code null} for the layer mean
 * @param maxLength longest token sequence (fine-tuned encoders)
 * @param frozen whether the encoders were frozen
 * @param seed the run's seed
 * @param outputs the head's outputs
 * @param dims d_i per model
 * @param encoders the language models
 * @param dataset the training dataset's name
 * @param datasetHash its content hash
 * @param metric the selection metric
 * @param bestDevScore its dev value at the kept epoch
 */
record ModelSpec(String format, String taskType, String head, List<String> labels, String combine, boolean layerNorm,
        double combineDropout, String pooling, Integer layer, int maxLength, boolean frozen, long seed, int outputs,
        int[] dims, List<EncoderRef> encoders, String dataset, String datasetHash, String metric,
        double bestDevScore) {
    static final String FORMAT = "lmwb-multi-encoder/1";

    /** @return the pooling the checkpoint was trained with */
    SentencePooling sentencePooling() {
        return SentencePooling.parse(pooling);
    }

    /**
     * One language model of a checkpoint.
     *
     * @param reference the model reference
     * @param contentHash the base weights' hash (checked on load)
     * @param weights the fine-tuned weights file in the checkpoint, or {@code null} when frozen
     */
    record EncoderRef(String reference, String contentHash, String weights) {
    }
}
