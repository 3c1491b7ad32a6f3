package lmwb.shell.diagnostics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lmwb.api.diagnostics.CartographyResult;
import lmwb.api.diagnostics.ConflictsResult;
import lmwb.api.diagnostics.DifficultyResult;
import lmwb.api.diagnostics.DivergenceResult;
import lmwb.api.diagnostics.LabelIssuesResult;
import lmwb.api.results.StoredResult;
import lmwb.shell.Render;

/** The tables of the dataset diagnostics' results (registered in {@code lmwb.shell.core.Views}). */
public final class DiagnosticViews {
    /** Issues, PVI rows and conflicts the tables list at most ({@code --json} has them all). */
    static final int LISTED = 20;
    private static final int TEXT = 60;

    private DiagnosticViews() {
    }

    /**
     * @param r a label-issues result
     * @param stored where it is stored, or null
     * @return its table
     */
    public static String labelIssues(LabelIssuesResult r, StoredResult stored) {
        StringBuilder sb = new StringBuilder();
        sb.append("Label issues in ").append(r.dataset().name()).append(" — ").append(r.count()).append(" of ")
                .append(r.dataset().examples()).append(" examples (").append(r.method().name().toLowerCase(Locale.ROOT))
                .append(r.calibrated() ? ", calibrated" : "").append("; ").append(r.source()).append(")\n\n");
        List<List<Object>> perClass = new ArrayList<>();
        r.perClass().forEach((label, n) -> perClass.add(List.of(label, n, Render.number(r.thresholds().getOrDefault(label, Double.NaN)))));
        sb.append(Render.table(List.of("GIVEN LABEL", "ISSUES", "THRESHOLD"), perClass)).append('\n');
        if (!r.issues().isEmpty()) {
            List<List<Object>> rows = new ArrayList<>();
            r.issues().stream().limit(LISTED).forEach(i -> rows.add(List.of(i.index(), i.given(), i.suggested(),
                    Render.number(i.score()), i.text() == null ? "" : shorten(i.text()))));
            sb.append('\n').append(Render.table(List.of("INDEX", "GIVEN", "SUGGESTED", "SCORE", "TEXT"), rows)).append('\n');
            if (r.issues().size() > LISTED) {
                sb.append("(").append(r.issues().size() - LISTED).append(" more in --json)\n");
            }
        }
        return finish(sb, r.notes(), stored);
    }

