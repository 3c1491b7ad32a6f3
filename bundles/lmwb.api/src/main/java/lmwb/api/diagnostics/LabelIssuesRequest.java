package lmwb.api.diagnostics;

import java.util.List;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;

/**
 * The request of {@code label-issues}: a dataset with models (out-of-fold probabilities of a seeded k-fold linear
 * probe on their embeddings), or probabilities the user already has ({@code --pred-probs P.npy --labels y.npy}).
 * {@code null} = not given; the compact constructor fills the defaults. The dataset options are those of
 * {@link DiagnosticData}.
 *
 * @param dataset dataset name or file (not with --pred-probs)
 * @param models models whose embeddings feed the probe; default: the built-in models' first
 * @param layer mean (default), best, or a layer number
 * @param folds probe folds; default 5
 * @param seed seed; default 42
 * @param predProbs out-of-sample probabilities, N × C {@code .npy} (float32 or float64)
 * @param labels the given labels, N integers {@code .npy} (with --pred-probs)
 * @param method which examples are issues; default {@link LabelIssueMethod#PUBLISHED}
 * @param rankBy order of the issues (methods other than published); default self_confidence
 * @param calibrate calibrate the confident joint (methods other than published); default false
 * @param downsample fraction or count of examples kept; default all
 * @param textColumn text column
 * @param pairColumn second text column
 * @param labelColumn label column
 * @param task task type override
 * @param encoding text encoding of a dataset file
 * @param sentencePooling words → sentence
 * @param subwordPooling sub-words → word
 * @param pairEncoding native or join
 * @param batchSize sentences per forward pass
 * @param device cpu or gpu
 */
public record LabelIssuesRequest(String dataset, List<String> models, String layer, Integer folds, Long seed,
        String predProbs, String labels, LabelIssueMethod method, IssueRanking rankBy, Boolean calibrate,
        Double downsample, String textColumn, String pairColumn, String labelColumn, String task, String encoding,
        SentencePooling sentencePooling, SubwordPooling subwordPooling, PairEncoding pairEncoding, Integer batchSize,
        String device) {

    /** Fills defaults and checks values. */
    public LabelIssuesRequest {
        dataset = blankToNull(dataset);
        models = models == null ? List.of() : List.copyOf(models);
        layer = DiagnosticData.checkLayer(layer);
        folds = folds == null ? 5 : folds;
        seed = seed == null ? 42L : seed;
        predProbs = blankToNull(predProbs);
        labels = blankToNull(labels);
        method = method == null ? LabelIssueMethod.PUBLISHED : method;
        rankBy = rankBy == null ? IssueRanking.SELF_CONFIDENCE : rankBy;
        calibrate = calibrate != null && calibrate;
        downsample = downsample == null ? 1.0 : downsample;
        encoding = encoding == null || encoding.isBlank() ? "utf-8" : encoding;
        sentencePooling = sentencePooling == null ? SentencePooling.MEAN : sentencePooling;
        subwordPooling = subwordPooling == null ? SubwordPooling.MEAN : subwordPooling;
        pairEncoding = pairEncoding == null ? PairEncoding.NATIVE : pairEncoding;
        batchSize = batchSize == null ? 32 : batchSize;
        device = device == null || device.isBlank() ? "cpu" : device;
        DiagnosticData.check(folds, downsample, batchSize);
        if ((predProbs == null) != (labels == null)) {
            throw new IllegalArgumentException("--pred-probs and --labels go together: give both (N x C probabilities and N "
                    + "integer labels) or neither (then --dataset and --models)");
        }
        if (predProbs != null && (dataset != null || !models.isEmpty())) {
            throw new IllegalArgumentException("give either --pred-probs/--labels or --dataset/--models, not both");
        }
        if (method == LabelIssueMethod.PUBLISHED && calibrate) {
            throw new IllegalArgumentException("--calibrate does not apply to --method published (it counts issues from the "
                    + "uncalibrated confident joint); choose another --method or drop --calibrate");
        }
    }

    /** @return whether the probabilities are given (no dataset, no models) */
    public boolean givenProbabilities() {
        return predProbs != null;
    }

    /** @return the shared dataset and embedding options */
    public DiagnosticData data() {
        return new DiagnosticData(dataset, models, layer, folds, seed, downsample, textColumn, pairColumn, labelColumn, task,
                encoding, sentencePooling, subwordPooling, pairEncoding, batchSize, device);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
