package lmwb.api.encoder;

/**
 * What an opened model is.
 *
 * @param reference the reference it was opened by
 * @param modelType the architecture, e.g. {@code bert}, {@code roberta}
 * @param layers number of transformer layers L
 * @param hiddenSize hidden size H
 * @param parameters number of parameters
 * @param maxLength the longest token sequence it accepts
 * @param contentHash hash of the weights
 */
public record ModelInfo(String reference, String modelType, int layers, int hiddenSize, long parameters, int maxLength,
        String contentHash) {
}
