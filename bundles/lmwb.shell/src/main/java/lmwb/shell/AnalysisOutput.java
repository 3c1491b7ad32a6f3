package lmwb.shell;

import com.google.gson.JsonParser;
import java.io.IOException;
import lmwb.api.analysis.AnalysisResult;

/** How analysis commands finish: optionally copy the stored result out, then print JSON or the text view. */
public final class AnalysisOutput {
    private AnalysisOutput() {
    }

    /**
     * Checks {@code --out} before the analysis runs (see {@link OutputFolder#check}).
     *
     * @param out the {@code --out} value, blank for none
     * @param kind the stored result's kind, e.g. {@code similarity}: an earlier export of it is replaced
     * @param force whether {@code --force} was given
     * @return the prepared folder, or {@code null} without {@code --out}
     * @throws IOException when the staging folder cannot be created
     */
    public static OutputFolder folder(String out, String kind, boolean force) throws IOException {
        return out.isBlank() ? null : OutputFolder.check(out, kind, force, OutputFolder.resultExport(kind));
    }

    /**
     * @param r the stored result
     * @param out the folder from {@link #folder}, or {@code null}: receives {@code result.json} and the result's
     *     files, replacing what it held
     * @param json whether to print the result's JSON document
     * @param text the text view
     * @param fileLabel how the text view introduces each file, e.g. {@code plot}
     * @return what the command prints
     * @throws IOException when copying fails
     */
    public static String finish(AnalysisResult r, OutputFolder out, boolean json, String text, String fileLabel) throws IOException {
        if (out != null) {
            out.copyFilesOf(r.directory());
            out.commit();
        }
        if (json) {
            return JsonParser.parseString(r.json()).toString();
        }
        StringBuilder s = new StringBuilder(text);
        s.append("\nresult ").append(r.id()).append(": ").append(r.directory());
        for (String f : r.files()) {
            s.append('\n').append(fileLabel).append(": ").append(r.directory().resolve(f));
        }
        if (out != null) {
            s.append("\nout: ").append(out.target()).append(out.replaces() ? " (replaced)" : "");
        }
        return s.toString();
    }
}
