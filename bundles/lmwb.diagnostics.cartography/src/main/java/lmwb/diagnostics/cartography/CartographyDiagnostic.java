package lmwb.diagnostics.cartography;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lmwb.api.Provenance;
import lmwb.api.capability.Capability;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.capability.RunContext;
import lmwb.api.diagnostics.CartographyRequest;
import lmwb.api.diagnostics.CartographyResult;
import lmwb.api.diagnostics.DatasetDiagnostic;
import lmwb.api.diagnostics.DiagnosedDataset;
import lmwb.api.results.ResultStore;
import lmwb.api.results.StoredResult;
import lmwb.api.training.TrainingDynamics;
import lmwb.api.training.TrainingResult;
import lmwb.common.json.Json;
import lmwb.common.svg.SvgPlot;
import lmwb.diagnostics.core.ClassificationDiagnostic;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code cartography}: the data map of a training run recorded with {@code train --dynamics} ({@link DataMap}) —
 * confidence, variability and correctness of every training example, its region, and the map as a plot.
 */
@Component(service = {DatasetDiagnostic.class, Capability.class},
        property = {Capability.NAME + "=" + CartographyDiagnostic.NAME})
public class CartographyDiagnostic extends ClassificationDiagnostic<CartographyRequest, CartographyResult> {
    /** The diagnostic's name. */
    public static final String NAME = "cartography";

    /**
     * @param store where the training runs are read from and results go
     * @param provenance fills versions, host, user, options and seed
     */
    @Activate
    public CartographyDiagnostic(@Reference ResultStore store, @Reference ProvenanceRecorder provenance) {
        super(NAME, "data maps of a training run (train --dynamics): confidence, variability, correctness; easy / ambiguous / "
                + "hard-to-learn examples", CartographyRequest.class, null, null, store, provenance);
    }

    @Override
    public CartographyResult run(CartographyRequest request, RunContext context) throws Exception {
        StoredResult training = store.find(request.run()).orElseThrow(() -> new IllegalArgumentException("no result '"
                + request.run() + "'; run 'results --kind training' to see the training runs"));
        if (!training.kind().equals(TrainingResult.KIND)) {
            throw new IllegalArgumentException("result " + training.id() + " is a " + training.kind() + " result; cartography needs a "
                    + "training run recorded with 'train ... --dynamics' (see 'results --kind training')");
        }
        JsonObject trained = JsonParser.parseString(store.document(training.id())).getAsJsonObject();
        List<Long> seeds = new ArrayList<>();
        trained.getAsJsonArray("runs").forEach(r -> seeds.add(r.getAsJsonObject().get("seed").getAsLong()));
        List<String> models = new ArrayList<>();
        if (trained.has("request") && trained.getAsJsonObject("request").has("models")) {
            trained.getAsJsonObject("request").getAsJsonArray("models").forEach(m -> models.add(m.getAsString()));
        }
        long seed = request.seed() != null ? request.seed() : seeds.get(0);
        if (!seeds.contains(seed)) {
            throw new IllegalArgumentException("training " + training.id() + " has no run with seed " + seed + "; its runs' seeds: "
                    + seeds);
        }
        TrainingDynamics dynamics;
        try {
            dynamics = Json.COMPACT.fromJson(Files.readString(store.file(training.id(), TrainingDynamics.file(seed)),
                    StandardCharsets.UTF_8), TrainingDynamics.class);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("training " + training.id() + " was run without --dynamics, so it recorded no "
                    + "training dynamics; train again with --dynamics", e);
        }
        if (dynamics.examples().isEmpty() || dynamics.epochs() < 1) {
            throw new IllegalArgumentException("training " + training.id() + " recorded no epochs of dynamics");
        }
        List<String> notes = new ArrayList<>();
        if (dynamics.epochs() < 3) {
            notes.add("only " + dynamics.epochs() + " epoch(s) recorded: variability needs several epochs to mean much (the paper "
                    + "maps runs of several epochs)");
        }
        List<DataMap.Coordinates> points = dynamics.examples().stream().map(DataMap::coordinates).toList();
        String[] regions = DataMap.regions(points, request.fraction());
        DiagnosedDataset ds = new DiagnosedDataset(dynamics.dataset(), dynamics.datasetHash(), dynamics.task(),
                dynamics.examples().size(), dynamics.labels());
        List<CartographyResult.Point> examples = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String r : List.of(CartographyResult.EASY, CartographyResult.AMBIGUOUS, CartographyResult.HARD, CartographyResult.OTHER)) {
            counts.put(r, 0);
        }
        double meanConfidence = 0;
        double meanVariability = 0;
        for (int i = 0; i < points.size(); i++) {
            DataMap.Coordinates c = points.get(i);
            TrainingDynamics.Example e = dynamics.examples().get(i);
            examples.add(new CartographyResult.Point(i, e.text(), ds.label(e.gold()), c.confidence(), c.variability(), c.correctness(),
                    regions[i]));
            counts.merge(regions[i], 1, Integer::sum);
            meanConfidence += c.confidence() / points.size();
            meanVariability += c.variability() / points.size();
        }
        Provenance built = provenance(request, context, null).input("training", training.id())
                .input(ProvenanceRecorder.DATASET, dynamics.datasetHash()).seed(seed).config("fraction", request.fraction()).build();
        Map<String, byte[]> files = Map.of(CartographyResult.PLOT, plot(ds.name(), training.id(), examples)
                .getBytes(StandardCharsets.UTF_8));
        String summary = String.format(Locale.ROOT, "%s %s (training %s, seed %d, %d epochs): %d easy, %d ambiguous, %d hard-to-learn",
                NAME, ds.name(), training.id(), seed, dynamics.epochs(), counts.get(CartographyResult.EASY),
                counts.get(CartographyResult.AMBIGUOUS), counts.get(CartographyResult.HARD));
        double mc = meanConfidence;
        double mv = meanVariability;
        return store(CartographyResult.KIND, id -> new CartographyResult(id, CartographyResult.KIND, ds, training.id(), seed,
                dynamics.epochs(), request.fraction(), counts, mc, mv, examples, request.listed(), notes, built), summary, ds,
                models, context, files);
    }

    /** The data map: variability (x) against confidence (y), one point per example coloured by region. */
    static String plot(String dataset, String run, List<CartographyResult.Point> examples) {
        double[][] xy = new double[examples.size()][];
        String[] groups = new String[examples.size()];
        String[] names = new String[examples.size()];
        for (int i = 0; i < examples.size(); i++) {
            CartographyResult.Point p = examples.get(i);
            xy[i] = new double[] {p.variability(), p.confidence()};
            groups[i] = p.region();
            names[i] = String.format(Locale.ROOT, "#%d %s: %s (correctness %.2f)", p.index(), p.label(),
                    p.text().length() > 80 ? p.text().substring(0, 79) + "…" : p.text(), p.correctness());
        }
        return SvgPlot.scatter("Data map of " + dataset + " (training " + run + ")", "variability", "confidence", xy, groups, names);
    }
}
