package lmwb.diagnostics.divergence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Label-pair Jensen–Shannon divergence of unigram distributions (Masud et al., KDD 2023): for labels a and b with
 * token counts n_a(w), n_b(w), over V = the union of their vocabularies, P(w) = (n_a(w) + 1) / (N_a + |V|) and
 * Q(w) = (n_b(w) + 1) / (N_b + |V|) (add-one smoothing), M = (P + Q) / 2, and
 * JS(P, Q) = ½ KL(P‖M) + ½ KL(Q‖M) with log base 2, so it lies in [0, 1].
 */
public final class UnigramDivergence {
    /** A token: a run of Unicode letters and digits. */
    public static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+");

    private UnigramDivergence() {
    }

    /**
     * @param text a text
     * @return its tokens, lowercased
     */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /**
     * @param texts texts of one label
     * @return token counts
     */
    public static Map<String, Long> counts(List<String> texts) {
        return counts(texts, UnigramDivergence::tokens);
    }

    /**
     * @param texts texts of one label
     * @param tokenizer splits a text into tokens
     * @return token counts
     */
    public static Map<String, Long> counts(List<String> texts, Function<String, List<String>> tokenizer) {
        Map<String, Long> c = new HashMap<>();
        for (String t : texts) {
            for (String w : tokenizer.apply(t)) {
                c.merge(w, 1L, Long::sum);
            }
        }
        return c;
    }

    /**
     * @param a one label's token counts
     * @param b the other's
     * @return JS divergence in bits of their add-one smoothed distributions over the union of their vocabularies
     */
    public static double jsBits(Map<String, Long> a, Map<String, Long> b) {
        Set<String> vocabulary = new HashSet<>(a.keySet());
        vocabulary.addAll(b.keySet());
        if (vocabulary.isEmpty()) {
            return 0;
        }
        double na = a.values().stream().mapToLong(Long::longValue).sum() + vocabulary.size();
        double nb = b.values().stream().mapToLong(Long::longValue).sum() + vocabulary.size();
        double js = 0;
        for (String w : vocabulary) {
            double p = (a.getOrDefault(w, 0L) + 1) / na;
            double q = (b.getOrDefault(w, 0L) + 1) / nb;
            double m = (p + q) / 2;
            js += 0.5 * p * Math.log(p / m) + 0.5 * q * Math.log(q / m);
        }
        return Math.max(0, js / Math.log(2));
    }

    /**
     * @param a one label's counts
     * @param b the other's
     * @return the size of the union of their vocabularies
     */
    public static int vocabulary(Map<String, Long> a, Map<String, Long> b) {
        Set<String> v = new HashSet<>(a.keySet());
        v.addAll(b.keySet());
        return v.size();
    }
}
