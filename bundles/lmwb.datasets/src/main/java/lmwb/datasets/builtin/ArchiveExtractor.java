package lmwb.datasets.builtin;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Extracts selected regular files from a jar (zip) or a gzipped tar (npm tarball), keeping their relative
 * paths. Tar support covers ustar with prefixes, pax {@code path} records and GNU long names, which is what
 * npm writes. Entries that would escape the target directory are rejected.
 */
final class ArchiveExtractor {
    private ArchiveExtractor() {
    }

    /**
     * @param jar the zip or jar file
     * @param wanted which entry names to keep
     * @param target the directory to write into
     * @return the number of files written
     * @throws IOException when reading or writing fails
     */
    static int unzip(Path jar, Predicate<String> wanted, Path target) throws IOException {
        int n = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (!e.isDirectory() && wanted.test(e.getName())) {
                    write(in, target, e.getName(), -1);
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * @param tgz the gzipped tar file
     * @param wanted which entry names to keep
     * @param target the directory to write into
     * @return the number of files written
     * @throws IOException when reading or writing fails or the archive is malformed
     */
    static int untar(Path tgz, Predicate<String> wanted, Path target) throws IOException {
        int n = 0;
        byte[] header = new byte[512];
        String longName = null;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
            while (true) {
                if (!readBlock(in, header)) {
                    break;
                }
                if (allZero(header)) {
                    break;
                }
                String name = text(header, 0, 100);
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                if ("ustar".equals(text(header, 257, 5))) {
                    String prefix = text(header, 345, 155);
                    if (!prefix.isEmpty()) {
                        name = prefix + "/" + name;
                    }
                }
                if (type == 'x' || type == 'L') {
                    byte[] data = in.readNBytes((int) size);
                    skip(in, pad(size));
                    longName = type == 'L' ? text(data, 0, data.length) : paxPath(data);
                    continue;
                }
                if (type == 'g') {
                    skip(in, size + pad(size));
                    continue;
                }
                if (longName != null) {
                    name = longName;
                    longName = null;
                }
                if ((type == '0' || type == 0) && wanted.test(name)) {
                    write(in, target, name, size);
                    skip(in, pad(size));
                    n++;
                } else {
                    skip(in, size + pad(size));
                }
            }
        }
        return n;
    }

    private static void write(InputStream in, Path target, String name, long size) throws IOException {
        Path out = target.resolve(name).normalize();
        if (!out.startsWith(target.normalize())) {
            throw new IOException("archive entry '" + name + "' points outside the target directory");
        }
        Files.createDirectories(out.getParent());
        try (OutputStream os = Files.newOutputStream(out)) {
            if (size < 0) {
                in.transferTo(os);
            } else {
                byte[] buf = new byte[1 << 16];
                long left = size;
                while (left > 0) {
                    int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (r < 0) {
                        throw new EOFException("archive ends inside entry '" + name + "'");
                    }
                    os.write(buf, 0, r);
                    left -= r;
                }
            }
        }
    }

    private static String paxPath(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        for (String rec : s.split("\n")) {
            int sp = rec.indexOf(' ');
            if (sp > 0 && rec.startsWith("path=", sp + 1)) {
                return rec.substring(sp + 6);
            }
        }
        return null;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int r = in.readNBytes(block, 0, block.length);
        if (r == 0) {
            return false;
        }
        if (r < block.length) {
            throw new EOFException("truncated tar header");
        }
        return true;
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("tar archive ends early");
                }
                s = 1;
            }
            left -= s;
        }
    }

    private static long pad(long size) {
        return (512 - size % 512) % 512;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len) throws IOException {
        String s = text(b, off, len).trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("malformed tar header size '" + s + "'", e);
        }
    }
}
