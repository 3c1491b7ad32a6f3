package lmwb.shell.training;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.training.Prediction;
import lmwb.api.training.Predictor;
import lmwb.shell.Render;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code lmwb:predict}: labels or scores from a training checkpoint, with each model's DME weight. */
@Component(service = PredictCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=predict"})
public class PredictCommand {
    @Reference
    private Predictor predictor;

    /**
     * Predicts.
     *
     * @return a table or JSON
     * @throws Exception on failure
     */
    @Descriptor("predict with a checkpoint written by 'train --out': labels (with probabilities) or scores, and for DME "
            + "each model's weight per input")
    public String predict(
            @Descriptor("checkpoint folder (with model.json), or a 'train --out' folder holding one seed-* checkpoint") @Parameter(names = "--checkpoint", absentValue = "") String checkpoint,
            @Descriptor("one input; for pair tasks the two texts separated by a tab or ' ||| '") @Parameter(names = "--text", absentValue = "") String text,
            @Descriptor("a UTF-8 file with one input per line (pairs separated by a tab)") @Parameter(names = "--file", absentValue = "") String file,
            @Descriptor("print the result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("cpu (default) or gpu") @Parameter(names = "--device", absentValue = "cpu") String device)
            throws Exception {
        if (checkpoint.isBlank()) {
            throw new IllegalArgumentException("give --checkpoint DIR (a folder written by 'train --out')");
        }
        List<String> lines = new ArrayList<>();
        if (!text.isBlank()) {
            lines.add(text);
        }
        if (!file.isBlank()) {
            Path f = Path.of(file);
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException("--file " + file + " does not exist");
            }
            Files.readAllLines(f, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).forEach(lines::add);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("give --text \"...\" or --file F with inputs");
        }
        List<EmbeddingInput> inputs = new ArrayList<>();
        for (String l : lines) {
            String[] parts = l.contains("\t") ? l.split("\t", 2) : l.split(" \\|\\|\\| ", 2);
            inputs.add(parts.length == 2 ? EmbeddingInput.pair(parts[0], parts[1]) : EmbeddingInput.text(l));
        }
        List<Prediction> predictions = predictor.predict(Path.of(checkpoint), inputs, device);
        if (json) {
            return Render.json(predictions);
        }
        List<String> models = predictions.isEmpty() ? List.of() : new ArrayList<>(predictions.get(0).modelWeights().keySet());
        List<String> headers = new ArrayList<>(List.of("input", "prediction", "score"));
        models.forEach(m -> headers.add("α " + m));
        List<List<Object>> rows = new ArrayList<>();
        for (Prediction p : predictions) {
            String label = p.labels().isEmpty() ? "" : String.join(" ", p.labels());
            double score = p.scores().length == 0 ? Double.NaN
                    : p.labels().size() == 1 ? max(p.scores()) : p.scores()[0];
            List<Object> row = new ArrayList<>(List.of(abbreviate(p.text()), label, Render.number(score)));
            Map<String, Double> w = new LinkedHashMap<>(p.modelWeights());
            models.forEach(m -> row.add(Render.number(w.get(m))));
            rows.add(row);
        }
        return Render.table(headers, rows);
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
