package lmwb.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Dataset uploads, one folder per user; a file appears whole (temp file + rename) or not at all. */
final class Uploads {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}\\.(csv|tsv|jsonl|json)");

    private Uploads() {
    }

    /** @return whether {@code name} is a plain file name with a dataset extension */
    static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }

    /**
     * Stores an upload.
     *
     * @param folder the user's folder
     * @param name the file name
     * @param body the content
     * @param limit the largest size in bytes
     * @param replace whether an upload of that name may be replaced
     * @return the stored file
     * @throws ApiException 400 bad name or empty file, 409 exists, 413 too large
     * @throws IOException when it cannot be written
     */
    static Path store(Path folder, String name, InputStream body, long limit, boolean replace) throws IOException {
        if (!validName(name)) {
            throw new ApiException(400, "upload name '" + (name == null ? "" : shortened(name)) + "' is not allowed; "
                    + "give ?name=FILE.csv (letters, digits, . _ -; .csv, .tsv, .jsonl or .json)");
        }
        Files.createDirectories(folder);
        Path target = folder.resolve(name);
        if (Files.exists(target) && !replace) {
            throw new ApiException(409, "you already uploaded " + name + "; add ?replace=true to replace it");
        }
        Path tmp = Files.createTempFile(folder, ".upload-", ".tmp");
        try {
            long n = 0;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[65536];
                for (int r; (r = body.read(buf)) > 0;) {
                    n += r;
                    if (n > limit) {
                        throw new ApiException(413, "upload larger than the server's limit of " + limit / (1024 * 1024)
                                + " MB (upload_limit_mb)");
                    }
                    out.write(buf, 0, r);
                }
            }
            if (n == 0) {
                throw new ApiException(400, "the upload is empty; send the file as the request body");
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** @return the names of a user's uploads */
    static java.util.List<String> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return java.util.List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(Uploads::validName).sorted().toList();
        }
    }

    private static String shortened(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

}
