package lmwb.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lmwb.api.data.Split;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.encoders.spi.DropoutMasks;
import lmwb.encoders.spi.TokenBatch;
import lmwb.encoders.spi.TrainableEncoder;

/**
 * Pooled vectors of encoders being fine-tuned: every batch is tokenized (pairs natively, with token
 * types), run through each encoder from its live parameters (with the run's dropout masks during training) and pooled
 * differentiably.
 */
final class FineTunedFeatures implements Features {
    private final List<TrainableEncoder> encoders;
    private final Map<Split, List<EmbeddingInput>> inputs;
    private final SentencePooling pooling;
    private final Integer layer;
    private final boolean tokenLevel;

    FineTunedFeatures(List<TrainableEncoder> encoders, Map<Split, List<EmbeddingInput>> inputs, SentencePooling pooling,
            Integer layer, boolean tokenLevel) {
        this.encoders = encoders;
        this.inputs = inputs;
        this.pooling = pooling;
        this.layer = layer;
        this.tokenLevel = tokenLevel;
    }

    List<TrainableEncoder> encoders() {
        return encoders;
    }

    @Override
    public int[] dims() {
        return encoders.stream().mapToInt(TrainableEncoder::hiddenSize).toArray();
    }

    @Override
    public List<NDArray> pooled(NDManager manager, Split split, int[] indices, DropoutMasks dropout) {
        List<EmbeddingInput> all = inputs.get(split);
        List<EmbeddingInput> batch = new ArrayList<>(indices.length);
        for (int i : indices) {
            batch.add(all.get(i));
        }
        List<NDArray> out = new ArrayList<>(encoders.size());
        for (TrainableEncoder enc : encoders) {
            TokenBatch tb = enc.tokenize(batch, PairEncoding.NATIVE);
            NDList hs = enc.forward(manager, tb, dropout);
            NDArray h = HiddenStatePooling.layer(hs, layer);
            out.add(tokenLevel ? HiddenStatePooling.firstSubwords(h, tb)
                    : HiddenStatePooling.pool(pooling, h, tb.wordMaskArray(manager)));
        }
        return out;
    }

    @Override
    public void close() {
        encoders.forEach(TrainableEncoder::close);
    }
}
