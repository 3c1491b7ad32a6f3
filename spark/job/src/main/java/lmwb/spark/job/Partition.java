package lmwb.spark.job;

import java.io.Serializable;

/**
 * One Spark task's share of the inputs: a run of neighbours in length order, so that the task's batches are dense.
 *
 * @param index the partition's number (0-based)
 * @param rows the inputs' positions in the job, in the order they are embedded and written
 * @param inputs the inputs themselves, as a JSON array of {@code EmbeddingInput}
 */
public record Partition(int index, int[] rows, String inputs) implements Serializable {
    private static final long serialVersionUID = 1L;
}
