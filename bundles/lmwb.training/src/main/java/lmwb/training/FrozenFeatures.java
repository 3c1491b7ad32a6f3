package lmwb.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.ProgressListener;
import lmwb.api.data.Split;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelOptions;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;
import lmwb.encoders.spi.DropoutMasks;

/**
 * Pooled vectors of frozen encoders, computed once through the {@link EmbeddingService} (and its on-disk
 * cache, keyed by the dataset's content hash and split) and sliced per batch. Pooling follows the
 * embedding service: {@code mean} is the mean over words of sub-word means, {@code cls} the first token,
 * {@code max} the maximum over word tokens; token tasks take each word's first sub-word.
 */
final class FrozenFeatures implements Features {
    private final int[] dims;
    /** Per split, per model: the matrix and the first row of every input. */
    private final Map<Split, List<FloatMatrix>> matrices = new EnumMap<>(Split.class);
    private final Map<Split, int[]> rowStarts = new EnumMap<>(Split.class);
    private final Map<String, String> modelHashes = new java.util.LinkedHashMap<>();

    FrozenFeatures(EmbeddingService service, List<String> models, Map<Split, List<EmbeddingInput>> inputs,
            String datasetHash, SentencePooling pooling, Integer layer, boolean tokenLevel, int batchSize, String device,
            ProgressListener progress, CancellationToken cancel) throws IOException {
        ModelOptions options = new ModelOptions(device, Double.NaN);
        dims = new int[models.size()];
        for (Map.Entry<Split, List<EmbeddingInput>> e : inputs.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            List<FloatMatrix> perModel = new ArrayList<>();
            int[] starts = null;
            for (int i = 0; i < models.size(); i++) {
                EmbeddingRequest req = new EmbeddingRequest(e.getValue(), layer == null ? List.of() : List.of(layer),
                        layer == null, tokenLevel ? SubwordPooling.FIRST : SubwordPooling.MEAN,
                        tokenLevel ? SentencePooling.NONE : pooling, PairEncoding.NATIVE,
                        Math.max(8, batchSize));
                String key = datasetHash == null ? null : datasetHash + "/" + e.getKey().displayName();
                LayerEmbeddings emb = service.embed(models.get(i), req, key, options, progress, cancel);
                FloatMatrix mat = layer == null ? emb.mean().orElseThrow() : emb.layers().values().iterator().next();
                perModel.add(mat);
                dims[i] = mat.cols();
                modelHashes.put(models.get(i), emb.provenance().inputs().getOrDefault("model", ""));
                if (starts == null) {
                    starts = new int[e.getValue().size() + 1];
                    int[] words = emb.wordsPerInput();
                    for (int k = 0; k < e.getValue().size(); k++) {
                        starts[k + 1] = starts[k] + (tokenLevel ? words[k] : 1);
                    }
                }
            }
            matrices.put(e.getKey(), perModel);
            rowStarts.put(e.getKey(), starts);
        }
    }

    /** @return each model's content hash as the embeddings' provenance gives it */
    Map<String, String> modelHashes() {
        return modelHashes;
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    @Override
    public List<NDArray> pooled(NDManager manager, Split split, int[] indices, DropoutMasks dropout) {
        List<FloatMatrix> perModel = matrices.get(split);
        int[] starts = rowStarts.get(split);
        int rows = 0;
        for (int i : indices) {
            rows += starts[i + 1] - starts[i];
        }
        List<NDArray> out = new ArrayList<>(perModel.size());
        for (FloatMatrix mat : perModel) {
            int d = mat.cols();
            float[] buf = new float[rows * d];
            float[] row = new float[d];
            int r = 0;
            for (int i : indices) {
                for (int k = starts[i]; k < starts[i + 1]; k++) {
                    mat.copyRow(k, row);
                    System.arraycopy(row, 0, buf, r * d, d);
                    r++;
                }
            }
            out.add(manager.create(buf, new Shape(rows, d)));
        }
        return out;
    }

    @Override
    public void close() {
        matrices.clear();
    }
}
