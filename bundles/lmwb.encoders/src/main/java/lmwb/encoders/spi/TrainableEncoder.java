package lmwb.encoders.spi;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.PairEncoding;

/**
 * A transformer encoder opened for training: its parameters are live NDArrays (attach gradients with
 * {@code setRequiresGradient(true)} and update them in place), and {@link #forward} computes every layer's
 * hidden states from them. All calls must run inside {@code lmwb.djl.DjlContext}.
 */
@org.osgi.annotation.versioning.ProviderType
public interface TrainableEncoder extends AutoCloseable {
    /** @return the model reference it was opened by */
    String reference();

    /** @return the content hash of the base weights */
    String contentHash();

    /** @return H */
    int hiddenSize();

    /** @return L, the number of transformer layers */
    int layers();

    /** @return the device the parameters live on */
    Device device();

    /**
     * @return the hidden dropout probability {@link #forward} applies with active masks: the one given when
     *     opened, else the model config's ({@code hidden_dropout_prob}; DistilBERT {@code dropout})
     */
    double dropout();

    /**
     * @return the parameters by canonical Hugging Face name without the architecture prefix (e.g.
     *     {@code encoder.layer.0.attention.self.query.weight}), the same names the weight readers produce
     */
    Map<String, NDArray> parameters();

    /**
     * Tokenizes inputs (texts, native pairs with token types, or pre-split words) and pads them to the
     * longest.
     *
     * @param inputs the inputs
     * @param pairs how pairs are encoded
     * @return the batch
     */
    TokenBatch tokenize(List<EmbeddingInput> inputs, PairEncoding pairs);

    /**
     * Runs the encoder from the live parameters.
     *
     * @param manager owns every intermediate (close it after the step)
     * @param batch the tokenized batch
     * @param dropout the run's masks (training), or {@link DropoutMasks#NONE} (evaluation)
     * @return {@code L + 1} arrays {@code (B, T, H)}: embedding output, then each layer
     */
    NDList forward(NDManager manager, TokenBatch batch, DropoutMasks dropout);

    @Override
    void close();
}
