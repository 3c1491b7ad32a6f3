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
 * Prepositional-phrase attachment (Ratnaparkhi et al. 1994) from the test data of Maven
 * {@code org.apache.opennlp:opennlp-tools:2.5.0} (classifier {@code tests}), {@code data/ppa/}. Each line is
 * {@code id verb noun1 prep noun2 label}; encoded as a pair task: text {@code "verb noun1"}, pair
 * {@code "prep noun2"}, label {@code V} (the PP attaches to the verb) or {@code N} (to the noun). The
 * original training / devset / test files become the TRAIN / DEV / TEST splits (20,801 / 4,039 / 3,097).
 */
final class PpAttachment implements CatalogueEntry {
    private static final Map<String, Split> FILES = Map.of("training", Split.TRAIN, "devset", Split.DEV, "test", Split.TEST);

    @Override
    public String name() {
        return "pp-attachment";
    }

    @Override
    public TaskType taskType() {
        return TaskType.PAIR_CLASSIFICATION;
    }

    @Override
    public String description() {
        return "27,937 (verb noun1 | prep noun2) tuples, PP attaches to V or N, train/dev/test; Apache-2.0";
    }

    @Override
    public PackageSource source() {
        return PackageSource.maven("org.apache.opennlp:opennlp-tools:2.5.0:jar:tests",
                "d97db8ed45d521b518ffe16bedcb53f319bf92eb7cf9ffbbdd112575f579845e");
    }

    @Override
    public boolean wants(String entry) {
        return entry.startsWith("data/ppa/") && (FILES.containsKey(entry.substring(9)) || entry.endsWith("NOTICE"));
    }

    @Override
    public Dataset parse(Path dir) throws IOException {
        List<RawExample> rows = new ArrayList<>();
        for (String f : List.of("training", "devset", "test")) {
            String source = "data/ppa/" + f;
            try (BufferedReader in = Files.newBufferedReader(dir.resolve(source), StandardCharsets.UTF_8)) {
                String l;
                long line = 0;
                while ((l = in.readLine()) != null) {
                    line++;
                    if (l.isBlank()) {
                        continue;
                    }
                    String[] t = l.strip().split("\\s+");
                    if (t.length != 6) {
                        throw new IllegalArgumentException(source + ":" + line + ": expected 'id verb noun1 prep noun2 label', found " + l);
                    }
                    rows.add(RawExample.sentence(source, line, FILES.get(f), t[1] + " " + t[2], t[3] + " " + t[4], t[5]));
                }
            }
        }
        return DatasetAssembler.assemble(name(), rows, Catalogue.options(taskType()), Map.of());
    }
}
