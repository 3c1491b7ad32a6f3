package lmwb.encoders.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;
import lmwb.common.json.Json;

/**
 * What the Spark driver embeds and where it puts the result: the workbench writes it as JSON, the driver
 * ({@code lmwb.spark.driver.SparkEmbedDriver}, same classes on its class path) reads it. The cache key is computed
 * here, by the embedding service, so the driver's entry is the one a local run would have written.
 *
 * @param master the Spark master URL
 * @param model the model's reference (for messages and the manifest)
 * @param weightFormat {@code ONNX} or {@code SAFETENSORS}
 * @param weights the weights file
 * @param tokenizer the tokenizer file
 * @param config the model's {@code config.json}, or {@code null}
 * @param modelHash the artifact's content hash
 * @param inputs what to embed, in the order of the rows wanted
 * @param layers layer numbers as requested
 * @param layerMean whether to add the mean over layers 1..L
 * @param subwordPooling sub-words to word
 * @param sentencePooling words to input
 * @param pairEncoding how pairs are tokenized
 * @param batchSize inputs per forward pass within a task
 * @param datasetHash the dataset's content hash (recorded in the entry)
 * @param cacheKey the embedding-cache key of the entry to write
 * @param cacheFolder the embedding cache's folder
 * @param workFolder a folder every executor and the driver can reach (a Hadoop file system URI), where tasks put
 *     their per-layer matrices before the driver assembles them
 */
public record SparkEmbeddingJob(String master, String model, String weightFormat, String weights, String tokenizer,
        String config, String modelHash, List<EmbeddingInput> inputs, List<Integer> layers, boolean layerMean,
        SubwordPooling subwordPooling, SentencePooling sentencePooling, PairEncoding pairEncoding, int batchSize,
        String datasetHash, String cacheKey, String cacheFolder, String workFolder) {

    /** Checks that nothing required is missing (a hand-written or truncated job file). */
    public SparkEmbeddingJob {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(modelHash, "modelHash");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(layers, "layers");
        Objects.requireNonNull(cacheKey, "cacheKey");
        Objects.requireNonNull(cacheFolder, "cacheFolder");
        Objects.requireNonNull(workFolder, "workFolder");
        inputs = List.copyOf(inputs);
        layers = List.copyOf(layers);
    }

    /**
     * @param master the Spark master URL
     * @param artifact the resolved model
     * @param request what to embed
     * @param datasetHash the dataset's hash
     * @param cacheKey the entry's key
     * @param cacheFolder the cache's folder
     * @param workFolder the shared work folder URI
     * @return the job
     */
    public static SparkEmbeddingJob of(String master, ModelArtifact artifact, EmbeddingRequest request, String datasetHash,
            String cacheKey, Path cacheFolder, String workFolder) {
        return new SparkEmbeddingJob(master, artifact.reference(), artifact.format().name(),
                artifact.weights().toAbsolutePath().toString(), artifact.tokenizer().toAbsolutePath().toString(),
                artifact.config() == null ? null : artifact.config().toAbsolutePath().toString(), artifact.contentHash(),
                request.inputs(), request.layers(), request.layerMean(), request.subwordPooling(),
                request.sentencePooling(), request.pairEncoding(), request.batchSize(), datasetHash, cacheKey,
                cacheFolder.toAbsolutePath().toString(), workFolder);
    }

    /**
     * @param weights where the weights are (on an executor: the copy Spark shipped)
     * @param tokenizer where the tokenizer is
     * @param config where the configuration is, or {@code null}
     * @return the model as an artifact at those paths, with this job's reference and hash
     */
    public ModelArtifact artifact(Path weights, Path tokenizer, Path config) {
        return new ModelArtifact(model, "spark", ModelArtifact.WeightFormat.valueOf(weightFormat), weights, tokenizer,
                config, modelHash);
    }

    /**
     * @param inputs some of this job's inputs
     * @return the request that embeds them as this job asks
     */
    public EmbeddingRequest request(List<EmbeddingInput> inputs) {
        return new EmbeddingRequest(inputs, layers, layerMean, subwordPooling, sentencePooling, pairEncoding, batchSize);
    }

    /**
     * Writes the jobs of one driver run (one Spark application embeds them one after the other).
     *
     * @param jobs the jobs, at least one, all on one master
     * @param file where to write them, as a JSON array
     * @throws IOException when it cannot be written
     */
    public static void write(List<SparkEmbeddingJob> jobs, Path file) throws IOException {
        if (jobs.isEmpty() || jobs.stream().map(SparkEmbeddingJob::master).distinct().count() != 1) {
            throw new IllegalArgumentException("one driver run embeds at least one job, all on one Spark master");
        }
        Files.writeString(file, Json.COMPACT.toJson(jobs), StandardCharsets.UTF_8);
    }

    /**
     * @param file jobs written by {@link #write(List, Path)}
     * @return the jobs, in the order written
     * @throws IOException when it cannot be read or does not hold jobs
     */
    public static List<SparkEmbeddingJob> read(Path file) throws IOException {
        try {
            SparkEmbeddingJob[] jobs = Json.COMPACT.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                    SparkEmbeddingJob[].class);
            if (jobs == null || jobs.length == 0 || Arrays.asList(jobs).contains(null)) {
                throw new IOException(file + " holds no embedding jobs");
            }
            return List.of(jobs);
        } catch (RuntimeException e) { // Gson: malformed JSON, or a required field missing (the constructor refused it)
            throw new IOException(file + " is not a list of embedding jobs: " + e.getMessage(), e);
        }
    }
}
