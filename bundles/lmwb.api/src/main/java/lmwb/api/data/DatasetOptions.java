package lmwb.api.data;

import java.util.Optional;

/**
 * How to read a dataset: column overrides, task type override, BIO merging, seed for splitting and
 * downsampling. Immutable; use the {@code with*} methods.
 *
 * @param textColumn the text column, or {@code null} to detect
 * @param pairColumn the second text column, or {@code null} to detect (none when absent)
 * @param labelColumn the label column, or {@code null} to detect
 * @param taskType a task type override, or {@code null} to infer
 * @param mergeBio whether {@code B-X}/{@code I-X} tags merge into {@code X}
 * @param seed seed for splitting and downsampling
 * @param downsample fraction (0, 1] of examples to keep, or a count when &gt; 1; {@code 1} keeps all
 */
public record DatasetOptions(String textColumn, String pairColumn, String labelColumn, String taskType,
        boolean mergeBio, long seed, double downsample) {

    /** Defaults: detect everything, merge BIO tags, seed 42, keep all. */
    public static final DatasetOptions DEFAULTS = new DatasetOptions(null, null, null, null, true, 42L, 1.0);

    /** Validates the downsampling value. */
    public DatasetOptions {
        if (!(downsample > 0)) {
            throw new IllegalArgumentException("downsample must be a fraction in (0, 1] or a count > 1, got " + downsample);
        }
    }

    /** @return the text column override */
    public Optional<String> text() {
        return Optional.ofNullable(textColumn);
    }

    /** @return the pair column override */
    public Optional<String> pair() {
        return Optional.ofNullable(pairColumn);
    }

    /** @return the label column override */
    public Optional<String> label() {
        return Optional.ofNullable(labelColumn);
    }

    /**
     * @param text text column
     * @param pair pair column
     * @param label label column
     * @return a copy with these column overrides
     */
    public DatasetOptions withColumns(String text, String pair, String label) {
        return new DatasetOptions(text, pair, label, taskType, mergeBio, seed, downsample);
    }

    /**
     * @param type task type name or {@code null}
     * @return a copy with this task type override
     */
    public DatasetOptions withTaskType(String type) {
        return new DatasetOptions(textColumn, pairColumn, labelColumn, type, mergeBio, seed, downsample);
    }

    /**
     * @param merge whether to merge BIO tags
     * @return a copy
     */
    public DatasetOptions withMergeBio(boolean merge) {
        return new DatasetOptions(textColumn, pairColumn, labelColumn, taskType, merge, seed, downsample);
    }

    /**
     * @param newSeed the seed
     * @return a copy
     */
    public DatasetOptions withSeed(long newSeed) {
        return new DatasetOptions(textColumn, pairColumn, labelColumn, taskType, mergeBio, newSeed, downsample);
    }

    /**
     * @param value fraction or count
     * @return a copy
     */
    public DatasetOptions withDownsample(double value) {
        return new DatasetOptions(textColumn, pairColumn, labelColumn, taskType, mergeBio, seed, value);
    }
}
