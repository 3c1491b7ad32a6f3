package lmwb.encoders.weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import lmwb.api.analysis.modelvectors.WeightReader;
import lmwb.api.analysis.modelvectors.WeightTensor;
import lmwb.api.encoder.ModelArtifact;
import lmwb.encoders.spi.NamedTensor;
import org.osgi.service.component.annotations.Component;

/**
 * Reads weights through the encoders' own readers ({@link OnnxModelReader}, {@link SafetensorsReader}) and
 * naming ({@link WeightNames}), for analyses that need parameters but no forward pass.
 */
@Component(service = WeightReader.class)
public class CanonicalWeightReader implements WeightReader {

    @Override
    public Map<String, WeightTensor> read(ModelArtifact artifact) throws IOException {
        return convert(EncoderCheckpoint.load(artifact).weights());
    }

    @Override
    public Map<String, WeightTensor> readSafetensors(Path file) throws IOException {
        return convert(WeightNames.normalize(SafetensorsReader.read(file)));
    }

    private static Map<String, WeightTensor> convert(Map<String, NamedTensor> weights) {
        Map<String, WeightTensor> out = new LinkedHashMap<>();
        weights.forEach((k, t) -> out.put(k, new WeightTensor(k, t.shape(), t.data())));
        return out;
    }
}
