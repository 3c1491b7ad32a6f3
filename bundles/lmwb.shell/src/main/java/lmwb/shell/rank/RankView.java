package lmwb.shell.rank;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lmwb.api.rank.Correlation;
import lmwb.api.rank.RankResult;
import lmwb.api.rank.RankResult.EstimatorResult;
import lmwb.api.rank.RankResult.RankedModel;
import lmwb.api.results.StoredResult;
import lmwb.shell.Render;

/** The table of a ranking or validation ({@link RankResult}) for people. */
public final class RankView {
    private RankView() {
    }

    /**
     * @param doc the result
     * @param stored where it is stored (for the plot), or {@code null}
     * @return the tables: per estimator its ranking (with the per-layer table for bestlayer), the agreement with
     *     the probe when validated, the probe's scores, the notes, the time and the id
     */
    public static String table(RankResult doc, StoredResult stored) {
        boolean perLayer = "bestlayer".equals(doc.aggregation());
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Ranking of %s — %s, %d samples, layers: %s%n%n", doc.dataset().name(),
                doc.dataset().task(), doc.dataset().samples(), doc.aggregation()));
        for (EstimatorResult est : doc.estimators()) {
            sb.append("estimator: ").append(est.estimator()).append('\n');
            List<List<Object>> rows = new ArrayList<>();
            for (RankedModel m : est.ranking()) {
                rows.add(List.of(m.rank(), m.model(), m.score(), m.bestLayer() == null ? "–" : (Object) m.bestLayer(),
                        m.layerMeanScore(),
                        m.fromCache() ? "cached" : String.format(Locale.ROOT, "%.1f", m.embedSeconds()),
                        String.format(Locale.ROOT, "%.2f", m.scoreSeconds())));
            }
            sb.append(Render.table(List.of("RANK", "MODEL", "SCORE", "BEST LAYER", "LAYER-MEAN SCORE", "EMBED s", "SCORE s"), rows));
            if (perLayer) {
                sb.append('\n').append(layerTable(est.ranking()));
            }
            if (est.combinations() != null) {
                sb.append('\n').append(combinationsTable(est.estimator(), est.combinations()));
            }
            if (est.bootstrap() != null) {
                sb.append('\n').append(bootstrapTable(est.estimator(), est.bootstrap()));
            }
            if (!est.validation().isEmpty()) {
                sb.append("\nagreement of ").append(est.estimator()).append(" with the linear probe (cross-validated):\n");
                List<List<Object>> vr = new ArrayList<>();
                for (Correlation c : est.validation()) {
                    vr.add(List.of(c.scope(), c.n(), c.pearson(), c.spearman(), c.kendall()));
                }
                sb.append(Render.table(List.of("OVER", "N", "PEARSON", "SPEARMAN", "KENDALL"), vr));
            }
            sb.append('\n');
        }
        if (doc.probeScores() != null && !doc.probeScores().isEmpty()) {
            sb.append("probe scores (layer mean, best layer):\n");
            List<List<Object>> pr = new ArrayList<>();
            for (Map.Entry<String, Map<Integer, Double>> e : doc.probeScores().entrySet()) {
                double best = Double.NEGATIVE_INFINITY;
                String bestLayer = "";
                for (Map.Entry<Integer, Double> l : e.getValue().entrySet()) {
                    if (l.getKey() != 0 && l.getValue() > best) {
                        best = l.getValue();
                        bestLayer = l.getKey().toString();
                    }
                }
                Double mean = e.getValue().get(0);
                pr.add(List.of(e.getKey(), mean == null ? Double.NaN : mean, best, bestLayer));
            }
            sb.append(Render.table(List.of("MODEL", "PROBE(MEAN)", "PROBE(BEST)", "BEST LAYER"), pr)).append('\n');
        }
        for (String n : doc.notes()) {
            sb.append("note: ").append(n).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "total %.1f s; stored as %s", doc.totalSeconds(), doc.resultId()));
        if (stored != null) {
            sb.append("\nplot: ").append(stored.directory().resolve(RankResult.PLOT));
        }
        return sb.toString();
    }

    /**
     * @return the stability of one estimator's ranking: per model (then per layer of the top model) the score, the
     *     bootstrap mean and 95 % interval and how often it came first; a line for every pair that swaps in more
     *     than 5 % of the resamples, or one saying the order held
     */
    static String bootstrapTable(String estimator, RankResult.Bootstrap b) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "stability of %s's ranking: %d bootstrap resamples of the examples (seed %d):%n",
                estimator, b.resamples(), b.seed()));
        sb.append(Render.table(List.of("MODEL", "SCORE", "MEAN", "95 % INTERVAL", "FIRST"), candidateRows(b.models())));
        swapLines(sb, b.unstableModels(), "the order of the models held in at least 95 % of the resamples");
        if (b.layersOf() != null && !b.layers().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "layers of %s (-1 = last layer):%n", b.layersOf()));
            sb.append(Render.table(List.of("LAYER", "SCORE", "MEAN", "95 % INTERVAL", "FIRST"), candidateRows(b.layers())));
            layerSwapLines(sb, b.layers(), b.unstableLayers());
        }
        return sb.toString();
    }

    /** @return the concatenations scored by one estimator, best first, with the gain over their best single model */
    static String combinationsTable(String estimator, List<RankResult.Combination> combinations) {
        List<List<Object>> rows = new ArrayList<>();
        for (RankResult.Combination c : combinations) {
            rows.add(List.of(c.rank(), String.join(" + ", c.models()), c.score(),
                    Double.isNaN(c.gain()) ? "-" : String.format(Locale.ROOT, "%+.4f", c.gain())));
        }
        return estimator + " of concatenated embeddings (each model's layer as --layers chooses it):\n"
                + Render.table(List.of("RANK", "MODELS", "SCORE", "GAIN OVER BEST SINGLE"), rows);
    }

    private static List<List<Object>> candidateRows(List<RankResult.Candidate> candidates) {
        List<List<Object>> rows = new ArrayList<>();
        for (RankResult.Candidate c : candidates) {
            rows.add(List.of(c.name(), c.score(), c.mean(), String.format(Locale.ROOT, "[%.4f, %.4f]", c.low(), c.high()),
                    String.format(Locale.ROOT, "%.0f %%", 100 * c.firstShare())));
        }
        return rows;
    }

    private static void swapLines(StringBuilder sb, List<RankResult.Swap> swaps, String stable) {
        if (swaps.isEmpty()) {
            sb.append(stable).append('\n');
        }
        for (RankResult.Swap w : swaps) {
            sb.append(String.format(Locale.ROOT, "not stable: %s and %s swap in %.0f %% of resamples%n", w.above(), w.below(),
                    100 * w.share()));
        }
    }

    /**
     * Layers come in tens, so most pairs of neighbouring layers swap: only the pairs with the layer that scored best on
     * all examples get a line (they say whether that choice is stable), and one line counts the rest.
     */
    private static void layerSwapLines(StringBuilder sb, List<RankResult.Candidate> layers, List<RankResult.Swap> swaps) {
        String best = layers.stream().max((p, q) -> Double.compare(p.score(), q.score())).map(RankResult.Candidate::name)
                .orElse(null);
        List<RankResult.Swap> withBest = swaps.stream().filter(w -> w.above().equals(best) || w.below().equals(best)).toList();
        if (swaps.isEmpty()) {
            sb.append("the order of its layers held in at least 95 % of the resamples\n");
            return;
        }
        if (withBest.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "layer %s stayed above every other layer in at least 95 %% of the resamples%n",
                    best));
        }
        swapLines(sb, withBest, "");
        int others = swaps.size() - withBest.size();
        if (others > 0) {
            sb.append(String.format(Locale.ROOT,
                    "%d more pair%s of other layers swap in more than 5 %% of resamples (unstable_layers in --json)%n", others,
                    others == 1 ? "" : "s"));
        }
    }

    private static String layerTable(List<RankedModel> ranking) {
        List<String> header = new ArrayList<>(List.of("LAYER"));
        int maxLayers = 0;
        for (RankedModel m : ranking) {
            header.add(m.model());
            maxLayers = Math.max(maxLayers, m.layerScores().size());
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int l = -1; l >= -maxLayers; l--) {
            List<Object> row = new ArrayList<>();
            row.add(l);
            for (RankedModel m : ranking) {
                Double v = m.layerScores().get(l);
                row.add(v == null ? "" : (Object) v);
            }
            rows.add(row);
        }
        return "per-layer scores (-1 = last layer):\n" + Render.table(header, rows);
    }
}
