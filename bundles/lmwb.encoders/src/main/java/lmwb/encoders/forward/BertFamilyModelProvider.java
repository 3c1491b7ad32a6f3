package lmwb.encoders.forward;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import lmwb.api.encoder.LanguageModel;
import lmwb.api.encoder.LanguageModelProvider;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.ModelOptions;
import lmwb.encoders.weights.EncoderCheckpoint;
import lmwb.encoders.weights.EncoderConfig;
import org.osgi.service.component.annotations.Component;

/**
 * Opens BERT-family encoders (BERT, RoBERTa/XLM-R, ELECTRA discriminators, DistilBERT, and the
 * BERT-shaped MiniLM/BGE/E5) from ONNX graphs or Hugging Face safetensors, running them on DJL's PyTorch
 * engine.
 */
@Component(service = LanguageModelProvider.class)
public class BertFamilyModelProvider implements LanguageModelProvider {
    /** Dropout used for training when the options do not override it (BERT's default). */
    static final float DEFAULT_DROPOUT = 0.1f;

    @Override
    public String name() {
        return "djl-bert-family";
    }

    @Override
    public Set<String> modelTypes() {
        return new LinkedHashSet<>(EncoderConfig.SUPPORTED);
    }

    @Override
    public LanguageModel open(ModelArtifact artifact, ModelOptions options) throws IOException {
        String type = EncoderCheckpoint.modelType(artifact);
        if (!EncoderConfig.SUPPORTED.contains(type)) {
            throw new IllegalArgumentException("model '" + artifact.reference() + "' has model_type '" + type
                    + "', which " + name() + " does not support; supported: " + String.join(", ", EncoderConfig.SUPPORTED));
        }
        float dropout = Double.isNaN(options.dropout()) ? DEFAULT_DROPOUT : (float) options.dropout();
        return EncoderLanguageModel.open(artifact, options.device(), dropout);
    }
}
