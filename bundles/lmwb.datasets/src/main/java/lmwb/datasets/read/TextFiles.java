package lmwb.datasets.read;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Opens dataset text files in the charset the user chose, skipping a leading byte-order mark (as
 * spreadsheet programs write), and refuses what is not a text file before reading it: devices, pipes and
 * sockets (which never end or block), and binary files.
 */
final class TextFiles {
    /** Bytes looked at for signs of a binary file. */
    private static final int SNIFF_BYTES = 8192;
    /** File-type bits of {@code st_mode} ({@code unix:mode}), from {@code <sys/stat.h>}. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;

    private TextFiles() {
    }

    /**
     * @param file a text file in {@code charset}
     * @param charset its encoding; undecodable bytes make reads fail with a
     *        {@link java.nio.charset.CharacterCodingException}
     * @return a reader positioned after any byte-order mark
     * @throws IOException when the file cannot be opened
     */
    static BufferedReader open(Path file, Charset charset) throws IOException {
        BufferedReader r = Files.newBufferedReader(file, charset);
        r.mark(1);
        if (r.read() != '\uFEFF') {
            r.reset();
        }
        return r;
    }

    /**
     * Refuses a path that is neither a regular file nor a directory: reading a device such as
     * {@code /dev/zero} never ends and opening a FIFO blocks.
     *
     * @param path a dataset path given by the user (links followed)
     * @throws IOException when its attributes cannot be read
     * @throws IllegalArgumentException naming what it is
     */
    static void requireFileOrDirectory(Path path) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        if (!a.isRegularFile() && !a.isDirectory()) {
            throw new IllegalArgumentException(path + " is " + kind(path) + ", not a regular file; give a dataset "
                    + "file (CSV, TSV, JSON Lines, JSON, CoNLL or word/tag) or a directory of train/dev/test files");
        }
    }

    private static String kind(Path path) {
        try {
            int type = (Integer) Files.getAttribute(path, "unix:mode", new LinkOption[0]) & S_IFMT;
            switch (type) {
                case S_IFCHR:
                    return "a character device";
                case S_IFBLK:
                    return "a block device";
                case S_IFIFO:
                    return "a named pipe (FIFO)";
                case S_IFSOCK:
                    return "a socket";
                default:
                    break;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // The "unix" attribute view is not on every platform; the generic description below is still true.
        }
        return "a device, pipe or socket";
    }

    /**
     * Refuses a file whose first bytes hold a NUL byte, which no text in an ASCII-compatible charset
     * contains: binary files otherwise fail late, with a line of megabytes or an unrelated parse error.
     * Files that start with a UTF-16 or UTF-32 byte-order mark get a hint to pass their encoding.
     *
     * @param file a regular file
     * @param charset the encoding it is read in; charsets that encode a newline in more than one byte
     *        (UTF-16, UTF-32) are not checked
     * @throws IOException when it cannot be read
     * @throws IllegalArgumentException when it looks binary
     */
    static void requireText(Path file, Charset charset) throws IOException {
        if ("\n".getBytes(charset).length != 1) {
            return;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        }
        int nul = -1;
        for (int i = 0; i < head.length && nul < 0; i++) {
            if (head[i] == 0) {
                nul = i;
            }
        }
        if (nul < 0) {
            return;
        }
        String bom = utf16or32(head);
        if (bom != null) {
            throw new IllegalArgumentException(file + ": starts with a " + bom + " byte-order mark but is read as "
                    + charset.name() + "; pass --encoding " + bom.toLowerCase(java.util.Locale.ROOT)
                    + " or convert it to UTF-8");
        }
        throw new IllegalArgumentException(file + ": not a text file (a NUL byte at offset " + nul
                + "); give a CSV, TSV, JSON Lines, JSON, CoNLL or word/tag file");
    }

    private static String utf16or32(byte[] b) {
        if (b.length >= 4 && (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE && b[2] == 0 && b[3] == 0
                || b[0] == 0 && b[1] == 0 && b[2] == (byte) 0xFE && b[3] == (byte) 0xFF)) {
            return "UTF-32";
        }
        if (b.length >= 2 && (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE || b[0] == (byte) 0xFE && b[1] == (byte) 0xFF)) {
            return "UTF-16";
        }
        return null;
    }

    /** @return whether the charset is the default one, for the hint in decoding errors */
    static boolean isUtf8(Charset charset) {
        return charset.equals(StandardCharsets.UTF_8);
    }
}
