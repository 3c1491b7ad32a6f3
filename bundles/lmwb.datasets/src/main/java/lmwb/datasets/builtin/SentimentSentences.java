package lmwb.datasets.builtin;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
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
 * UCI "Sentiment Labelled Sentences" (Kotzias et al. 2015) as shipped in the test fixtures of npm
 * {@code sentiment@5.0.2}: 1,000 sentences each from Amazon, IMDb and Yelp, labelled negative (0) or
 * positive (1). Each file ends with an empty record, which cleaning drops (3 in all).
 */
final class SentimentSentences implements CatalogueEntry {
    private static final List<String> FILES = List.of("amazon", "imdb", "yelp");

    @Override
    public String name() {
        return "sentiment-sentences";
    }

    @Override
    public TaskType taskType() {
        return TaskType.TEXT_CLASSIFICATION;
    }

    @Override
    public String description() {
        return "3,000 review sentences (Amazon, IMDb, Yelp), negative/positive; CC BY 4.0 data (UCI, Kotzias et al. 2015)";
    }

    @Override
    public PackageSource source() {
        return PackageSource.npm("sentiment@5.0.2", "89302eb03d2005d03b214fe65814bb48adb7d3c42c8ca80bdee6a3ecb7e4480f");
    }

    @Override
    public boolean wants(String entry) {
        return FILES.stream().anyMatch(f -> entry.equals("package/test/fixtures/" + f + ".json"))
                || entry.equals("package/LICENSE.md");
    }

    @Override
    public Dataset parse(Path dir) throws IOException {
        List<RawExample> rows = new ArrayList<>();
        for (String f : FILES) {
            Path file = dir.resolve("package/test/fixtures/" + f + ".json");
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                int i = 0;
                for (JsonElement el : JsonParser.parseReader(in).getAsJsonArray()) {
                    i++;
                    JsonObject o = el.getAsJsonObject();
                    String text = o.has("text") && !o.get("text").isJsonNull() ? o.get("text").getAsString() : null;
                    String label = null;
                    if (o.has("class") && !o.get("class").isJsonNull()) {
                        label = o.get("class").getAsInt() == 1 ? "positive" : "negative";
                    }
                    rows.add(RawExample.sentence(f + ".json#" + i, 0, Split.TRAIN, text, null, label));
                }
            }
        }
        return DatasetAssembler.assemble(name(), rows, Catalogue.options(taskType()), Map.of());
    }
}
