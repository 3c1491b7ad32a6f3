package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;

/**
 * {@code --device} of {@code train} and {@code predict} reaches the training services, which check it before
 * reading any data or checkpoint: an unknown name and a GPU that PyTorch does not see are each one clear line.
 * (Training on a GPU itself is not tested here: these machines have none.)
 */
class TrainingDeviceTest {
    @InjectService
    CommandProcessor processor;

    private String error(String line) {
        return CombinerPluginTest.message(assertThrows(Exception.class, () -> Framework.run(processor, line)));
    }

    @Test
    void unknownDeviceIsNamed() {
        assertEquals("unknown device 'tpu'; use cpu or gpu",
                error("lmwb:train --dataset no-such-data --models all-minilm-l6-v2 --device tpu"));
        assertEquals("unknown device 'tpu'; use cpu or gpu",
                error("lmwb:predict --checkpoint /no/such/checkpoint --text hello --device tpu"));
    }

    @Test
    void missingGpuIsNamedBeforeAnyWork() {
        assumeFalse(Files.exists(Path.of("/dev/nvidiactl")), "this machine has an NVIDIA GPU");
        String expected = "device 'gpu' requested but PyTorch sees no GPU; build lmwb.djl with -Pcuda on a machine "
                + "with CUDA 12.4, or use --device cpu";
        // The dataset and the checkpoint do not exist: the device is checked first.
        assertEquals(expected, error("lmwb:train --dataset no-such-data --models all-minilm-l6-v2 --device gpu"));
        assertEquals(expected, error("lmwb:predict --checkpoint /no/such/checkpoint --text hello --device gpu"));
    }
}
