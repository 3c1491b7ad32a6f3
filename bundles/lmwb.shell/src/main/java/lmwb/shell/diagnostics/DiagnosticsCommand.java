package lmwb.shell.diagnostics;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import lmwb.api.TaskType;
import lmwb.api.diagnostics.DatasetDiagnostic;
import lmwb.shell.Render;
import lmwb.shell.core.Invocation;
import lmwb.shell.core.Options;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code lmwb:diagnostics} lists the dataset diagnostics installed; {@code labelissues}, {@code difficulty},
 * {@code divergence} and {@code conflicts} run the {@code label-issues}, {@code difficulty}, {@code divergence} and
 * {@code conflicts} capabilities (options → request record → capability → table or stored JSON). Gogo finds a
 * command's method by its name, so the Gogo command of {@code label-issues} is spelled {@code labelissues}.
 */
@Component(service = DiagnosticsCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=diagnostics",
        "osgi.command.function=labelissues", "osgi.command.function=difficulty", "osgi.command.function=divergence",
        "osgi.command.function=conflicts", "osgi.command.function=cartography"})
public class DiagnosticsCommand {
    private final Invocation invocation;
    private final Map<ServiceReference<?>, DatasetDiagnostic<?, ?>> diagnostics = new ConcurrentSkipListMap<>();

    /** @param invocation runs capabilities */
    @Activate
    public DiagnosticsCommand(@Reference Invocation invocation) {
        this.invocation = invocation;
    }

    /**
     * @param ref a diagnostic's service reference
     * @param diagnostic the diagnostic
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addDiagnostic(ServiceReference<DatasetDiagnostic<?, ?>> ref, DatasetDiagnostic<?, ?> diagnostic) {
        diagnostics.put(ref, diagnostic);
    }

    /** @param ref a diagnostic leaving */
    public void removeDiagnostic(ServiceReference<DatasetDiagnostic<?, ?>> ref) {
        diagnostics.remove(ref);
    }

