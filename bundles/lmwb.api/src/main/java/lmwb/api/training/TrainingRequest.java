package lmwb.api.training;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import lmwb.api.data.DatasetOptions;

/**
 * What to train and how. Learning rates: one per language model (a single value applies to all), plus
 * the head's, which also applies to the multi-encoder's own projection and attention parameters.
 *
 * @param dataset a dataset name or file
 * @param models model references, one or more
 * @param combine the name of the combiner service that combines the models: {@code concat}, {@code mean},
 *     {@code dme} or a plug-in's ({@code concat} of one model is that model's vector; {@code mean}/{@code dme}
 *     project even a single model)
 * @param head a head name, or {@code auto} for the dataset's task type
 * @param learningRates per model (or one for all); used only when fine-tuning
 * @param headLearningRate the head's and combiner's learning rate
 * @param epochs maximum epochs
 * @param batchSize examples per step
 * @param maxLength longest token sequence when fine-tuning
 * @param downsample fraction (0, 1] or count (&gt; 1) of the dataset to keep
 * @param seed the first run's seed; run {@code k} uses {@code seed + k}
 * @param runs how many runs (seeds) to report mean ± std over
 * @param frozen whether the encoders stay frozen (combiner and head train on cached embeddings)
 * @param patience epochs without dev improvement before stopping
 * @param metric the dev metric that selects the best epoch, or {@code auto}
 * @param pooling {@code cls}, {@code mean} or {@code max}
 * @param layer the layer to pool (negative counts from the end) or {@code null} for the mean over layers
 * @param dropout hidden and attention dropout of the encoders when fine-tuning, or {@code NaN} for the
 *     model's own ({@code hidden_dropout_prob} and {@code attention_probs_dropout_prob} of its config.json)
 * @param combineDropout dropout on the combined vector
 * @param layerNorm whether DME uses a shared LayerNorm (eps 1e-3) on the projected vectors
 * @param warmup fraction of the steps with linear warm-up (then linear decay to 0)
 * @param weightDecay AdamW weight decay
 * @param clipNorm gradient clipping (global L2 norm)
 * @param outDir where to write each run's best checkpoint ({@code outDir/seed-<seed>}), or {@code null}
 * @param datasetEncoding the canonical charset name the dataset file is read in (see
 *     {@link DatasetOptions#toCharset(String)}); {@code null} means UTF-8
 * @param device {@code cpu} or {@code gpu}: where the encoders, combiner and head compute (frozen embeddings too)
 */
