package lmwb.api.training;

import java.util.Locale;

/**
 * The {@code predict} command's request.
 *
 * @param checkpoint a stored training result's id (or unique prefix), a checkpoint folder ({@code model.json} +
 *     {@code model.safetensors}), or a {@code train --out} folder holding exactly one {@code seed-*} checkpoint; a
 *     result or folder with several names them ({@code ID/seed-43})
 * @param text one input; for pair tasks the two texts separated by a tab or {@code " ||| "}
 * @param file a UTF-8 file with one input per line
 * @param device {@code cpu} (default) or {@code gpu}
 */
public record PredictRequest(String checkpoint, String text, String file, String device) {
    /** Fills defaults and checks. */
    public PredictRequest {
        if (checkpoint == null || checkpoint.isBlank()) {
            throw new IllegalArgumentException("give --checkpoint ID|DIR (a stored training result or a folder written"
                    + " by 'train --out')");
        }
        text = text == null || text.isBlank() ? null : text;
        file = file == null || file.isBlank() ? null : file;
        if (text == null && file == null) {
            throw new IllegalArgumentException("give --text \"...\" or --file F with inputs");
        }
        device = device == null ? TrainingRequest.DEFAULT_DEVICE : device.trim().toLowerCase(Locale.ROOT);
        if (!device.equals("cpu") && !device.equals("gpu")) {
            throw new IllegalArgumentException("unknown device '" + device + "'; use cpu or gpu");
        }
    }
}