    /**
     * @param r a difficulty result
     * @param stored where it is stored, or null
     * @return its table
     */
    public static String difficulty(DifficultyResult r, StoredResult stored) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "V-information of %s with %s (layer %s): %.4f bits of H(Y) = %.4f; probe accuracy %.4f%n%n",
                r.dataset().name(), String.join("+", r.models()), r.layer(), r.vInformationBits(), r.labelEntropyBits(), r.probeAccuracy()));
        List<List<Object>> classes = new ArrayList<>();
        r.perClass().forEach((label, v) -> classes.add(List.of(label, Render.number(v))));
        sb.append(Render.table(List.of("LABEL", "MEAN PVI (BITS)"), classes)).append('\n');
        if (!r.byLayer().isEmpty()) {
            List<List<Object>> layers = new ArrayList<>();
            r.byLayer().forEach((layer, v) -> layers.add(List.of(layer, Render.number(v))));
            sb.append('\n').append(Render.table(List.of("LAYER", "V-INFORMATION (BITS)"), layers)).append('\n');
        }
        List<List<Object>> rows = new ArrayList<>();
        r.examples().stream().limit(r.lowest()).forEach(e -> rows.add(List.of(e.index(), Render.number(e.pvi()), e.label(), e.predicted(),
                shorten(e.text()))));
        if (!rows.isEmpty()) {
            sb.append("\nlowest PVI (likely mislabelled or ambiguous; --json has all ").append(r.examples().size()).append("):\n")
                    .append(Render.table(List.of("INDEX", "PVI", "LABEL", "PROBE SAYS", "TEXT"), rows)).append('\n');
        }
        return finish(sb, r.notes(), stored);
    }

    /**
     * @param r a divergence result
     * @param stored where it is stored, or null
     * @return its table
     */
    public static String divergence(DivergenceResult r, StoredResult stored) {
        StringBuilder sb = new StringBuilder();
        sb.append("Label-pair JS divergence of ").append(r.dataset().name()).append(" (").append(r.tokens())
                .append(", add-one smoothing, bits; lower = harder to tell apart)\n\n");
        List<List<Object>> rows = new ArrayList<>();
        r.pairs().forEach(p -> rows.add(List.of(p.labelA(), p.labelB(), String.format(Locale.ROOT, "%.4f", p.jsDivergenceBits()),
                p.vocabulary())));
        sb.append(Render.table(List.of("LABEL A", "LABEL B", "JS (BITS)", "VOCABULARY"), rows)).append('\n');
        return finish(sb, r.notes(), stored);
    }

    /**
     * @param r a conflicts result
     * @param stored where it is stored, or null
     * @return its table
     */
    public static String conflicts(ConflictsResult r, StoredResult stored) {
        StringBuilder sb = new StringBuilder();
        sb.append("Label conflicts in ").append(r.dataset().name()).append(r.against() == null ? "" : " vs " + r.against().name())
                .append(": ").append(r.exact()).append(" exact, ").append(r.near()).append(" near duplicates")
                .append(Double.isNaN(r.threshold()) ? "" : String.format(Locale.ROOT, " (cosine >= %.2f, %s)", r.threshold(),
                        String.join("+", r.models()))).append('\n');
        if (!r.perLabelPair().isEmpty()) {
            List<List<Object>> pairs = new ArrayList<>();
            for (Map.Entry<String, Integer> e : r.perLabelPair().entrySet()) {
                pairs.add(List.of(e.getKey(), e.getValue()));
            }
            sb.append('\n').append(Render.table(List.of("LABELS", "CONFLICTS"), pairs)).append('\n');
            List<List<Object>> rows = new ArrayList<>();
            r.conflicts().stream().limit(LISTED).forEach(c -> rows.add(List.of(c.sourceA() + "#" + c.indexA(), c.labelA(),
                    shorten(c.textA()), c.sourceB() + "#" + c.indexB(), c.labelB(), shorten(c.textB()),
                    c.exact() ? "exact" : String.format(Locale.ROOT, "%.3f", c.cosine()))));
            sb.append('\n').append(Render.table(List.of("A", "LABEL A", "TEXT A", "B", "LABEL B", "TEXT B", "COSINE"), rows)).append('\n');
        }
        return finish(sb, r.notes(), stored);
    }

    /**
     * @param r a cartography result
     * @param stored where it is stored, or null
     * @return its table: regions, then each region's most typical examples
     */
    public static String cartography(CartographyResult r, StoredResult stored) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Data map of %s (training %s, seed %d, %d epochs): mean confidence %.4f, mean "
                + "variability %.4f%n%n", r.dataset().name(), r.run(), r.seed(), r.epochs(), r.meanConfidence(), r.meanVariability()));
        List<List<Object>> regions = new ArrayList<>();
        r.regions().forEach((region, n) -> regions.add(List.of(region, n)));
        sb.append(Render.table(List.of("REGION", "EXAMPLES"), regions)).append('\n');
        Map<String, Comparator<CartographyResult.Point>> typical = new LinkedHashMap<>();
        typical.put(CartographyResult.EASY, Comparator.comparingDouble(p -> -p.confidence()));
        typical.put(CartographyResult.AMBIGUOUS, Comparator.comparingDouble(p -> -p.variability()));
        typical.put(CartographyResult.HARD, Comparator.comparingDouble(CartographyResult.Point::confidence));
        typical.forEach((region, order) -> {
            List<List<Object>> rows = new ArrayList<>();
            r.examples().stream().filter(p -> p.region().equals(region)).sorted(order).limit(r.listed())
                    .forEach(p -> rows.add(List.of(p.index(), p.label(), Render.number(p.confidence()), Render.number(p.variability()),
                            Render.number(p.correctness()), shorten(p.text()))));
            if (!rows.isEmpty()) {
                sb.append('\n').append(region).append(":\n").append(Render.table(List.of("INDEX", "LABEL", "CONFIDENCE", "VARIABILITY",
                        "CORRECTNESS", "TEXT"), rows)).append('\n');
            }
        });
        if (stored != null) {
            sb.append("plot: ").append(stored.directory().resolve(CartographyResult.PLOT)).append('\n');
        }
        return finish(sb, r.notes(), stored);
    }

    private static String finish(StringBuilder sb, List<String> notes, StoredResult stored) {
        notes.forEach(n -> sb.append("note: ").append(n).append('\n'));
        if (stored != null) {
            sb.append("result: ").append(stored.id());
        }
        return sb.toString().stripTrailing();
    }

    private static String shorten(String text) {
        String t = text.replaceAll("\\s+", " ").strip();
        return t.length() <= TEXT ? t : t.substring(0, TEXT - 1) + "…";
    }
}
