package lmwb.datasets.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import lmwb.api.TaskType;
import lmwb.api.data.Dataset;
import lmwb.api.data.Split;
import lmwb.datasets.read.DatasetAssembler;
import lmwb.datasets.read.RawExample;

/**
 * A CoLA-like acceptability set from the example sentences of LanguageTool's English grammar rules
 * ({@code org/languagetool/rules/en/grammar.xml} in Maven {@code org.languagetool:language-en:6.5}).
 *
 * <p>Encoding: every {@code <example>} element's text (including the text inside {@code <marker>}),
 * trimmed. An example with a {@code <marker>} or a {@code correction} attribute shows an error and is
 * {@code unacceptable}; one with neither is {@code acceptable}. Examples with
 * {@code type="triggers_error"} (known false alarms of a rule) are left out. Texts that occur more than once
 * are kept once; the texts that occur with both labels are dropped. Counts (checked with a Python
 * ElementTree script over the same file): 22,440 examples, 190 false alarms, 21,409 unique texts, 45 with
 * both labels, leaving 21,364: 11,321 acceptable, 10,043 unacceptable. Licence LGPL-2.1.
 */
final class Acceptability implements CatalogueEntry {
    static final String GRAMMAR = "org/languagetool/rules/en/grammar.xml";

    @Override
    public String name() {
        return "acceptability";
    }

    @Override
    public TaskType taskType() {
        return TaskType.TEXT_CLASSIFICATION;
    }

    @Override
    public String description() {
        return "21,364 English sentences from LanguageTool rule examples, acceptable/unacceptable (CoLA-like); LGPL-2.1";
    }

    @Override
    public PackageSource source() {
        return PackageSource.maven("org.languagetool:language-en:6.5", "06d60245247b8574abfef2b01c67136ecb0482e8265c2e1e44eed3185cafcf35");
    }

    @Override
    public boolean wants(String entry) {
        return entry.equals(GRAMMAR);
    }

    @Override
    public Dataset parse(Path dir) throws IOException {
        Map<String, TreeSet<String>> labels = new LinkedHashMap<>();
        Map<String, Long> lines = new LinkedHashMap<>();
        long examples = 0;
        long falseAlarms = 0;
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, true);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        try (InputStream in = Files.newInputStream(dir.resolve(GRAMMAR))) {
            XMLStreamReader r = f.createXMLStreamReader(in);
            StringBuilder text = null;
            boolean marker = false;
            boolean correction = false;
            boolean falseAlarm = false;
            long line = 0;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String n = r.getLocalName();
                    if (n.equals("example")) {
                        text = new StringBuilder();
                        marker = false;
                        correction = r.getAttributeValue(null, "correction") != null;
                        falseAlarm = "triggers_error".equals(r.getAttributeValue(null, "type"));
                        line = r.getLocation().getLineNumber();
                    } else if (n.equals("marker") && text != null) {
                        marker = true;
                    }
                } else if ((ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA
                        || ev == XMLStreamConstants.SPACE) && text != null) {
                    text.append(r.getText());
                } else if (ev == XMLStreamConstants.END_ELEMENT && r.getLocalName().equals("example") && text != null) {
                    examples++;
                    String t = text.toString().strip();
                    text = null;
                    if (falseAlarm) {
                        falseAlarms++;
                        continue;
                    }
                    if (t.isEmpty()) {
                        continue;
                    }
                    labels.computeIfAbsent(t, k -> new TreeSet<>()).add(marker || correction ? "unacceptable" : "acceptable");
                    lines.putIfAbsent(t, line);
                }
            }
            r.close();
        } catch (XMLStreamException e) {
            throw new IOException(GRAMMAR + ": cannot parse: " + e.getMessage(), e);
        }
        List<RawExample> rows = new ArrayList<>();
        long conflicting = 0;
        for (Map.Entry<String, TreeSet<String>> e : labels.entrySet()) {
            if (e.getValue().size() > 1) {
                conflicting++;
                continue;
            }
            rows.add(RawExample.sentence(GRAMMAR, lines.get(e.getKey()), Split.TRAIN, e.getKey(), null, e.getValue().first()));
        }
        Map<String, Long> notes = new LinkedHashMap<>();
        notes.put("source.examples", examples);
        notes.put("dropped.false_alarm_examples", falseAlarms);
        notes.put("unique.texts", (long) labels.size());
        notes.put("dropped.conflicting_labels", conflicting);
        return DatasetAssembler.assemble(name(), rows, Catalogue.options(taskType()), notes);
    }
}
