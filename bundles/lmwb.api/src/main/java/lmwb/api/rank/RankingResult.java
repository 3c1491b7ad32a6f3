package lmwb.api.rank;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;

/**
 * The result of one ranking run.
 *
 * @param id the stored result's id (its folder name under {@code LMWB_HOME/results})
 * @param dataset the dataset's name
 * @param datasetHash its content hash
 * @param taskType its task type (display name)
 * @param samples the number of samples scored (words for token tasks)
 * @param aggregation the layer aggregation
 * @param rankings one ranking per estimator, in the requested order
 * @param probe when validated: the probe's scores per model ({@code layer index → score}, plus the layer mean
 *     under key 0)
 * @param notes what users should know: truncated inputs, dropped rows, downsampling
 * @param totalSeconds wall time of the whole run
 * @param directory where the result is stored
 * @param provenance how to reproduce it
 */
public record RankingResult(String id, String dataset, String datasetHash, String taskType, int samples,
        LayerAggregation aggregation, List<EstimatorRanking> rankings, Map<String, Map<Integer, Double>> probe,
        List<String> notes, double totalSeconds, Path directory, Provenance provenance) {

    /** Freezes the lists. */
    public RankingResult {
        rankings = List.copyOf(rankings);
        notes = List.copyOf(notes);
    }
}
