package lmwb.shell;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import lmwb.api.analysis.AnalysisResult;

/** How analysis commands finish: optionally copy the stored result out, then print JSON or the text view. */
public final class AnalysisOutput {
    private AnalysisOutput() {
    }

    /**
     * @param r the stored result
     * @param out folder to copy {@code result.json} and the result's files into, or blank for none
     * @param json whether to print the result's JSON document
     * @param text the text view
     * @param fileLabel how the text view introduces each file, e.g. {@code plot}
     * @return what the command prints
     * @throws IOException when copying fails
     */
    public static String finish(AnalysisResult r, String out, boolean json, String text, String fileLabel) throws IOException {
        if (!out.isBlank()) {
            Path to = Path.of(out);
            Files.createDirectories(to);
            Files.copy(r.directory().resolve("result.json"), to.resolve("result.json"), StandardCopyOption.REPLACE_EXISTING);
            for (String f : r.files()) {
                Files.copy(r.directory().resolve(f), to.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (json) {
            return JsonParser.parseString(r.json()).toString();
        }
        StringBuilder s = new StringBuilder(text);
        s.append("\nresult ").append(r.id()).append(": ").append(r.directory());
        for (String f : r.files()) {
            s.append('\n').append(fileLabel).append(": ").append(r.directory().resolve(f));
        }
        return s.toString();
    }
}
