package lmwb.encoders.trainable;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.PairEncoding;
import lmwb.djl.DjlContext;
import lmwb.encoders.forward.TransformerEncoder;
import lmwb.encoders.spi.DropoutMasks;
import lmwb.encoders.spi.NamedTensor;
import lmwb.encoders.spi.TokenBatch;
import lmwb.encoders.spi.TrainableEncoder;
import lmwb.encoders.spi.TrainableEncoderFactory;
import lmwb.encoders.text.InputTokenizer;
import lmwb.encoders.weights.EncoderCheckpoint;
import lmwb.encoders.weights.EncoderConfig;
import lmwb.encoders.weights.SafetensorsReader;
import lmwb.encoders.weights.WeightNames;
import org.osgi.service.component.annotations.Component;

/**
 * Opens the BERT-family {@link TransformerEncoder} for training, on the same weight readers, tokenizer and
 * forward pass the embedding service uses.
 */
@Component(service = TrainableEncoderFactory.class)
public class DjlTrainableEncoderFactory implements TrainableEncoderFactory {

    @Override
    public TrainableEncoder open(ModelArtifact artifact, Path weights, String device, float dropout, int maxLength)
            throws IOException {
        if (maxLength < 3) {
            throw new IllegalArgumentException("max length must be at least 3 tokens, got " + maxLength);
        }
        Device d = DjlContext.device(device);
        EncoderCheckpoint base = EncoderCheckpoint.load(artifact);
        Map<String, NamedTensor> w = base.weights();
        if (weights != null) {
            Map<String, NamedTensor> tuned = WeightNames.normalize(SafetensorsReader.read(weights));
            Map<String, NamedTensor> merged = new LinkedHashMap<>(w);
            for (Map.Entry<String, NamedTensor> e : tuned.entrySet()) {
                if (!merged.containsKey(e.getKey())) {
                    throw new IOException(weights + " has parameter '" + e.getKey() + "' that model '"
                            + artifact.reference() + "' does not have: the weights belong to another model");
                }
                merged.put(e.getKey(), e.getValue());
            }
            w = merged;
        }
        EncoderConfig c = base.config();
        if (!Float.isNaN(dropout) && !(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        EncoderCheckpoint.Dropout p = Float.isNaN(dropout) ? EncoderCheckpoint.dropout(artifact)
                : new EncoderCheckpoint.Dropout(dropout, dropout);
        Map<String, NamedTensor> all = w;
        TransformerEncoder enc;
        try {
            enc = DjlContext.call(() -> new TransformerEncoder(c, all, d, p.hidden(), p.attention()));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot build the encoder for '" + artifact.reference() + "': " + e.getMessage(), e);
        }
        try {
            InputTokenizer tok = new InputTokenizer(artifact.tokenizer(), Math.min(maxLength, c.maxLength()),
                    c.vocabSize());
            return new Trainable(artifact, enc, tok);
        } catch (IOException | RuntimeException e) {
            DjlContext.run(enc::close);
            throw e;
        }
    }

    @Override
    public Map<String, NamedTensor> readSafetensors(Path file) throws IOException {
        return SafetensorsReader.read(file);
    }

    /** The encoder with its tokenizer. */
    private static final class Trainable implements TrainableEncoder {
        private final ModelArtifact artifact;
        private final TransformerEncoder encoder;
        private final InputTokenizer tokenizer;
        private final EncoderConfig config;

        Trainable(ModelArtifact artifact, TransformerEncoder encoder, InputTokenizer tokenizer) {
            this.artifact = artifact;
            this.encoder = encoder;
            this.tokenizer = tokenizer;
            this.config = encoder.config();
        }

        @Override
        public String reference() {
            return artifact.reference();
        }

        @Override
        public String contentHash() {
            return artifact.contentHash();
        }

        @Override
        public int hiddenSize() {
            return config.hiddenSize();
        }

        @Override
        public int layers() {
            return config.layers();
        }

        @Override
        public Device device() {
            return encoder.device();
        }

        @Override
        public double dropout() {
            return encoder.hiddenDropout();
        }

        @Override
        public Map<String, NDArray> parameters() {
            return encoder.parameters();
        }

        @Override
        public TokenBatch tokenize(List<EmbeddingInput> inputs, PairEncoding pairs) {
            int n = inputs.size();
            List<InputTokenizer.Tokens> tokens = new ArrayList<>(n);
            int len = 0;
            for (int i = 0; i < n; i++) {
                InputTokenizer.Tokens t = tokenizer.encode(inputs.get(i), i, pairs);
                tokens.add(t);
                len = Math.max(len, t.length());
            }
            long[] ids = new long[n * len];
            long[] types = new long[n * len];
            long[] positions = new long[n * len];
            float[] mask = new float[n * len];
            int[][] wordIds = new int[n][len];
            int[] words = new int[n];
            for (int r = 0; r < n; r++) {
                InputTokenizer.Tokens tk = tokens.get(r);
                words[r] = tk.words();
                for (int j = 0; j < len; j++) {
                    int k = r * len + j;
                    boolean real = j < tk.length();
                    ids[k] = real ? tk.ids()[j] : config.padTokenId();
                    types[k] = real && config.hasTokenTypes() ? Math.min(tk.typeIds()[j], config.typeVocabSize() - 1)
                            : 0;
                    positions[k] = config.positionOffset() == 0 ? j
                            : real ? config.positionOffset() + j : config.padTokenId();
                    mask[k] = real ? 1f : 0f;
                    wordIds[r][j] = real ? tk.wordIds()[j] : -1;
                }
            }
            return new TokenBatch(n, len, ids, types, positions, mask, wordIds, words);
        }

        @Override
        public NDList forward(NDManager manager, TokenBatch batch, DropoutMasks dropout) {
            Shape shape = new Shape(batch.size(), batch.length());
            return encoder.forward(manager.create(batch.ids(), shape), manager.create(batch.typeIds(), shape),
                    manager.create(batch.positions(), shape), manager.create(batch.mask(), shape), dropout);
        }

        @Override
        public void close() {
            DjlContext.run(() -> {
                encoder.close();
                tokenizer.close();
            });
        }
    }
}
