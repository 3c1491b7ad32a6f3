package lmwb.api.analysis;

import java.nio.file.Path;
import java.util.List;

/**
 * A stored analysis result.
 *
 * @param kind {@code similarity}, {@code clusters} or {@code prune}
 * @param id the id under which the result store keeps it
 * @param directory the stored result's folder ({@code result.json} and plots)
 * @param summary one line for listings
 * @param json the result document (the same as {@code result.json})
 * @param files the names of the further files stored beside {@code result.json} (plots, matrices)
 */
public record AnalysisResult(String kind, String id, Path directory, String summary, String json, List<String> files) {

    /** Freezes the file list. */
    public AnalysisResult {
        files = List.copyOf(files);
    }
}
