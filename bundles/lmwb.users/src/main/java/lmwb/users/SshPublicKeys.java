package lmwb.users;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * Checks OpenSSH public-key lines ({@code TYPE BASE64 [COMMENT]}, as in {@code id_ed25519.pub} and
 * {@code authorized_keys}): a known key type, and base64 that decodes to an SSH key blob naming the same type
 * (RFC 4253 section 6.6: the blob starts with the key type as a length-prefixed string).
 */
final class SshPublicKeys {
    /** The key types OpenSSH 9 accepts for user authentication. */
    static final Set<String> TYPES = Set.of("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com");
    private static final int MAX_LINE = 16384;

    private SshPublicKeys() {
    }

    /**
     * @param line one line of a {@code .pub} file
     * @return the line, trimmed
     * @throws IllegalArgumentException saying why the line is not an OpenSSH public key
     */
    static String validated(String line) {
        String l = line == null ? "" : line.strip();
        String expected = "expected 'TYPE BASE64 [COMMENT]' as in a .pub file, with TYPE one of "
                + String.join(", ", TYPES.stream().sorted().toList());
        if (l.contains("PRIVATE KEY")) {
            throw new IllegalArgumentException("this is a private key; give the public key (the .pub file) instead");
        }
        if (l.isEmpty() || l.length() > MAX_LINE || l.contains("\n") || l.contains("\r")) {
            throw new IllegalArgumentException("not an OpenSSH public key: " + expected);
        }
        String[] parts = l.split("\\s+", 3);
        if (parts.length < 2) {
            throw new IllegalArgumentException("not an OpenSSH public key: " + expected);
        }
        String type = parts[0];
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("not an OpenSSH public key: unknown key type '" + shorten(type) + "'; "
                    + expected);
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an OpenSSH public key: the key data after '" + type
                    + "' is not base64 (" + e.getMessage() + ")");
        }
        if (!type.equals(blobType(blob))) {
            throw new IllegalArgumentException("not an OpenSSH public key: the key data does not hold a " + type
                    + " key (damaged or cut off?)");
        }
        return l;
    }

    private static String blobType(byte[] blob) {
        if (blob.length < 4) {
            return null;
        }
        int length = ByteBuffer.wrap(blob, 0, 4).getInt();
        if (length <= 0 || length > 64 || blob.length < 4 + length + 4) {
            return null;
        }
        return new String(blob, 4, length, StandardCharsets.US_ASCII);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
