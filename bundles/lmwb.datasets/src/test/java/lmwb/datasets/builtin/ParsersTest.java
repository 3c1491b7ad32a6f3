package lmwb.datasets.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Small parsing rules of the built-in datasets, on hand-written inputs. */
class ParsersTest {

    @Test
    void brownBaseTags() {
        // Rules documented on BrownCorpus: '+' compounds, fw- prefix, -tl/-hl/-nc markers, trailing '*'.
        assertEquals("nn", BrownCorpus.baseTag("nn-tl"));
        assertEquals("np$", BrownCorpus.baseTag("np$-hl"));
        assertEquals("ppss", BrownCorpus.baseTag("ppss+bem"));
        assertEquals("nn", BrownCorpus.baseTag("fw-nn-tl"));
        assertEquals("doz", BrownCorpus.baseTag("doz*"));
        assertEquals("*", BrownCorpus.baseTag("*"));
        assertEquals("--", BrownCorpus.baseTag("--"));
    }

    @Test
    void spamSubjectsUnfoldAndDecode() {
        assertEquals("Re: New Sequences Window", SpamSubjects.subject("From: a@b\nSubject: Re: New Sequences\n Window\nTo: c\n\nSubject: body"));
        assertNull(SpamSubjects.subject("From: a@b\n\nSubject: only in the body"));
        assertEquals("", SpamSubjects.subject("Subject:   \nTo: x\n\n"));
        // RFC 2047 examples: Q encoding with '_' for space, B (base64) encoding, adjacent words joined.
        assertEquals("café au lait", SpamSubjects.decodeWords("=?ISO-8859-1?Q?caf=E9_au_lait?="));
        assertEquals("Hello world", SpamSubjects.decodeWords("=?UTF-8?B?SGVsbG8g?= =?UTF-8?B?d29ybGQ=?="));
        assertEquals("=?x-unknown?Q?abc?=", SpamSubjects.decodeWords("=?x-unknown?Q?abc?="));
    }
}
