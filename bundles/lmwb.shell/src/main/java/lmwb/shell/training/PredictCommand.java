package lmwb.shell.training;

import lmwb.shell.core.Invocation;
import lmwb.shell.core.Options;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code lmwb:predict}: the options given → {@code lmwb.api.training.PredictRequest} → the {@code predict}
 * capability → labels or scores with each model's weight, or the stored JSON.
 */
@Component(service = PredictCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=predict"})
public class PredictCommand {
    private final Invocation invocation;

    /** @param invocation runs capabilities */
    @Activate
    public PredictCommand(@Reference Invocation invocation) {
        this.invocation = invocation;
    }

    /**
     * Predicts.
     *
     * @return a table or JSON
     * @throws Exception on failure
     */
    @Descriptor("predict with a training checkpoint: labels (with probabilities) or scores, and for DME each model's "
            + "weight per input")
    public String predict(
            @Descriptor("a stored training result's id (see 'results'; ID/seed-N when it has several seeds), a checkpoint folder (with model.json), or a 'train --out' folder holding one seed-* checkpoint") @Parameter(names = "--checkpoint", absentValue = "") String checkpoint,
            @Descriptor("one input; for pair tasks the two texts separated by a tab or ' ||| '") @Parameter(names = "--text", absentValue = "") String text,
            @Descriptor("a UTF-8 file with one input per line (pairs separated by a tab)") @Parameter(names = "--file", absentValue = "") String file,
            @Descriptor("cpu (default) or gpu") @Parameter(names = "--device", absentValue = "") String device,
            @Descriptor("read the request from this JSON file; options given here override it") @Parameter(names = "--request", absentValue = "") String request,
            @Descriptor("print the stored result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "") String json)
            throws Exception {
        Options given = Options.given().option("--checkpoint", checkpoint).option("--text", text).option("--file", file)
                .option("--device", device);
        return invocation.call("predict", given).request(request).render(json);
    }
}
