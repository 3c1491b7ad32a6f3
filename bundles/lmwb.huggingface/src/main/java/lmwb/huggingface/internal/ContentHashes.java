package lmwb.huggingface.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Content hashes of model files: sha256 of the weights (the identity of a model artifact, and the hub's
 * etag for LFS files) and the git blob sha1 (the hub's etag for small files). Hashes of user files are
 * remembered per path, size and modification time, so a model directory is hashed once per run.
 */
final class ContentHashes {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");
    private static final int BUFFER = 1 << 20;

    private final Map<String, String> remembered = new ConcurrentHashMap<>();

    /**
     * @param text a hub etag
     * @return whether it is a sha256 (LFS files)
     */
    static boolean isSha256(String text) {
        return SHA256.matcher(text).matches();
    }

    /**
     * @param text a hub etag
     * @return whether it is a git blob sha1 (files stored in git)
     */
    static boolean isGitSha1(String text) {
        return SHA1.matcher(text).matches();
    }

    /**
     * The sha256 of a weights file. In the hub cache a snapshot file links to {@code blobs/<sha256>}, so
     * the link target names the hash and the file is not read; otherwise the file is hashed.
     *
     * @param weights the weights file (possibly a link)
     * @return the sha256 in hex
     * @throws IOException when it cannot be read
     */
    String weightsSha256(Path weights) throws IOException {
        if (Files.isSymbolicLink(weights)) {
            Path target = Files.readSymbolicLink(weights).getFileName();
            if (target != null && isSha256(target.toString())) {
                return target.toString();
            }
        }
        Path real = weights.toRealPath();
        BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
        String key = real + "|" + attrs.size() + "|" + attrs.lastModifiedTime().toMillis();
        String known = remembered.get(key);
        if (known != null) {
            return known;
        }
        String computed = sha256(real);
        remembered.put(key, computed);
        return computed;
    }

    /**
     * @param file a file
     * @return its sha256 in hex
     * @throws IOException when it cannot be read
     */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = digest("SHA-256");
        update(digest, file);
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The id git gives a file's content: {@code sha1("blob " + length + "\0" + content)}.
     *
     * @param file a file
     * @return the git blob sha1 in hex
     * @throws IOException when it cannot be read
     */
    static String gitBlobSha1(Path file) throws IOException {
        MessageDigest digest = digest("SHA-1");
        digest.update(("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII));
        update(digest, file);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, Path file) throws IOException {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }
}
