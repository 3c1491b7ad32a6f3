package lmwb.encoders.weights;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.encoders.spi.NamedTensor;

/**
 * Brings checkpoint parameter names to the one naming the forward pass uses (BERT's, without the class
 * prefix): strips {@code bert.}/{@code roberta.}/{@code electra.}/{@code distilbert.}, maps old
 * {@code LayerNorm.gamma/beta} to {@code weight/bias}, renames DistilBERT modules to their BERT
 * equivalents, and drops what an encoder does not use (pooler, heads, {@code position_ids}).
 */
public final class WeightNames {
    static final List<String> PREFIXES = List.of("bert.", "roberta.", "electra.", "distilbert.", "xlm_roberta.",
            "camembert.", "model.");

    private static final String[][] DISTILBERT = {
        {"transformer.layer.", "encoder.layer."},
        {".attention.q_lin.", ".attention.self.query."},
        {".attention.k_lin.", ".attention.self.key."},
        {".attention.v_lin.", ".attention.self.value."},
        {".attention.out_lin.", ".attention.output.dense."},
        {".sa_layer_norm.", ".attention.output.LayerNorm."},
        {".ffn.lin1.", ".intermediate.dense."},
        {".ffn.lin2.", ".output.dense."},
        {".output_layer_norm.", ".output.LayerNorm."},
    };

    private WeightNames() {
    }

    public static Map<String, NamedTensor> normalize(Map<String, NamedTensor> raw) {
        Map<String, NamedTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, NamedTensor> e : raw.entrySet()) {
            String n = canonical(e.getKey());
            if (n != null) {
                out.put(n, Tensors.renamed(e.getValue(), n));
            }
        }
        return out;
    }

    /** @return the canonical name, or {@code null} when the encoder does not use the parameter */
    static String canonical(String name) {
        String n = name;
        for (String p : PREFIXES) {
            if (n.startsWith(p)) {
                n = n.substring(p.length());
                break;
            }
        }
        if (n.endsWith("position_ids") || n.startsWith("pooler.") || n.startsWith("cls.") || n.startsWith("lm_head.")
                || n.startsWith("discriminator_predictions.") || n.startsWith("generator_") || n.startsWith("vocab_")
                || n.startsWith("classifier.") || n.startsWith("pre_classifier.") || n.startsWith("qa_outputs.")) {
            return null;
        }
        if (n.endsWith(".gamma")) {
            n = n.substring(0, n.length() - ".gamma".length()) + ".weight";
        } else if (n.endsWith(".beta")) {
            n = n.substring(0, n.length() - ".beta".length()) + ".bias";
        }
        if (n.startsWith("transformer.layer.")) {
            for (String[] r : DISTILBERT) {
                n = n.replace(r[0], r[1]);
            }
        }
        return n;
    }
}
