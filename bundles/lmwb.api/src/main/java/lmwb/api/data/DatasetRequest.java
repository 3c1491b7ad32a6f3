package lmwb.api.data;

/**
 * The request of the {@code dataset} capability: how lmwb reads one dataset.
 *
 * @param dataset catalogue name or path to a file or folder (required)
 * @param textColumn text column (CoNLL: 0-based word column index)
 * @param pairColumn second text column of pair tasks
 * @param labelColumn label column (CoNLL: 0-based tag column index)
 * @param task task type override
 * @param downsample a fraction (0,1] or a count (&gt;1) of examples; default all
 * @param seed downsampling seed; default 42
 * @param encoding the file's text encoding; default utf-8
 * @param keepBio keep B-/I- tag prefixes instead of merging them; default false
 */
public record DatasetRequest(String dataset, String textColumn, String pairColumn, String labelColumn, String task,
        Double downsample, Long seed, String encoding, Boolean keepBio) {

    /** Fills defaults and checks values. */
    public DatasetRequest {
        if (dataset == null || dataset.isBlank()) {
            throw new IllegalArgumentException("dataset needs a catalogue name (see 'lmwb datasets') or a file path");
        }
        textColumn = blankToNull(textColumn);
        pairColumn = blankToNull(pairColumn);
        labelColumn = blankToNull(labelColumn);
        task = blankToNull(task);
        downsample = downsample == null ? 1.0 : downsample;
        seed = seed == null ? 42L : seed;
        encoding = encoding == null || encoding.isBlank() ? "utf-8" : encoding;
        keepBio = keepBio != null && keepBio;
    }

    /** @return the dataset options this request asks for */
    public DatasetOptions options() {
        return new DatasetOptions(textColumn, pairColumn, labelColumn, task, !keepBio, seed, downsample, encoding);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
