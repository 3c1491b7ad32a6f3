package lmwb.diagnostics.difficulty;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import lmwb.api.Provenance;
import lmwb.api.capability.Capability;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.capability.RunContext;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.diagnostics.DatasetDiagnostic;
import lmwb.api.diagnostics.DiagnosedDataset;
import lmwb.api.diagnostics.DiagnosticData;
import lmwb.api.diagnostics.DifficultyRequest;
import lmwb.api.diagnostics.DifficultyResult;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.results.ResultStore;
import lmwb.common.svg.SvgPlot;
import lmwb.diagnostics.core.ClassificationDiagnostic;
import lmwb.diagnostics.core.DiagnosedData;
import lmwb.diagnostics.core.LayerProbes;
import lmwb.diagnostics.core.OutOfFoldProbe;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code difficulty}: V-usable information of a dataset for the linear-probe family on frozen embeddings — PVI of
 * every example out of fold ({@link PointwiseInformation}), its mean (the dataset's V-information), per class and
 * per layer — with the probe's penalty chosen by cross-validated log-loss inside the training folds
 * ({@link OutOfFoldProbe}).
 */
@Component(service = {DatasetDiagnostic.class, Capability.class},
        property = {Capability.NAME + "=" + DifficultyDiagnostic.NAME})
public class DifficultyDiagnostic extends ClassificationDiagnostic<DifficultyRequest, DifficultyResult> {
    /** The diagnostic's name. */
    public static final String NAME = "difficulty";

    /**
     * @param catalog datasets
     * @param embeddings models and the embedding cache
     * @param store where results go
     * @param provenance fills versions, host, user, options and seed
     */
    @Activate
    public DifficultyDiagnostic(@Reference DatasetCatalog catalog, @Reference EmbeddingService embeddings,
            @Reference ResultStore store, @Reference ProvenanceRecorder provenance) {
        super(NAME, "dataset difficulty as V-usable information in bits (pointwise, per class, per layer) with a calibrated "
                + "linear probe", DifficultyRequest.class, catalog, embeddings, store, provenance);
    }

    @Override
    public DifficultyResult run(DifficultyRequest request, RunContext context) throws Exception {
        DiagnosticData d = request.data();
        DiagnosedData data = loadEmbedded(d, 2, context);
        List<String> notes = new ArrayList<>(data.notes());
        int[] labels = data.classes();
        int classes = data.classCount();
        Map<String, OutOfFoldProbe.Result> probes = LayerProbes.run(data, LayerProbes.keys(data, d.layer(), request.byLayer()),
                d.folds(), d.seed(), NAME + " probes", context);
        Map<String, Double> byLayer = new LinkedHashMap<>();
        probes.forEach((key, r) -> byLayer.put(key, PointwiseInformation.mean(PointwiseInformation.pvi(r, labels))));
        String layer = d.layer().equals(DiagnosticData.BEST) ? LayerProbes.best(probes, labels) : data.layerKey(d.layer());
        if (d.layer().equals(DiagnosticData.BEST)) {
            notes.add("--layer best: layer " + layer + " holds the most V-information");
        }
        OutOfFoldProbe.Result probe = probes.get(layer);
        double[] pvi = PointwiseInformation.pvi(probe, labels);
        DiagnosedDataset ds = data.describe();
        Map<String, Double> perClass = new LinkedHashMap<>();
        for (int c = 0; c < classes; c++) {
            int cc = c;
            double[] of = IntStream.range(0, labels.length).filter(i -> labels[i] == cc).mapToDouble(i -> pvi[i]).toArray();
            if (of.length > 0) {
                perClass.put(ds.label(c), PointwiseInformation.mean(of));
            }
        }
        int correct = 0;
        List<DifficultyResult.Pvi> examples = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            int predicted = 0;
            for (int c = 1; c < classes; c++) {
                if (probe.p(i, c) > probe.p(i, predicted)) {
                    predicted = c;
                }
            }
            correct += predicted == labels[i] ? 1 : 0;
            examples.add(new DifficultyResult.Pvi(i, pvi[i], ds.label(labels[i]), ds.label(predicted), data.text(i)));
        }
        examples.sort(Comparator.comparingDouble(DifficultyResult.Pvi::pvi).thenComparingInt(DifficultyResult.Pvi::index));
        double v = PointwiseInformation.mean(pvi);
        double accuracy = (double) correct / labels.length;
        double entropy = PointwiseInformation.labelEntropy(labels, classes);
        List<Double> l2 = java.util.Arrays.stream(probe.lambdas()).boxed().toList();
        Provenance built = provenance(request, context, data).config("layer", layer)
                .config("lambdas", java.util.Arrays.toString(OutOfFoldProbe.LAMBDAS))
                .config("inner_folds", OutOfFoldProbe.INNER_FOLDS).build();
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (byLayer.size() > 1) {
            files.put(DifficultyResult.PLOT, plot(ds.name(), data.models(), byLayer).getBytes(StandardCharsets.UTF_8));
        }
        String summary = String.format(java.util.Locale.ROOT, "%s %s: %.3f bits of %.3f (%s, layer %s, probe accuracy %.3f)", NAME,
                ds.name(), v, entropy, String.join("+", data.models()), layer, accuracy);
        return store(DifficultyResult.KIND, id -> new DifficultyResult(id, DifficultyResult.KIND, ds, data.models(), layer, v,
                perClass, request.byLayer() ? byLayer : Map.of(), entropy, accuracy, l2, request.lowest(), examples, notes, built),
                summary, ds, data.models(), context, files);
    }

    private static String plot(String dataset, List<String> models, Map<String, Double> byLayer) {
        List<Map.Entry<String, Double>> layers = byLayer.entrySet().stream().filter(e -> !e.getKey().equals(DiagnosticData.MEAN))
                .sorted(Comparator.comparingInt(e -> Integer.parseInt(e.getKey()))).toList();
        double[] x = new double[layers.size()];
        double[] y = new double[layers.size()];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            x[i] = layers.size() == 1 ? 1 : (double) i / (layers.size() - 1);
            y[i] = layers.get(i).getValue();
            names.add("layer " + layers.get(i).getKey());
        }
        String model = String.join("+", models);
        List<SvgPlot.Series> series = List.of(new SvgPlot.Series(model, x, y, model, false, names));
        return SvgPlot.lines(List.of(new SvgPlot.LineChart(dataset + " — V-information per layer", "relative depth (layer / L)",
                "bits", Map.of(0.0, "first layer", 1.0, "last layer"), series, Double.NaN, Double.NaN)));
    }
}