    /**
     * Lists the diagnostics installed.
     *
     * @param json print JSON
     * @return the listing
     */
    @Descriptor("list the dataset diagnostics installed (name, description, tasks, whether it needs models, providing bundle)")
    public String diagnostics(
            @Descriptor("print a JSON array instead of a table") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        List<Map<String, Object>> rows = new ArrayList<>();
        diagnostics.forEach((ref, d) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", d.name());
            row.put("description", d.description());
            row.put("tasks", d.supportedTasks().stream().sorted().map(TaskType::displayName).toList());
            row.put("needs_models", d.needsModels());
            Bundle b = ref.getBundle();
            row.put("bundle", b == null ? "?" : b.getSymbolicName() + " " + b.getVersion());
            rows.add(row);
        });
        rows.sort(Comparator.comparing(r -> (String) r.get("name")));
        if (json) {
            return Render.json(rows);
        }
        if (rows.isEmpty()) {
            return "no dataset diagnostics installed";
        }
        List<List<Object>> cells = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            cells.add(List.of(r.get("name"), r.get("description"), (boolean) r.get("needs_models") ? "yes" : "no", r.get("bundle")));
        }
        return Render.table(List.of("NAME", "DESCRIPTION", "MODELS", "BUNDLE"), cells);
    }

    /**
     * {@code label-issues}.
     *
     * @return the issues table or JSON
     * @throws Exception on failure
     */
    @Descriptor("probable label errors by confident learning, from the dataset and models (out-of-fold probe) or --pred-probs/--labels")
    public String labelissues(
            @Descriptor("dataset name (see 'datasets') or file path; default: the built-in default dataset") @Parameter(names = "--dataset", absentValue = "") String dataset,
            @Descriptor("comma-separated models whose embeddings feed the probe (concatenated); default: the first built-in model") @Parameter(names = "--models", absentValue = "") String models,
            @Descriptor("layer: mean (default), best, or a number (-1 = last, 1 = first)") @Parameter(names = "--layer", absentValue = "") String layer,
            @Descriptor("folds of the out-of-fold probe (default 5)") @Parameter(names = "--folds", absentValue = "") String folds,
            @Descriptor("seed of downsampling and folds (default 42)") @Parameter(names = "--seed", absentValue = "") String seed,
            @Descriptor("out-of-sample probabilities, an N x C .npy (instead of --dataset/--models)") @Parameter(names = "--pred-probs", absentValue = "") String predProbs,
            @Descriptor("the given labels, an .npy of N class numbers (with --pred-probs)") @Parameter(names = "--labels", absentValue = "") String labels,
            @Descriptor("published (default), prune_by_noise_rate, prune_by_class, both, confident_learning, predicted_neq_given") @Parameter(names = "--method", absentValue = "") String method,
            @Descriptor("order of the issues for methods other than published: self_confidence (default) or normalized_margin") @Parameter(names = "--rank-by", absentValue = "") String rankBy,
            @Descriptor("calibrate the confident joint (not with --method published)") @Parameter(names = "--calibrate", presentValue = "true", absentValue = "") String calibrate,
            @Descriptor("keep a fraction (0,1] or a count (>1) of examples, stratified; default all") @Parameter(names = "--downsample", absentValue = "") String downsample,
            @Descriptor("text column") @Parameter(names = "--text-column", absentValue = "") String textColumn,
            @Descriptor("second text column for pair tasks") @Parameter(names = "--pair-column", absentValue = "") String pairColumn,
            @Descriptor("label column") @Parameter(names = "--label-column", absentValue = "") String labelColumn,
            @Descriptor("task type override") @Parameter(names = "--task", absentValue = "") String task,
            @Descriptor("text encoding of the dataset file (default utf-8)") @Parameter(names = "--encoding", absentValue = "") String encoding,
            @Descriptor("words -> sentence pooling: mean (default), first, last, weighted_mean, cls, max") @Parameter(names = "--sentence-pooling", absentValue = "") String sentencePooling,
            @Descriptor("sub-words -> word pooling: mean (default), first, last") @Parameter(names = "--subword-pooling", absentValue = "") String subwordPooling,
            @Descriptor("pair encoding: native (default) or join") @Parameter(names = "--pair-encoding", absentValue = "") String pairEncoding,
            @Descriptor("sentences per forward pass (default 32)") @Parameter(names = "--batch-size", absentValue = "") String batchSize,
            @Descriptor("cpu (default) or gpu") @Parameter(names = "--device", absentValue = "") String device,
            @Descriptor("read the request from this JSON file; options given here override it") @Parameter(names = "--request", absentValue = "") String request,
            @Descriptor("print the stored result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "") String json)
            throws Exception {
        return run("label-issues", "labelissues", dataset, models, layer, folds, seed, predProbs, labels, method, rankBy,
                calibrate, downsample, textColumn, pairColumn, labelColumn, task, encoding, sentencePooling, subwordPooling, pairEncoding,
                batchSize, device, request, json);
    }

    /**
     * {@code difficulty}.
     *
     * @return the V-information tables or JSON
     * @throws Exception on failure
     */
    @Descriptor("dataset difficulty: V-usable information in bits (per example, per class, per layer) with a calibrated linear probe")
    public String difficulty(
            @Descriptor("dataset name (see 'datasets') or file path; default: the built-in default dataset") @Parameter(names = "--dataset", absentValue = "") String dataset,
            @Descriptor("comma-separated models (concatenated); default: the first built-in model") @Parameter(names = "--models", absentValue = "") String models,
            @Descriptor("layer of the headline figures: mean (default), best, or a number (-1 = last, 1 = first)") @Parameter(names = "--layer", absentValue = "") String layer,
            @Descriptor("folds (default 5)") @Parameter(names = "--folds", absentValue = "") String folds,
            @Descriptor("seed of downsampling and folds (default 42)") @Parameter(names = "--seed", absentValue = "") String seed,
            @Descriptor("also every layer's V-information, the curve (one probe per layer; implied by --layer best)") @Parameter(names = "--by-layer", presentValue = "true", absentValue = "") String byLayer,
            @Descriptor("lowest-PVI examples listed in the table (default 20; --json has all)") @Parameter(names = "--lowest", absentValue = "") String lowest,
            @Descriptor("keep a fraction (0,1] or a count (>1) of examples, stratified; default all") @Parameter(names = "--downsample", absentValue = "") String downsample,
            @Descriptor("text column") @Parameter(names = "--text-column", absentValue = "") String textColumn,
            @Descriptor("second text column for pair tasks") @Parameter(names = "--pair-column", absentValue = "") String pairColumn,
            @Descriptor("label column") @Parameter(names = "--label-column", absentValue = "") String labelColumn,
            @Descriptor("task type override") @Parameter(names = "--task", absentValue = "") String task,
            @Descriptor("text encoding of the dataset file (default utf-8)") @Parameter(names = "--encoding", absentValue = "") String encoding,
            @Descriptor("words -> sentence pooling: mean (default), first, last, weighted_mean, cls, max") @Parameter(names = "--sentence-pooling", absentValue = "") String sentencePooling,
            @Descriptor("sub-words -> word pooling: mean (default), first, last") @Parameter(names = "--subword-pooling", absentValue = "") String subwordPooling,
            @Descriptor("pair encoding: native (default) or join") @Parameter(names = "--pair-encoding", absentValue = "") String pairEncoding,
            @Descriptor("sentences per forward pass (default 32)") @Parameter(names = "--batch-size", absentValue = "") String batchSize,
            @Descriptor("cpu (default) or gpu") @Parameter(names = "--device", absentValue = "") String device,
            @Descriptor("read the request from this JSON file; options given here override it") @Parameter(names = "--request", absentValue = "") String request,
            @Descriptor("print the stored result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "") String json)
            throws Exception {
        return run("difficulty", "difficulty", dataset, models, layer, folds, seed, byLayer, lowest, downsample, textColumn,
                pairColumn, labelColumn, task, encoding, sentencePooling, subwordPooling, pairEncoding, batchSize, device, request, json);
    }

    /**
     * {@code divergence}.
     *
     * @return the label-pair table or JSON
     * @throws Exception on failure
     */
    @Descriptor("label-pair Jensen-Shannon divergence (bits, add-one smoothed unigrams); lower = harder to tell apart; no model needed")
    public String divergence(
            @Descriptor("dataset name (see 'datasets') or file path; default: the built-in default dataset") @Parameter(names = "--dataset", absentValue = "") String dataset,
            @Descriptor("tokens: words (default: lowercased runs of letters and digits) or model (the sub-word tokens of --models' tokenizer)") @Parameter(names = "--tokens", absentValue = "") String tokens,
            @Descriptor("with --tokens model: the model whose tokenizer splits the texts (default: the first built-in model)") @Parameter(names = "--models", absentValue = "") String models,
            @Descriptor("keep a fraction (0,1] or a count (>1) of examples, stratified; default all") @Parameter(names = "--downsample", absentValue = "") String downsample,
            @Descriptor("seed for downsampling (default 42)") @Parameter(names = "--seed", absentValue = "") String seed,
            @Descriptor("text column") @Parameter(names = "--text-column", absentValue = "") String textColumn,
            @Descriptor("second text column for pair tasks (its words count too)") @Parameter(names = "--pair-column", absentValue = "") String pairColumn,
            @Descriptor("label column") @Parameter(names = "--label-column", absentValue = "") String labelColumn,
            @Descriptor("task type override") @Parameter(names = "--task", absentValue = "") String task,
            @Descriptor("text encoding of the dataset file (default utf-8)") @Parameter(names = "--encoding", absentValue = "") String encoding,
            @Descriptor("read the request from this JSON file; options given here override it") @Parameter(names = "--request", absentValue = "") String request,
            @Descriptor("print the stored result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "") String json)
            throws Exception {
        return run("divergence", "divergence", dataset, tokens, models, downsample, seed, textColumn, pairColumn, labelColumn, task,
                encoding, request, json);
    }

    /**
     * {@code conflicts}.
     *
     * @return the conflicts table or JSON
     * @throws Exception on failure
     */
    @Descriptor("exact and near-duplicate texts with different labels, within a dataset or across two (--against)")
    public String conflicts(
            @Descriptor("dataset name (see 'datasets') or file path; default: the built-in default dataset") @Parameter(names = "--dataset", absentValue = "") String dataset,
            @Descriptor("a second dataset with the same label names: conflicts across the two") @Parameter(names = "--against", absentValue = "") String against,
            @Descriptor("comma-separated models for near duplicates (concatenated); default: the first built-in model") @Parameter(names = "--models", absentValue = "") String models,
            @Descriptor("layer: mean (default) or a number (-1 = last, 1 = first)") @Parameter(names = "--layer", absentValue = "") String layer,
            @Descriptor("cosine similarity at or above which texts are near duplicates (default 0.95)") @Parameter(names = "--threshold", absentValue = "") String threshold,
            @Descriptor("exact duplicates only (no model)") @Parameter(names = "--exact-only", presentValue = "true", absentValue = "") String exactOnly,
            @Descriptor("seed for downsampling (default 42)") @Parameter(names = "--seed", absentValue = "") String seed,
            @Descriptor("keep a fraction (0,1] or a count (>1) of each dataset's examples; default all") @Parameter(names = "--downsample", absentValue = "") String downsample,
            @Descriptor("text column") @Parameter(names = "--text-column", absentValue = "") String textColumn,
            @Descriptor("second text column for pair tasks") @Parameter(names = "--pair-column", absentValue = "") String pairColumn,
            @Descriptor("label column") @Parameter(names = "--label-column", absentValue = "") String labelColumn,
            @Descriptor("task type override") @Parameter(names = "--task", absentValue = "") String task,
            @Descriptor("text encoding of the dataset files (default utf-8)") @Parameter(names = "--encoding", absentValue = "") String encoding,
            @Descriptor("words -> sentence pooling: mean (default), first, last, weighted_mean, cls, max") @Parameter(names = "--sentence-pooling", absentValue = "") String sentencePooling,
            @Descriptor("sub-words -> word pooling: mean (default), first, last") @Parameter(names = "--subword-pooling", absentValue = "") String subwordPooling,
            @Descriptor("pair encoding: native (default) or join") @Parameter(names = "--pair-encoding", absentValue = "") String pairEncoding,
            @Descriptor("sentences per forward pass (default 32)") @Parameter(names = "--batch-size", absentValue = "") String batchSize,
            @Descriptor("cpu (default) or gpu") @Parameter(names = "--device", absentValue = "") String device,
            @Descriptor("read the request from this JSON file; options given here override it") @Parameter(names = "--request", absentValue = "") String request,
            @Descriptor("print the stored result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "") String json)
            throws Exception {
        return run("conflicts", "conflicts", dataset, against, models, layer, threshold, exactOnly, seed, downsample, textColumn,
                pairColumn, labelColumn, task, encoding, sentencePooling, subwordPooling, pairEncoding, batchSize, device, request, json);
    }

    /**
     * {@code cartography}.
     *
     * @return the data map's regions and typical examples, or JSON
     * @throws Exception on failure
     */
    @Descriptor("data map of a training run recorded with 'train --dynamics': confidence, variability, correctness; easy-to-learn, ambiguous and hard-to-learn examples; a plot")
    public String cartography(
            @Descriptor("which run of the training, by its seed (default: its first run)") @Parameter(names = "--seed", absentValue = "") String seed,
            @Descriptor("each region's share of the examples, at most 1/3 (default 0.33, the paper's subsets)") @Parameter(names = "--fraction", absentValue = "") String fraction,
            @Descriptor("examples the table lists per region (default 10; --json has all)") @Parameter(names = "--listed", absentValue = "") String listed,
            @Descriptor("read the request from this JSON file; options given here override it") @Parameter(names = "--request", absentValue = "") String request,
            @Descriptor("print the stored result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "") String json,
            @Descriptor("the training result's id (see 'results --kind training'), trained with --dynamics") String run)
            throws Exception {
        return run("cartography", "cartography", Options.given().option("--run", run), seed, fraction, listed, request, json);
    }

    /**
     * The one path of every diagnostic command: the calling Gogo method's option values, in the order it declares
     * its {@link Parameter}s, paired with their option names (the options given reach the request; {@code --request}
     * and {@code --json} are how to run and render it), then run through {@link Invocation}.
     *
     * @param capability the capability's name, e.g. {@code label-issues}
     * @param function the Gogo function that declares the options, e.g. {@code labelissues}
     * @param values its arguments, in declaration order
     * @return the rendered result
     * @throws Exception on failure
     */
    private String run(String capability, String function, String... values) throws Exception {
        return run(capability, function, Options.given(), values);
    }

    /**
     * @param capability the capability's name
     * @param function the Gogo function that declares the options
     * @param given the options already known (a positional argument's)
     * @param values its {@link Parameter} arguments, in declaration order
     * @return the rendered result
     * @throws Exception on failure
     */
    private String run(String capability, String function, Options given, String... values) throws Exception {
        List<String> names = optionNames(function);
        if (names.size() != values.length) {
            throw new IllegalStateException(function + " declares " + names.size() + " options but passed " + values.length);
        }
        String request = "";
        String json = "";
        for (int i = 0; i < values.length; i++) {
            switch (names.get(i)) {
                case "--request" -> request = values[i];
                case "--json" -> json = values[i];
                default -> given.option(names.get(i), values[i]);
            }
        }
        return invocation.call(capability, given).request(request).render(json);
    }

    /**
     * @param function a command method of this class
     * @return the first name of each of its {@link Parameter}s, in order
     */
    static List<String> optionNames(String function) {
        for (Method m : DiagnosticsCommand.class.getMethods()) {
            if (m.getName().equals(function)) {
                List<String> names = new ArrayList<>();
                for (Annotation[] annotations : m.getParameterAnnotations()) {
                    for (Annotation a : annotations) {
                        if (a instanceof Parameter p) {
                            names.add(p.names()[0]);
                        }
                    }
                }
                return names;
            }
        }
        throw new IllegalStateException("no command method " + function);
    }
}
