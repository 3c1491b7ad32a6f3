package lmwb.analysis.modelvectors;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import lmwb.api.analysis.modelvectors.WeightTensor;

/** Seeded random weights of a tiny BERT-shaped encoder (canonical names), for tests. */
final class TinyModels {
    private TinyModels() {
    }

    static Map<String, WeightTensor> random(int layers, int hidden, int ffn, long seed) {
        Random r = new Random(seed);
        Map<String, WeightTensor> w = new LinkedHashMap<>();
        w.put("embeddings.word_embeddings.weight", tensor("embeddings.word_embeddings.weight", 10, hidden, r));
        for (int l = 0; l < layers; l++) {
            for (Family f : Family.values()) {
                int out = f == Family.INTERMEDIATE ? ffn : hidden;
                int in = f == Family.OUTPUT ? ffn : hidden;
                w.put(f.tensor(l), tensor(f.tensor(l), out, in, r));
            }
            String bias = "encoder.layer." + l + ".attention.self.query.bias";
            w.put(bias, new WeightTensor(bias, new long[] {hidden}, new float[hidden]));
        }
        return w;
    }

    private static WeightTensor tensor(String name, int out, int in, Random r) {
        float[] d = new float[out * in];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (r.nextGaussian() * 0.1);
        }
        return new WeightTensor(name, new long[] {out, in}, d);
    }

    /** base + scale · (seeded Gaussian direction + shared direction of the label). */
    static Map<String, WeightTensor> tuned(Map<String, WeightTensor> base, Map<String, WeightTensor> direction,
            double scale, long seed) {
        Random r = new Random(seed);
        Map<String, WeightTensor> out = new LinkedHashMap<>();
        base.forEach((k, t) -> {
            float[] d = t.data().clone();
            WeightTensor dir = direction.get(k);
            for (int i = 0; i < d.length; i++) {
                d[i] += (float) (scale * (0.2 * r.nextGaussian() + dir.data()[i]));
            }
            out.put(k, new WeightTensor(k, t.shape(), d));
        });
        return out;
    }
}
