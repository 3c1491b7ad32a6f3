package lmwb.api.encoder;

/**
 * A model a source can provide, for listings.
 *
 * @param reference the name to use, e.g. {@code bge-small-en-v1.5}
 * @param source the source's name, e.g. {@code builtin}, {@code hf-cache}
 * @param description one line
 * @param layers transformer layers, or {@code -1} when unknown until opened
 * @param hiddenSize hidden size, or {@code -1}
 * @param parameters parameter count, or {@code -1}
 * @param local whether the files are already on this machine
 */
public record ModelDescriptor(String reference, String source, String description, int layers, int hiddenSize,
        long parameters, boolean local) {
}