public record TrainingRequest(String dataset, List<String> models, String combine, String head,
        List<Double> learningRates, double headLearningRate, int epochs, int batchSize, int maxLength,
        double downsample, long seed, int runs, boolean frozen, int patience, String metric, String pooling,
        Integer layer, double dropout, double combineDropout, boolean layerNorm, double warmup, double weightDecay,
        double clipNorm, String outDir, String datasetEncoding, String device) {

    /**
     * Validates the request.
     *
     * @throws IllegalArgumentException naming the value that is out of range, or an unknown encoding
     */
    public TrainingRequest {
        datasetEncoding = DatasetOptions.toCharset(datasetEncoding).name();
        Objects.requireNonNull(dataset, "dataset");
        models = List.copyOf(models);
        learningRates = List.copyOf(learningRates);
        Objects.requireNonNull(combine, "combine");
        combine = combine.trim().toLowerCase(Locale.ROOT);
        if (combine.isEmpty()) {
            throw new IllegalArgumentException("give --combine NAME (concat, mean, dme or an installed plug-in's)");
        }
        Objects.requireNonNull(device, "device");
        device = device.trim().toLowerCase(Locale.ROOT);
        if (!device.equals("cpu") && !device.equals("gpu")) {
            throw new IllegalArgumentException("unknown device '" + device + "'; use cpu or gpu");
        }
        if (!Double.isNaN(dropout) && !(dropout >= 0 && dropout < 1) || !(combineDropout >= 0 && combineDropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1); got --dropout " + dropout
                    + " and --combine-dropout " + combineDropout);
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("give at least one model with --models");
        }
        if (learningRates.size() != 1 && learningRates.size() != models.size()) {
            throw new IllegalArgumentException("give one learning rate for all models or one per model: "
                    + models.size() + " models but " + learningRates.size() + " rates " + learningRates);
        }
        if (epochs < 1 || batchSize < 1 || runs < 1 || patience < 1 || maxLength < 3) {
            throw new IllegalArgumentException("epochs, batch size, runs and patience must be >= 1 and max length >= 3; "
                    + "got epochs " + epochs + ", batch size " + batchSize + ", runs " + runs + ", patience "
                    + patience + ", max length " + maxLength);
        }
        if (!(headLearningRate > 0) || learningRates.stream().anyMatch(r -> !(r > 0))) {
            throw new IllegalArgumentException("learning rates must be > 0, got " + learningRates + " and head "
                    + headLearningRate);
        }
        if (warmup < 0 || warmup >= 1) {
            throw new IllegalArgumentException("warm-up must be a fraction in [0, 1), got " + warmup);
        }
    }

    /** The device training runs on unless told otherwise: the CPU, as for {@code embed} and {@code rank}. */
    public static final String DEFAULT_DEVICE = "cpu";

    /**
     * The defaults: DME, auto head, lr 2e-5, head lr 1e-3, 3 epochs, batch 16, max length 128, all data,
     * seed 42, one run, fine-tuned, patience 2, auto metric, mean pooling of the last layer, the model's dropout,
     * no combine dropout, LayerNorm on, 10 % warm-up, weight decay 0.01, clipping 5.0, no output folder, CPU.
     *
     * @param dataset the dataset
     * @param models the models
     * @return the request
     */
    public static TrainingRequest defaults(String dataset, List<String> models) {
        return new TrainingRequest(dataset, models, "dme", "auto", List.of(2e-5), 1e-3, 3, 16, 128, 1.0,
                42L, 1, false, 2, "auto", "mean", -1, Double.NaN, 0.0, true, 0.1, 0.01, 5.0, null, null, DEFAULT_DEVICE);
    }

    /**
     * @param r per model rates
     * @param headLr head rate
     * @return a copy
     */
    public TrainingRequest withLearningRates(List<Double> r, double headLr) {
        return new TrainingRequest(dataset, models, combine, head, r, headLr, epochs, batchSize, maxLength, downsample,
                seed, runs, frozen, patience, metric, pooling, layer, dropout, combineDropout, layerNorm, warmup,
                weightDecay, clipNorm, outDir, datasetEncoding, device);
    }

    /**
     * @param method the combiner's name
     * @param headName head
     * @param isFrozen frozen encoders
     * @return a copy
     */
    public TrainingRequest withSetup(String method, String headName, boolean isFrozen) {
        return new TrainingRequest(dataset, models, method, headName, learningRates, headLearningRate, epochs,
                batchSize, maxLength, downsample, seed, runs, isFrozen, patience, metric, pooling, layer, dropout,
                combineDropout, layerNorm, warmup, weightDecay, clipNorm, outDir, datasetEncoding, device);
    }

    /**
     * @param nEpochs epochs
     * @param batch batch size
     * @param length max length
     * @param sample downsampling
     * @param firstSeed seed
     * @param nRuns runs
     * @param wait patience
     * @param metricName metric
     * @return a copy
     */
    public TrainingRequest withSchedule(int nEpochs, int batch, int length, double sample, long firstSeed, int nRuns,
            int wait, String metricName) {
        return new TrainingRequest(dataset, models, combine, head, learningRates, headLearningRate, nEpochs, batch,
                length, sample, firstSeed, nRuns, frozen, wait, metricName, pooling, layer, dropout, combineDropout,
                layerNorm, warmup, weightDecay, clipNorm, outDir, datasetEncoding, device);
    }

    /**
     * @param poolingName pooling
     * @param layerIndex layer or {@code null} for the layer mean
     * @param encoderDropout dropout
     * @param dropoutOnCombined combine dropout
     * @param norm LayerNorm
     * @return a copy
     */
    public TrainingRequest withEncoding(String poolingName, Integer layerIndex, double encoderDropout,
            double dropoutOnCombined, boolean norm) {
        return new TrainingRequest(dataset, models, combine, head, learningRates, headLearningRate, epochs, batchSize,
                maxLength, downsample, seed, runs, frozen, patience, metric, poolingName, layerIndex, encoderDropout,
                dropoutOnCombined, norm, warmup, weightDecay, clipNorm, outDir, datasetEncoding, device);
    }

    /**
     * @param dir output folder or {@code null}
     * @return a copy
     */
    public TrainingRequest withOutDir(String dir) {
        return new TrainingRequest(dataset, models, combine, head, learningRates, headLearningRate, epochs, batchSize,
                maxLength, downsample, seed, runs, frozen, patience, metric, pooling, layer, dropout, combineDropout,
                layerNorm, warmup, weightDecay, clipNorm, dir, datasetEncoding, device);
    }

    /**
     * @param name {@code cpu} or {@code gpu}
     * @return a copy
     */
    public TrainingRequest withDevice(String name) {
        return new TrainingRequest(dataset, models, combine, head, learningRates, headLearningRate, epochs, batchSize,
                maxLength, downsample, seed, runs, frozen, patience, metric, pooling, layer, dropout, combineDropout,
                layerNorm, warmup, weightDecay, clipNorm, outDir, datasetEncoding, name);
    }

    /**
     * @param encoding the dataset file's encoding, as the {@code --encoding} option takes it, or {@code null} for UTF-8
     * @return a copy
     * @throws IllegalArgumentException when the encoding is unknown
     */
    public TrainingRequest withDatasetEncoding(String encoding) {
        return new TrainingRequest(dataset, models, combine, head, learningRates, headLearningRate, epochs, batchSize,
                maxLength, downsample, seed, runs, frozen, patience, metric, pooling, layer, dropout, combineDropout,
                layerNorm, warmup, weightDecay, clipNorm, outDir, encoding, device);
    }

    /**
     * @param model index of a model
     * @return its learning rate
     */
    public double learningRate(int model) {
        return learningRates.size() == 1 ? learningRates.get(0) : learningRates.get(model);
    }
}
