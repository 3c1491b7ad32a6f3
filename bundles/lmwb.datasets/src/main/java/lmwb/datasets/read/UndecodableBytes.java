package lmwb.datasets.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The first bytes of a file that are not valid text in a charset, and the line they are on.
 *
 * <p>Readers decode ahead of the parser (buffers of thousands of characters), so when decoding fails the
 * parser's line number is many lines short and its message ({@code Input length = 1}, or a CSV quoting
 * error) says nothing about the encoding. When a read fails with a {@link CharacterCodingException}, the
 * file is decoded again from the start, counting line ends exactly as {@link java.io.BufferedReader#readLine()}
 * does ({@code \n}, {@code \r\n} or a lone {@code \r}), to name the physical line and the bytes.
 *
 * @param line the 1-based physical line holding the bytes
 * @param offset the 0-based byte offset of the first of them in the file
 * @param bytes the bytes the charset cannot decode (one for a stray Latin-1 byte in UTF-8)
 */
record UndecodableBytes(long line, long offset, byte[] bytes) {
    private static final int BUFFER = 64 * 1024;

    /**
     * @param file a file
     * @param charset the charset it is read in
     * @return its first undecodable bytes, or empty when the whole file decodes
     * @throws IOException when it cannot be read
     */
    static Optional<UndecodableBytes> find(Path file, Charset charset) throws IOException {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(BUFFER);
        CharBuffer out = CharBuffer.allocate(BUFFER);
        long line = 1;
        long consumed = 0;
        boolean pendingCr = false;
        boolean eof = false;
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            while (true) {
                if (!eof && ch.read(in) < 0) {
                    eof = true;
                }
                in.flip();
                CoderResult r = decoder.decode(in, out, eof);
                out.flip();
                while (out.hasRemaining()) {
                    char c = out.get();
                    if (c == '\n' || pendingCr) {
                        line++;
                    }
                    pendingCr = c == '\r';
                }
                out.clear();
                if (r.isError()) {
                    if (pendingCr) {
                        line++;
                    }
                    byte[] bad = new byte[r.length()];
                    long offset = consumed + in.position();
                    in.get(bad);
                    return Optional.of(new UndecodableBytes(line, offset, bad));
                }
                consumed += in.position();
                in.compact();
                if (eof && r.isUnderflow()) {
                    return Optional.empty();
                }
            }
        }
    }

    /**
     * The one-line error for a read that failed to decode: the file, the physical line, the bytes, and
     * what to do.
     *
     * @param file the file
     * @param charset the charset it was read in
     * @param failure the failed read (its cause chain holds the {@link CharacterCodingException})
     * @return the error to throw
     * @throws IOException when the file cannot be read again
     */
    static IllegalArgumentException explain(Path file, Charset charset, Exception failure) throws IOException {
        Optional<UndecodableBytes> found = find(file, charset);
        String encoding = charset.equals(StandardCharsets.UTF_8) ? "UTF-8" : charset.name();
        if (found.isEmpty()) {
            return new IllegalArgumentException(file + ": not " + encoding + " text; convert it or pass its encoding "
                    + "with --encoding", failure);
        }
        UndecodableBytes u = found.get();
        return new IllegalArgumentException(file + ":" + u.line() + ": not " + encoding + " (" + u.hex() + "); "
                + hint(charset, u.bytes()[0]), failure);
    }

    /**
     * @param e a failure
     * @return whether a {@link CharacterCodingException} caused it
     */
    static boolean causedBy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CharacterCodingException) {
                return true;
            }
        }
        return false;
    }

    /** @return {@code byte 0xE9} or {@code bytes 0xE2 0x80} */
    String hex() {
        StringBuilder sb = new StringBuilder(bytes.length == 1 ? "byte" : "bytes");
        for (byte b : bytes) {
            sb.append(String.format(Locale.ROOT, " 0x%02X", b & 0xFF));
        }
        return sb.toString();
    }

    /**
     * For UTF-8, names the likely real encoding: bytes 0x80–0x9F are Windows-1252's punctuation (curly
     * quotes, dashes, €), which Latin-1 maps to control characters; other bytes read the same in both.
     */
    private static String hint(Charset charset, byte first) {
        if (!charset.equals(StandardCharsets.UTF_8)) {
            return "convert it or pass the file's encoding with --encoding (e.g. utf-8)";
        }
        int b = first & 0xFF;
        return "convert it or pass --encoding " + (b >= 0x80 && b <= 0x9F ? "cp1252" : "latin-1");
    }
}
