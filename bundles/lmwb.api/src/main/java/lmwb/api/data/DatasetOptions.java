package lmwb.api.data;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Optional;

/**
 * How to read a dataset: column overrides, task type override, BIO merging, seed for splitting and
 * downsampling, and the text encoding of dataset files. Immutable; use the {@code with*} methods.
 *
 * @param textColumn the text column, or {@code null} to detect
 * @param pairColumn the second text column, or {@code null} to detect (none when absent)
 * @param labelColumn the label column, or {@code null} to detect
 * @param taskType a task type override, or {@code null} to infer
 * @param mergeBio whether {@code B-X}/{@code I-X} tags merge into {@code X}
 * @param seed seed for splitting and downsampling
 * @param downsample fraction (0, 1] of examples to keep, or a count when &gt; 1; {@code 1} keeps all
 * @param encoding the canonical name of the charset dataset files are decoded with ({@code UTF-8} by default;
 *     {@code null} means UTF-8); any Java charset name or alias is accepted, plus {@code latin-1}
 */
public record DatasetOptions(String textColumn, String pairColumn, String labelColumn, String taskType,
        boolean mergeBio, long seed, double downsample, String encoding) {

    /** Defaults: detect everything, merge BIO tags, seed 42, keep all, UTF-8. */
    public static final DatasetOptions DEFAULTS = new DatasetOptions(null, null, null, null, true, 42L, 1.0);

    /**
     * Validates the downsampling value and the encoding, and stores the encoding's canonical charset name.
     *
     * @throws IllegalArgumentException when downsampling is not positive or the encoding is unknown
     */
    public DatasetOptions {
        if (!(downsample > 0)) {
            throw new IllegalArgumentException("downsample must be a fraction in (0, 1] or a count > 1, got " + downsample);
        }
        encoding = toCharset(encoding).name();
    }

    /**
     * The options of version 1.0 of this package, reading files as UTF-8.
     *
     * @param textColumn the text column, or {@code null} to detect
     * @param pairColumn the second text column, or {@code null} to detect
     * @param labelColumn the label column, or {@code null} to detect
     * @param taskType a task type override, or {@code null} to infer
     * @param mergeBio whether BIO tags merge
     * @param seed seed for splitting and downsampling
     * @param downsample fraction or count to keep
     */
    public DatasetOptions(String textColumn, String pairColumn, String labelColumn, String taskType, boolean mergeBio,
            long seed, double downsample) {
        this(textColumn, pairColumn, labelColumn, taskType, mergeBio, seed, downsample, null);
    }

    /** @return the charset dataset files are decoded with */
    public Charset charset() {
        return Charset.forName(encoding);
    }

    /**
     * Resolves an encoding name as the {@code --encoding} option takes it: any Java charset name or alias
     * ({@code utf-8}, {@code iso-8859-1}, {@code latin1}, {@code cp1252}, {@code utf-16}, ...), case-insensitive,
     * plus the common spelling {@code latin-1}.
     *
     * @param name an encoding name, or {@code null} or blank for UTF-8
     * @return the charset
     * @throws IllegalArgumentException when no charset has that name, with the names to use instead
     */
    public static Charset toCharset(String name) {
        if (name == null || name.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        String n = name.trim();
        if (n.equalsIgnoreCase("latin-1")) {
            return StandardCharsets.ISO_8859_1;
        }
        try {
            return Charset.forName(n);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("unknown encoding '" + n + "'; use a Java charset name such as utf-8, "
                    + "latin-1 (iso-8859-1), cp1252 or utf-16", e);
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
        return new DatasetOptions(text, pair, label, taskType, mergeBio, seed, downsample, encoding);
    }

    /**
     * @param type task type name or {@code null}
     * @return a copy with this task type override
     */
    public DatasetOptions withTaskType(String type) {
        return new DatasetOptions(textColumn, pairColumn, labelColumn, type, mergeBio, seed, downsample, encoding);
    }

    /**
     * @param merge whether to merge BIO tags
     * @return a copy
     */
    public DatasetOptions withMergeBio(boolean merge) {
        return new DatasetOptions(textColumn, pairColumn, labelColumn, taskType, merge, seed, downsample, encoding);
    }

    /**
     * @param newSeed the seed
     * @return a copy
     */
    public DatasetOptions withSeed(long newSeed) {
        return new DatasetOptions(textColumn, pairColumn, labelColumn, taskType, mergeBio, newSeed, downsample, encoding);
    }

    /**
     * @param value fraction or count
     * @return a copy
     */
    public DatasetOptions withDownsample(double value) {
        return new DatasetOptions(textColumn, pairColumn, labelColumn, taskType, mergeBio, seed, value, encoding);
    }

    /**
     * @param name an encoding name as {@link #toCharset(String)} takes it, or {@code null} for UTF-8
     * @return a copy reading files in that encoding
     * @throws IllegalArgumentException when the encoding is unknown
     */
    public DatasetOptions withEncoding(String name) {
        return new DatasetOptions(textColumn, pairColumn, labelColumn, taskType, mergeBio, seed, downsample, name);
    }
}
