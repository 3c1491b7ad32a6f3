package lmwb.api.training;

import java.util.List;
import java.util.Locale;
import lmwb.api.data.DatasetOptions;
import lmwb.api.encoder.SentencePooling;

/**
 * What to train and how: the {@code train} command's request, one component per long option ({@code --head-lr}
 * ↔ {@code headLr} ↔ JSON {@code head_lr}). Every component is boxed so that {@code null} means "not given"; the
 * compact constructor fills the defaults and checks every value. Learning rates: one per language model (a single
 * value applies to all), plus the head's, which also applies to the combiner's own parameters.
 *
 * @param dataset a dataset name or file (required)
 * @param models model references, one or more (required)
 * @param combine the name of the combiner service that combines the models: {@code concat}, {@code mean},
 *     {@code dme} (default) or a plug-in's ({@code concat} of one model is that model's vector; {@code mean}/{@code dme}
 *     project even a single model)
 * @param head a head name, or {@code auto} (default) for the dataset's task type
 * @param lr encoder learning rates, per model or one for all (default 2e-5); used only when fine-tuning
 * @param headLr the head's and combiner's learning rate (default 1e-3)
 * @param epochs maximum epochs (default 3)
 * @param batchSize examples per step (default 16)
 * @param maxLength longest token sequence when fine-tuning (default 128)
 * @param downsample fraction (0, 1] or count (&gt; 1) of the dataset to keep (default 1: all)
 * @param seed the first run's seed; run {@code k} uses {@code seed + k} (default 42)
 * @param encoding the dataset file's text encoding (default UTF-8), as canonical charset name after checking
 * @param runs how many runs (seeds) to report mean ± std over (default 1)
 * @param frozen whether the encoders stay frozen: combiner and head train on cached embeddings (default false)
 * @param patience epochs without dev improvement before stopping (default 2)
 * @param metric the dev metric that selects the best epoch, or {@code auto} (default)
 * @param sentencePooling {@link SentencePooling#MEAN} (default), {@link SentencePooling#CLS} or
 *     {@link SentencePooling#MAX}: how one vector is pooled from a sentence's token vectors
 * @param layer the layer to pool (a number, negative counts from the end; default {@code -1}) or {@code mean} for
 *     the mean over layers
 * @param dropout hidden and attention dropout of the encoders when fine-tuning, or {@code null} (default) for each
 *     model's own (from its config.json, else 0.1)
 * @param combineDropout dropout on the combined vector (default 0)
 * @param noLayerNorm whether DME leaves out its shared LayerNorm on the projected vectors (default false)
 * @param warmup fraction of the steps with linear warm-up, then linear decay to 0 (default 0.1)
 * @param weightDecay AdamW weight decay (default 0.01)
 * @param clipNorm gradient clipping, global L2 norm (default 5.0)
 * @param out a folder that receives a copy of the stored run's checkpoints ({@code out/seed-<seed>}), or {@code null};
 *     the trainer itself writes each run's best checkpoint to this folder when it is given
 * @param device {@code cpu} (default) or {@code gpu}: where the encoders, combiner and head compute (frozen embeddings too)
 * @param dynamics record the training dynamics (classification only): after every epoch, each training example's
 *     probability of its gold label and whether the model predicts it, stored beside each run's checkpoint as
 *     {@value TrainingDynamics#FILE}, the input of the {@code cartography} diagnostic (default false)
 */
public record TrainingRequest(String dataset, List<String> models, String combine, String head, List<Double> lr,
        Double headLr, Integer epochs, Integer batchSize, Integer maxLength, Double downsample, Long seed,
        String encoding, Integer runs, Boolean frozen, Integer patience, String metric,
        SentencePooling sentencePooling, String layer, Double dropout, Double combineDropout, Boolean noLayerNorm,
        Double warmup, Double weightDecay, Double clipNorm, String out, String device, Boolean dynamics) {

    /** The device training runs on unless told otherwise: the CPU, as for {@code embed} and {@code rank}. */
    public static final String DEFAULT_DEVICE = "cpu";

    /** The sentence poolings training offers. */
    public static final List<SentencePooling> POOLINGS = List.of(SentencePooling.MEAN, SentencePooling.CLS,
            SentencePooling.MAX);

    /**
     * Fills defaults and checks the request.
     *
     * @throws IllegalArgumentException with one line naming the option that is missing or out of range
     */
    public TrainingRequest {
        if (dataset == null || dataset.isBlank()) {
            throw new IllegalArgumentException("give --dataset (a name from 'datasets' or a file)");
        }
        models = models == null ? List.of() : List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("give --models m1[,m2,...] (see 'models')");
        }
        combine = combine == null ? "dme" : combine.trim().toLowerCase(Locale.ROOT);
        if (combine.isEmpty()) {
            throw new IllegalArgumentException("give --combine NAME (concat, mean, dme or an installed plug-in's)");
        }
        head = head == null || head.isBlank() ? "auto" : head.trim();
        lr = lr == null || lr.isEmpty() ? List.of(2e-5) : List.copyOf(lr);
        headLr = headLr == null ? 1e-3 : headLr;
        epochs = epochs == null ? 3 : epochs;
        batchSize = batchSize == null ? 16 : batchSize;
        maxLength = maxLength == null ? 128 : maxLength;
        downsample = downsample == null ? 1.0 : downsample;
        seed = seed == null ? 42L : seed;
        encoding = DatasetOptions.toCharset(encoding).name();
        runs = runs == null ? 1 : runs;
        frozen = frozen != null && frozen;
        patience = patience == null ? 2 : patience;
        metric = metric == null || metric.isBlank() ? "auto" : metric.trim();
        sentencePooling = sentencePooling == null ? SentencePooling.MEAN : sentencePooling;
        if (!POOLINGS.contains(sentencePooling)) {
            throw new IllegalArgumentException("--sentence-pooling must be mean, cls or max for training, got "
                    + sentencePooling.name().toLowerCase(Locale.ROOT));
        }
        layer = layer == null || layer.isBlank() ? "-1" : layer.trim().toLowerCase(Locale.ROOT);
        if (!layer.equals("mean")) {
            try {
                Integer.parseInt(layer);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--layer '" + layer + "' must be a layer number or 'mean'");
            }
        }
        combineDropout = combineDropout == null ? 0.0 : combineDropout;
        noLayerNorm = noLayerNorm != null && noLayerNorm;
        warmup = warmup == null ? 0.1 : warmup;
        weightDecay = weightDecay == null ? 0.01 : weightDecay;
        clipNorm = clipNorm == null ? 5.0 : clipNorm;
        out = out == null || out.isBlank() ? null : out;
        device = device == null ? DEFAULT_DEVICE : device.trim().toLowerCase(Locale.ROOT);
        dynamics = dynamics != null && dynamics;
        if (!device.equals("cpu") && !device.equals("gpu")) {
            throw new IllegalArgumentException("unknown device '" + device + "'; use cpu or gpu");
        }
        if (dropout != null && !(dropout >= 0 && dropout < 1) || !(combineDropout >= 0 && combineDropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1); got --dropout " + dropout
                    + " and --combine-dropout " + combineDropout);
        }
        if (lr.size() != 1 && lr.size() != models.size()) {
            throw new IllegalArgumentException("give one learning rate for all models or one per model: "
                    + models.size() + " models but " + lr.size() + " rates " + lr);
        }
        if (epochs < 1 || batchSize < 1 || runs < 1 || patience < 1 || maxLength < 3) {
            throw new IllegalArgumentException("epochs, batch size, runs and patience must be >= 1 and max length >= 3; "
                    + "got epochs " + epochs + ", batch size " + batchSize + ", runs " + runs + ", patience "
                    + patience + ", max length " + maxLength);
        }
        if (!(headLr > 0) || lr.stream().anyMatch(r -> !(r > 0))) {
            throw new IllegalArgumentException("learning rates must be > 0, got --lr " + lr + " and --head-lr " + headLr);
        }
        if (warmup < 0 || warmup >= 1) {
            throw new IllegalArgumentException("--warmup must be a fraction in [0, 1), got " + warmup);
        }
    }

    /**
     * The defaults for a dataset and models: DME, auto head, lr 2e-5, head lr 1e-3, 3 epochs, batch 16, max length
     * 128, all data, seed 42, one run, fine-tuned, patience 2, auto metric, mean pooling of the last layer, the
     * model's dropout, no combine dropout, LayerNorm on, 10 % warm-up, weight decay 0.01, clipping 5.0, no output
     * folder, CPU.
     *
     * @param dataset the dataset
     * @param models the models
     * @return the request
     */
    public static TrainingRequest defaults(String dataset, List<String> models) {
        return new TrainingRequest(dataset, models, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** @return the pooling's lowercase name as checkpoints ({@code model.json}) and provenance record it */
    public String pooling() {
        return sentencePooling.name().toLowerCase(Locale.ROOT);
    }

    /** @return the layer to pool, or {@code null} for the mean over layers */
    public Integer layerIndex() {
        return layer.equals("mean") ? null : Integer.valueOf(layer);
    }

    /** @return whether DME uses its shared LayerNorm */
    public boolean layerNorm() {
        return !noLayerNorm;
    }

    /** @return the encoders' dropout, or {@code NaN} for each model's own */
    public double encoderDropout() {
        return dropout == null ? Double.NaN : dropout;
    }

    /**
     * @param model index of a model
     * @return its learning rate
     */
    public double learningRate(int model) {
        return lr.size() == 1 ? lr.get(0) : lr.get(model);
    }

    /**
     * @param r per model rates
     * @param headRate head rate
     * @return a copy
     */
    public TrainingRequest withLearningRates(List<Double> r, double headRate) {
        return new TrainingRequest(dataset, models, combine, head, r, headRate, epochs, batchSize, maxLength,
                downsample, seed, encoding, runs, frozen, patience, metric, sentencePooling, layer, dropout,
                combineDropout, noLayerNorm, warmup, weightDecay, clipNorm, out, device, dynamics);
    }

    /**
     * @param method the combiner's name
     * @param headName head
     * @param isFrozen frozen encoders
     * @return a copy
     */
    public TrainingRequest withSetup(String method, String headName, boolean isFrozen) {
        return new TrainingRequest(dataset, models, method, headName, lr, headLr, epochs, batchSize, maxLength,
                downsample, seed, encoding, runs, isFrozen, patience, metric, sentencePooling, layer, dropout,
                combineDropout, noLayerNorm, warmup, weightDecay, clipNorm, out, device, dynamics);
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
        return new TrainingRequest(dataset, models, combine, head, lr, headLr, nEpochs, batch, length, sample,
                firstSeed, encoding, nRuns, frozen, wait, metricName, sentencePooling, layer, dropout, combineDropout,
                noLayerNorm, warmup, weightDecay, clipNorm, out, device, dynamics);
    }

    /**
     * @param pooling pooling: mean, cls or max
     * @param layerIndex layer or {@code null} for the layer mean
     * @param encoderDropout dropout, {@code NaN} for each model's own
     * @param dropoutOnCombined combine dropout
     * @param norm LayerNorm
     * @return a copy
     */
    public TrainingRequest withEncoding(String pooling, Integer layerIndex, double encoderDropout,
            double dropoutOnCombined, boolean norm) {
        return new TrainingRequest(dataset, models, combine, head, lr, headLr, epochs, batchSize, maxLength,
                downsample, seed, encoding, runs, frozen, patience, metric, SentencePooling.parse(pooling),
                layerIndex == null ? "mean" : layerIndex.toString(),
                Double.isNaN(encoderDropout) ? null : encoderDropout, dropoutOnCombined, !norm, warmup, weightDecay,
                clipNorm, out, device, dynamics);
    }

    /**
     * @param dir the folder checkpoints go to, or {@code null}
     * @return a copy
     */
    public TrainingRequest withOut(String dir) {
        return new TrainingRequest(dataset, models, combine, head, lr, headLr, epochs, batchSize, maxLength,
                downsample, seed, encoding, runs, frozen, patience, metric, sentencePooling, layer, dropout,
                combineDropout, noLayerNorm, warmup, weightDecay, clipNorm, dir, device, dynamics);
    }

    /**
     * @param name {@code cpu} or {@code gpu}
     * @return a copy
     */
    public TrainingRequest withDevice(String name) {
        return new TrainingRequest(dataset, models, combine, head, lr, headLr, epochs, batchSize, maxLength,
                downsample, seed, encoding, runs, frozen, patience, metric, sentencePooling, layer, dropout,
                combineDropout, noLayerNorm, warmup, weightDecay, clipNorm, out, name, dynamics);
    }

    /**
     * @param name the dataset file's encoding, or {@code null} for UTF-8
     * @return a copy
     * @throws IllegalArgumentException when the encoding is unknown
     */
    public TrainingRequest withDatasetEncoding(String name) {
        return new TrainingRequest(dataset, models, combine, head, lr, headLr, epochs, batchSize, maxLength,
                downsample, seed, name, runs, frozen, patience, metric, sentencePooling, layer, dropout,
                combineDropout, noLayerNorm, warmup, weightDecay, clipNorm, out, device, dynamics);
    }

    /**
     * @param record whether to record the training dynamics
     * @return a copy
     */
    public TrainingRequest withDynamics(boolean record) {
        return new TrainingRequest(dataset, models, combine, head, lr, headLr, epochs, batchSize, maxLength,
                downsample, seed, encoding, runs, frozen, patience, metric, sentencePooling, layer, dropout,
                combineDropout, noLayerNorm, warmup, weightDecay, clipNorm, out, device, record);
    }
}
